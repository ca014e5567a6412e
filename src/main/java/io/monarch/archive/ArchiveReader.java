package io.monarch.archive;

import org.bson.BsonDocument;
import org.bson.BsonValue;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a mongodump archive (uncompressed; see {@code CompressionStreams.detect}), checking as it goes what
 * the format promises: the magic, the framing of every segment, each document's length and final zero, that
 * every namespace belongs to the prelude and ends exactly once, and each namespace's CRC-64 against its EOF
 * block. Anything else is an {@link ArchiveFormatException}, raised before the namespace in question is
 * reported ended, so a reader that commits a collection only at its end never commits damaged data.
 */
public final class ArchiveReader {
    private static final Set<String> HEADER_KEYS = Set.of("concurrent_collections", "version", "server_version", "tool_version");
    private static final Set<String> PRELUDE_KEYS = Set.of("db", "collection", "metadata", "size");
    private static final Set<String> NAMESPACE_HEADER_KEYS = Set.of("db", "collection", "EOF", "CRC");
    private final InputStream in;
    private final byte[] lengthBytes = new byte[4];
    private ArchiveHeader header;
    private List<ArchiveCollection> prelude;

    public ArchiveReader(InputStream in) {
        this.in = in;
    }

    /** What the archive's documents are handed to, in archive order. */
    public interface BodyVisitor {
        void document(String database, String collection, byte[] bson) throws IOException;

        /** The namespace is complete and its CRC checked. */
        void end(String database, String collection, long documents, long crc) throws IOException;
    }

    /** The header; read with the prelude. */
    public ArchiveHeader header() {
        return header;
    }

    /** Reads the magic, header and every collection's metadata, up to the prelude's terminator. */
    public List<ArchiveCollection> readPrelude() throws IOException {
        if (prelude != null) {
            return prelude;
        }
        byte[] magic = new byte[4];
        int read = in.readNBytes(magic, 0, 4);
        if (read < 4 || ArchiveDocuments.readInt(magic, 0) != ArchiveDocuments.MAGIC) {
            throw new ArchiveFormatException("this is not a mongodump archive (it does not start with the archive magic number)");
        }
        BsonDocument headerDocument = ArchiveDocuments.decode(required(nextBlock("the header"), "the header"), "header");
        ArchiveDocuments.checkKeys(headerDocument, HEADER_KEYS, Set.of(), "header");
        header = new ArchiveHeader((int) ArchiveDocuments.number(headerDocument, "concurrent_collections", "header"),
                ArchiveDocuments.string(headerDocument, "version", "header"),
                optionalString(headerDocument, "server_version"), optionalString(headerDocument, "tool_version"));
        List<ArchiveCollection> collections = new ArrayList<>();
        byte[] block;
        while ((block = nextBlock("the prelude")) != null) {
            BsonDocument d = ArchiveDocuments.decode(block, "prelude");
            ArchiveDocuments.checkKeys(d, PRELUDE_KEYS, Set.of("type"), "prelude entry " + d.get("db") + "." + d.get("collection"));
            collections.add(new ArchiveCollection(ArchiveDocuments.string(d, "db", "prelude"),
                    ArchiveDocuments.string(d, "collection", "prelude"), optionalString(d, "metadata"),
                    d.isNumber("size") ? d.getNumber("size").longValue() : 0, optionalString(d, "type")));
        }
        prelude = List.copyOf(collections);
        return prelude;
    }

