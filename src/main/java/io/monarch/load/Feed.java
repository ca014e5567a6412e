package io.monarch.load;

import io.monarch.intent.ContentHash;
import io.monarch.intent.Segment;
import org.bson.BSONException;
import org.bson.RawBsonDocument;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The documents of one segment, from one reader: batched (at most {@value #BATCH_DOCUMENTS} documents or about
 * 4 MiB, never over 16 MiB) and handed to the collection's insertion workers. Once it has ended and its last
 * batch is in, the segment is written down as finished.
 */
final class Feed {
    private static final int BATCH_DOCUMENTS = 1000;
    private static final int BATCH_BYTES = 4 << 20;
    /** What one insert may carry: the server's largest document, and so the most a batch is ever let grow to. */
    private static final int MAX_BATCH_BYTES = 16 << 20;

    private final StagedLoad load;
    private final CollectionLoad collection;
    private final Segment segment;
    private List<RawBsonDocument> batch = new ArrayList<>();
    private long batchBytes;
    /** Documents read from the source (a time-series collection's buckets) and documents loaded (its measurements). */
    private long read;
    private long documents;
    private long hash;
    /** The feed itself until it ends, and each batch until it is in. */
    private final AtomicInteger pending = new AtomicInteger(1);
    /**
     * A segment the run resumed had loaded, read again from a stream that cannot skip it (an archive): only
     * hashed, to check that it is what was loaded.
     */
    private final boolean check;

    Feed(StagedLoad load, CollectionLoad collection, Segment segment, boolean check) {
        this.load = load;
        this.collection = collection;
        this.segment = segment;
        this.check = check;
    }

    void document(RawBsonDocument document) throws IOException {
        if (load.failure().get() != null) {
            load.rethrowFailure();
        }
        read++;
        try {
            if (load.timeseries().unpacks(collection.name)) {
                for (RawBsonDocument measurement : load.timeseries().unpack(collection.name, document)) {
                    take(measurement);
                }
            } else {
                take(document);
            }
        } catch (BSONException | IllegalArgumentException | IndexOutOfBoundsException | java.nio.BufferUnderflowException e) {
            // bytes that frame as a document but do not read as one: damage no checksum has caught yet
            throw new IOException("document " + read + " of collection " + collection.name + " is not valid BSON ("
                    + e.getMessage() + "): the dump is damaged", e);
        }
    }

    private void take(RawBsonDocument document) throws IOException {
        if (check) {
            hash += ContentHash.of(document);
            documents++;
            return;
        }
        if (load.held().embedded()) {
            Optional<String> unstorable = StorableValues.firstUnstorable(document);
            if (unstorable.isPresent()) {
                throw new IOException("collection " + collection.name + ", document _id " + StorableValues.idOf(document) + ": "
                        + unstorable.get() + ", which the embedded server cannot store (restore it into a real MongoDB)");
            }
        }
        int size = document.getByteBuffer().remaining();
        if (!batch.isEmpty() && batchBytes + size > MAX_BATCH_BYTES) {
            send();
        }
        batch.add(document);
        batchBytes += size;
        hash += ContentHash.of(document);
        documents++;
        if (batch.size() >= BATCH_DOCUMENTS || batchBytes >= BATCH_BYTES) {
            send();
        }
    }

    private void send() throws IOException {
        List<RawBsonDocument> taken = batch;
        long bytes = batchBytes;
        batch = new ArrayList<>();
        batchBytes = 0;
        collection.insert(taken, bytes, this);
    }

    /** Every document of the segment was fed. */
    void end() throws IOException {
        if (check) {
            ResumeState.Finished loadedBefore = load.held().resumed().finished().get(segment.collection()).get(segment.index());
            if (loadedBefore.documents() != documents || loadedBefore.hash() != hash) {
                throw new CannotResume("cannot resume: " + segment.describe() + " now holds " + documents + " documents (content hash "
                        + ContentHash.hex(hash) + ") where the stopped run loaded " + loadedBefore.documents() + " ("
                        + ContentHash.hex(loadedBefore.hash()) + "): the dump changed");
            }
            collection.fed.incrementAndGet();
            return;
        }
        if (!batch.isEmpty()) {
            send();
        }
        collection.hash.add(hash, documents);
        collection.expected.addAndGet(documents);
        load.loaded().addAndGet(documents);
        collection.ended(this);
        release();
        load.rethrowFailure();
    }

    long documents() {
        return documents;
    }

    void release() {
        if (pending.decrementAndGet() == 0) {
            try {
                collection.segmentLoaded(this);
            } catch (RuntimeException e) {
                load.failure().compareAndSet(null, e);
            }
        }
    }

    /** Documents read from the source (for a time-series collection, its buckets). */
    long read() {
        return read;
    }

    Segment segment() {
        return segment;
    }

    long hash() {
        return hash;
    }

    AtomicInteger pending() {
        return pending;
    }
}
