package io.monarch.mongo;

import de.bwaldvogel.mongo.backend.AbstractCursor;
import de.bwaldvogel.mongo.bson.Document;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * A cursor of the embedded server that ends its batches where mongod does: at the number of documents asked for,
 * or before the document that would take the batch past 16 MiB, and never empty while documents are left. Every
 * cursor the embedded server hands a client is one of these ({@link CursorLimits}), whatever the back end, so a
 * reply never outgrows what a client reads (48 MB). It reads one document ahead, to know whether it is done.
 */
abstract class BatchedCursor extends AbstractCursor {
    /** The first batch of a find or an aggregate that asks for no batch size, as mongod's. */
    static final int DEFAULT_FIRST_BATCH = 101;
    /** The most documents a batch holds, in BSON bytes: mongod's BSONObjMaxUserSize. */
    static final int MAX_BATCH_BYTES = 16 << 20;

    /** A document read for a batch, and the most bytes it takes there (its size as BSON, or more). */
    record Next(Document document, int bytes) {
    }

    private Next pending;
    private boolean exhausted;

    BatchedCursor(long id) {
        super(id);
    }

    /** A cursor over documents already at hand (a list's iterator, which it reads as the client asks). */
    static BatchedCursor over(long id, Iterator<Document> documents) {
        return new BatchedCursor(id) {
            @Override
            protected Next read() {
                if (!documents.hasNext()) {
                    return null;
                }
                Document document = documents.next();
                return new Next(document, BsonDocuments.size(document));
            }
        };
    }

    /** The next document, or null when there is none. */
    protected abstract Next read();

    /**
     * What each batch is sent as, once read: the documents as they are, unless a subclass turns them into what the
     * client asked for (a projection); a subclass that keeps a reader open between reads lets go of it here.
     */
    protected List<Document> batchRead(List<Document> batch) {
        return batch;
    }

    @Override
    public synchronized boolean isEmpty() {
        return pending == null && exhausted;
    }

    /** The next batch: {@code count} documents (0: as many as 16 MiB holds), fewer at 16 MiB, at least one if any is left. */
    @Override
    public synchronized List<Document> takeDocuments(int count) {
        int wanted = count > 0 ? count : Integer.MAX_VALUE;
        List<Document> batch = new ArrayList<>();
        long bytes = 0;
        while (true) {
            Next next = pending != null ? pending : exhausted ? null : read();
            pending = null;
            if (next == null) {
                exhausted = true;
                break;
            }
            if (!batch.isEmpty() && (batch.size() >= wanted || bytes + next.bytes() > MAX_BATCH_BYTES)) {
                pending = next;
                break;
            }
            batch.add(next.document());
            bytes += next.bytes();
        }
        return batchRead(batch);
    }

    /** Every document left, read {@code perBatch} at a time: for the server's own callers, which take all of them. */
    Iterator<Document> remaining(int perBatch) {
        return new Iterator<>() {
            private Iterator<Document> batch = Collections.emptyIterator();

            @Override
            public boolean hasNext() {
                while (!batch.hasNext() && !isEmpty()) {
                    batch = takeDocuments(perBatch).iterator();
                }
                return batch.hasNext();
            }

            @Override
            public Document next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return batch.next();
            }
        };
    }
}
