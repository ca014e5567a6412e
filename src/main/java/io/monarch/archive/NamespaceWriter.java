package io.monarch.archive;

import org.bson.RawBsonDocument;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One collection's documents on their way into the archive. Documents gather in a segment buffer of
 * {@value #SEGMENT_BYTES} bytes, written to the archive whole, so collections dumped in parallel interleave
 * in large segments. Closing writes the collection's EOF block with its CRC.
 *
 * <p>One thread writes through {@link #write}; several threads reading one collection's {@code _id} ranges each
 * write through a {@link Part} of their own. A part's buffer goes into the archive whole, and the collection's
 * CRC-64 takes its bytes at that moment, under this writer's lock: the CRC is of the documents in archive order,
 * which is what mongorestore checks.
 */
public final class NamespaceWriter implements Closeable {
    static final int SEGMENT_BYTES = 1 << 20;

    private final ArchiveWriter archive;
    private final String database;
    private final String collection;
    private final Crc64 crc = new Crc64();
    private final Set<Part> open = ConcurrentHashMap.newKeySet();
    private Part own;
    private long documents;
    private long bytes;
    private boolean closed;

    NamespaceWriter(ArchiveWriter archive, String database, String collection) {
        this.archive = archive;
        this.database = database;
        this.collection = collection;
    }

    /** A writer of some of the collection's documents, for one thread; close it before this writer. */
    public Part part() throws IOException {
        synchronized (this) {
            if (closed) {
                throw new IOException("the writer of " + database + "." + collection + " is closed");
            }
        }
        Part part = new Part();
        open.add(part);
        return part;
    }

    /** One whole BSON document, as it came from the cursor (one thread; see {@link #part}). */
    public void write(byte[] document, int offset, int length) throws IOException {
        if (own == null) {
            own = part();
        }
        own.write(document, offset, length);
    }

    public void write(RawBsonDocument document) throws IOException {
        if (own == null) {
            own = part();
        }
        own.write(document);
    }

    public synchronized long documents() {
        return documents;
    }

    public synchronized long bytes() {
        return bytes;
    }

    public synchronized long crc() {
        return crc.value();
    }

    /** Whole documents, back to back, into the archive, and into the CRC in the same order. */
    private synchronized void append(byte[] buffer, int offset, int length, int count) throws IOException {
        if (closed) {
            throw new IOException("the writer of " + database + "." + collection + " is closed");
        }
        crc.update(buffer, offset, length);
        documents += count;
        bytes += length;
        archive.segment(database, collection, buffer, offset, length);
    }

    /** Writes what is buffered and the EOF block. Closing twice does nothing. */
    @Override
    public void close() throws IOException {
        if (own != null) {
            own.close();
        }
        synchronized (this) {
            if (closed) {
                return;
            }
            if (!open.isEmpty()) {
                throw new IOException("the writer of " + database + "." + collection + " was closed while " + open.size()
                        + " of its parts were still writing");
            }
            closed = true;
            archive.end(database, collection, crc.value());
        }
    }

    /** Some of the collection's documents, gathered by one thread into a segment of its own. */
    public final class Part implements Closeable {
        private final byte[] segment = new byte[SEGMENT_BYTES];
        private int used;
        private int count;
        private boolean partClosed;

        private Part() {
        }

        public void write(byte[] document, int offset, int length) throws IOException {
            if (partClosed) {
                throw new IOException("a writer of " + database + "." + collection + " is closed");
            }
            if (length < ArchiveDocuments.MIN_DOCUMENT || ArchiveDocuments.readInt(document, offset) != length
                    || document[offset + length - 1] != 0) {
                throw new IOException("not a whole BSON document (" + length + " bytes) in " + database + "." + collection);
            }
            if (used + length > segment.length) {
                flush();
            }
            if (length > segment.length) {
                append(document, offset, length, 1);
            } else {
                System.arraycopy(document, offset, segment, used, length);
                used += length;
                count++;
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

        private void flush() throws IOException {
            if (used > 0) {
                append(segment, 0, used, count);
                used = 0;
                count = 0;
            }
        }

        /** Writes what is buffered. Closing twice does nothing. */
        @Override
        public void close() throws IOException {
            if (partClosed) {
                return;
            }
            partClosed = true;
            try {
                flush();
            } finally {
                open.remove(this);
            }
        }
    }
}