    /** Reads every namespace segment to the end of the stream, then checks every collection was ended. */
    public void readBody(BodyVisitor visitor) throws IOException {
        Map<String, ArchiveCollection> expected = new LinkedHashMap<>();
        for (ArchiveCollection c : readPrelude()) {
            expected.put(c.dataNamespace(), c);
        }
        Map<String, Progress> progress = new HashMap<>();
        while (true) {
            byte[] headerBlock = nextBlockOrEnd();
            if (headerBlock == null) {
                break;
            }
            BsonDocument nsHeader = ArchiveDocuments.decode(headerBlock, "namespace header");
            ArchiveDocuments.checkKeys(nsHeader, NAMESPACE_HEADER_KEYS, Set.of(), "namespace header");
            String db = ArchiveDocuments.string(nsHeader, "db", "namespace header");
            String collection = ArchiveDocuments.string(nsHeader, "collection", "namespace header");
            String namespace = db + "." + collection;
            if (!expected.containsKey(namespace) && expected.containsKey(db + "." + ArchiveCollection.BUCKETS_PREFIX + collection)) {
                namespace = db + "." + ArchiveCollection.BUCKETS_PREFIX + collection; // a time-series collection's own name (MongoDB 8.3+)
                collection = ArchiveCollection.BUCKETS_PREFIX + collection;
            }
            if (!expected.containsKey(namespace)) {
                throw new ArchiveFormatException("the archive holds documents of " + namespace + ", which its prelude does not list");
            }
            Progress p = progress.computeIfAbsent(namespace, k -> new Progress());
            if (p.ended) {
                throw new ArchiveFormatException("the archive continues " + namespace + " after its end");
            }
            BsonValue eof = nsHeader.get("EOF");
            long headerCrc = ArchiveDocuments.number(nsHeader, "CRC", "namespace header");
            if (eof == null || !eof.isBoolean()) {
                throw new ArchiveFormatException("a namespace header of " + namespace + " has no boolean EOF field: the archive is damaged");
            }
            if (eof.asBoolean().getValue()) {
                if (nextBlock("the EOF block of " + namespace) != null) {
                    throw new ArchiveFormatException("the EOF block of " + namespace + " is not followed by a terminator");
                }
                if (headerCrc != p.crc.value()) {
                    throw new ArchiveFormatException("the documents of " + namespace + " do not match their CRC (computed "
                            + Long.toUnsignedString(p.crc.value(), 16) + ", archive says " + Long.toUnsignedString(headerCrc, 16)
                            + "): the archive is damaged");
                }
                p.ended = true;
                visitor.end(db, collection, p.documents, headerCrc);
                continue;
            }
            if (headerCrc != 0) {
                throw new ArchiveFormatException("a segment header of " + namespace + " carries a CRC, which only an EOF block may: the archive is damaged");
            }
            byte[] document;
            while ((document = nextBlock("a segment of " + namespace)) != null) {
                p.crc.update(document, 0, document.length);
                p.documents++;
                visitor.document(db, collection, document);
            }
        }
        for (Map.Entry<String, ArchiveCollection> entry : expected.entrySet()) {
            Progress p = progress.get(entry.getKey());
            boolean ended = p != null && p.ended;
            if (!ended && !entry.getValue().isView()) {
                throw new ArchiveFormatException("the archive ends before collection " + entry.getKey()
                        + " is complete: it is truncated");
            }
        }
    }

    private static final class Progress {
        final Crc64 crc = new Crc64();
        long documents;
        boolean ended;
    }

    /** The next document, or null at a terminator; the stream must not end here. */
    private byte[] nextBlock(String where) throws IOException {
        if (in.readNBytes(lengthBytes, 0, 4) < 4) {
            throw truncated(where);
        }
        return block(where);
    }

    /** As {@link #nextBlock}, but a clean end of the stream (between segments) gives null too. */
    private byte[] nextBlockOrEnd() throws IOException {
        int read = in.readNBytes(lengthBytes, 0, 4);
        if (read == 0) {
            return null;
        }
        if (read < 4) {
            throw truncated("a namespace header");
        }
        byte[] block = block("a namespace header");
        if (block == null) {
            throw new ArchiveFormatException("the archive has a terminator where a namespace header belongs: it is damaged");
        }
        return block;
    }

    private byte[] block(String where) throws IOException {
        int length = ArchiveDocuments.readInt(lengthBytes, 0);
        if (length == ArchiveDocuments.TERMINATOR) {
            return null;
        }
        if (length < ArchiveDocuments.MIN_DOCUMENT || length > ArchiveDocuments.MAX_DOCUMENT) {
            throw new ArchiveFormatException("in " + where + ", " + Integer.toUnsignedString(length)
                    + " is neither a BSON document length nor a terminator: the archive is damaged");
        }
        byte[] document = new byte[length];
        System.arraycopy(lengthBytes, 0, document, 0, 4);
        if (in.readNBytes(document, 4, length - 4) < length - 4) {
            throw truncated(where);
        }
        if (document[length - 1] != 0) {
            throw new ArchiveFormatException("in " + where + ", a document does not end with its zero byte: the archive is damaged");
        }
        return document;
    }

    private static ArchiveFormatException truncated(String where) {
        return new ArchiveFormatException("the archive ends in the middle of " + where + ": it is truncated");
    }

    private static byte[] required(byte[] block, String what) throws ArchiveFormatException {
        if (block == null) {
            throw new ArchiveFormatException("the archive has a terminator where " + what + " belongs");
        }
        return block;
    }

    private static String optionalString(BsonDocument document, String key) {
        BsonValue value = document.get(key);
        return value != null && value.isString() ? value.asString().getValue() : "";
    }
}
