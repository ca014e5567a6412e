package io.monarch.archive;

import org.bson.BsonBoolean;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonInt64;
import org.bson.BsonString;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Writes the stream {@code mongodump --archive} writes: magic, header, one metadata document per collection,
 * a terminator, then the collections' documents in namespace segments, interleaved as the collections are
 * dumped in parallel, each collection closed by an EOF block with the CRC-64 of its documents.
 *
 * <p>Each {@link NamespaceWriter} gathers its documents into segments of its own and hands a whole segment
 * here at a time; writing to the stream is serialised here. The stream is neither closed nor compressed here.
 */
public final class ArchiveWriter implements Closeable {
    private static final byte[] TERMINATOR = {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF};

    private final OutputStream out;
    private final Set<String> declared = new HashSet<>();
    private final Set<String> open = new HashSet<>();
    private final Set<String> ended = new HashSet<>();
    /** The namespace whose segment was written last and is not yet terminated; null between segments. */
    private String currentSegment;
    private IOException failure;
    private boolean closed;

    /** Writes the magic, header and prelude at once. */
    public ArchiveWriter(OutputStream out, ArchiveHeader header, List<ArchiveCollection> collections) throws IOException {
        this.out = out;
        byte[] magic = new byte[4];
        ArchiveDocuments.writeInt(magic, 0, ArchiveDocuments.MAGIC);
        out.write(magic);
        out.write(ArchiveDocuments.encode(new BsonDocument()
                .append("concurrent_collections", new BsonInt32(header.concurrentCollections()))
                .append("version", new BsonString(header.formatVersion()))
                .append("server_version", new BsonString(header.serverVersion()))
                .append("tool_version", new BsonString(header.toolVersion()))));
        for (ArchiveCollection c : collections) {
            out.write(ArchiveDocuments.encode(new BsonDocument()
                    .append("db", new BsonString(c.database()))
                    .append("collection", new BsonString(c.collection()))
                    .append("metadata", new BsonString(c.metadataJson()))
                    .append("size", ArchiveDocuments.integer(c.size()))
                    .append("type", new BsonString(c.type()))));
            declared.add(c.dataNamespace());
        }
        out.write(TERMINATOR);
    }

    /**
     * A writer for one collection's documents. Its collection must be in the prelude; a view gets one too, closed
     * with no documents: mongorestore waits for every prelude namespace to end in the body. A time-series
     * collection's documents (its buckets) go under its buckets' namespace.
     */
    public synchronized NamespaceWriter namespace(String database, String collection) {
        String namespace = database + "." + collection;
        if (!declared.contains(namespace) && declared.contains(database + "." + ArchiveCollection.BUCKETS_PREFIX + collection)) {
            collection = ArchiveCollection.BUCKETS_PREFIX + collection; // a time-series collection's buckets, as mongodump writes them
            namespace = database + "." + collection;
        }
        if (!declared.contains(namespace)) {
            throw new IllegalArgumentException(namespace + " is not in the archive's prelude");
        }
        if (!open.add(namespace)) {
            throw new IllegalStateException(namespace + " already has a writer");
        }
        return new NamespaceWriter(this, database, collection);
    }

    /** Writes documents (whole BSON documents back to back) of one namespace. */
    synchronized void segment(String database, String collection, byte[] documents, int offset, int length) throws IOException {
        checkUsable();
        String namespace = database + "." + collection;
        try {
            if (!namespace.equals(currentSegment)) {
                if (currentSegment != null) {
                    out.write(TERMINATOR);
                }
                out.write(namespaceHeader(database, collection, false, 0));
                currentSegment = namespace;
            }
            out.write(documents, offset, length);
        } catch (IOException e) {
            failure = e;
            throw e;
        }
    }

    /** Ends a namespace: its EOF block with the CRC of all its documents. */
    synchronized void end(String database, String collection, long crc) throws IOException {
        checkUsable();
        try {
            if (currentSegment != null) {
                out.write(TERMINATOR);
                currentSegment = null;
            }
            out.write(namespaceHeader(database, collection, true, crc));
            out.write(TERMINATOR);
            open.remove(database + "." + collection);
            ended.add(database + "." + collection);
        } catch (IOException e) {
            failure = e;
            throw e;
        }
    }

    private void checkUsable() throws IOException {
        if (failure != null) {
            throw new IOException("an earlier write to the archive failed: " + failure.getMessage(), failure);
        }
        if (closed) {
            throw new IOException("the archive is already closed");
        }
    }

    private static byte[] namespaceHeader(String database, String collection, boolean eof, long crc) {
        return ArchiveDocuments.encode(new BsonDocument()
                .append("db", new BsonString(database))
                .append("collection", new BsonString(collection))
                .append("EOF", BsonBoolean.valueOf(eof))
                .append("CRC", new BsonInt64(crc)));
    }

    /** Checks every namespace was ended and flushes; the stream itself stays open for its owner to close. */
    @Override
    public synchronized void close() throws IOException {
        if (closed) {
            return;
        }
        checkUsable();
        closed = true;
        if (!open.isEmpty()) {
            throw new IOException("the archive was closed while collections were still being written: " + open);
        }
        if (!ended.containsAll(declared)) {
            Set<String> never = new HashSet<>(declared);
            never.removeAll(ended);
            throw new IOException("the archive was closed before these namespaces of its prelude ended: " + never);
        }
        out.flush();
    }
}
