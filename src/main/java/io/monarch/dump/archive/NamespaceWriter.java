package io.monarch.dump.archive;

import org.bson.RawBsonDocument;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * One collection's documents on their way into the archive. Documents gather in a segment buffer of
 * {@value #SEGMENT_BYTES} bytes, written to the archive whole, so collections dumped in parallel interleave
 * in large segments. Closing writes the collection's EOF block with its CRC. Used by one thread.
 */
public final class NamespaceWriter implements Closeable {
    static final int SEGMENT_BYTES = 1 << 20;

    private final ArchiveWriter archive;
    private final String database;
    private final String collection;
    private final Crc64 crc = new Crc64();
    private final byte[] segment = new byte[SEGMENT_BYTES];
    private int used;
    private long documents;
    private long bytes;
    private boolean closed;

    NamespaceWriter(ArchiveWriter archive, String database, String collection) {
        this.archive = archive;
        this.database = database;
        this.collection = collection;
    }

    /** One whole BSON document, as it came from the cursor. */
    public void write(byte[] document, int offset, int length) throws IOException {
        if (closed) {
            throw new IOException("the writer of " + database + "." + collection + " is closed");
        }
        if (length < ArchiveDocuments.MIN_DOCUMENT || ArchiveDocuments.readInt(document, offset) != length
                || document[offset + length - 1] != 0) {
            throw new IOException("not a whole BSON document (" + length + " bytes) in " + database + "." + collection);
        }
        crc.update(document, offset, length);
        documents++;
        bytes += length;
        if (used + length > segment.length) {
            flush();
        }
        if (length > segment.length) {
            archive.segment(database, collection, document, offset, length);
        } else {
            System.arraycopy(document, offset, segment, used, length);
            used += length;
        }
    }

    public void write(RawBsonDocument document) throws IOException {
        ByteBuffer buffer = document.getByteBuffer().asNIO();
        if (buffer.hasArray()) {
            write(buffer.array(), buffer.arrayOffset() + buffer.position(), buffer.remaining());
        } else {
            byte[] copy = new byte[buffer.remaining()];
            buffer.get(copy);
            write(copy, 0, copy.length);
        }
    }

    public long documents() {
        return documents;
    }

    public long bytes() {
        return bytes;
    }

    public long crc() {
        return crc.value();
    }

    private void flush() throws IOException {
        if (used > 0) {
            archive.segment(database, collection, segment, 0, used);
            used = 0;
        }
    }

    /** Writes what is buffered and the EOF block. Closing twice does nothing. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        flush();
        archive.end(database, collection, crc.value());
    }
}
