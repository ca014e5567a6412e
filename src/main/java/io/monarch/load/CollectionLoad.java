package io.monarch.load;

import com.mongodb.client.model.InsertManyOptions;
import io.monarch.concurrent.Workers;
import io.monarch.intent.ContentHash;
import org.bson.RawBsonDocument;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** One collection being loaded: its staging collection, its insertion workers, what it was fed. */
final class CollectionLoad {
    private final StagedLoad load;
    final String name;
    final String staging;
    /** The hash and count of every document fed (and of the segments a resumed run had finished). */
    final ContentHash hash = new ContentHash();
    final AtomicLong expected = new AtomicLong();
    final AtomicLong inserted = new AtomicLong();
    final AtomicInteger open = new AtomicInteger();
    final AtomicInteger fed = new AtomicInteger();
    /** The segments still to feed; when the last has ended, the workers stop once their inserts are done. */
    private final AtomicInteger remaining = new AtomicInteger(-1);
    /** The segments not yet loaded whole; when none is left, progress is told the collection is done. */
    private final AtomicInteger unloaded = new AtomicInteger(-1);
    final ExecutorService workers;
    /** Batches in flight or queued: readers wait when the workers are behind, so memory stays flat. */
    final Semaphore slots;

    CollectionLoad(StagedLoad load, String name, String staging) {
        this.load = load;
        this.name = name;
        this.staging = staging;
        this.workers = Workers.fixed("insert", load.options().insertionWorkers());
        this.slots = new Semaphore(2 * load.options().insertionWorkers());
    }

    void start(int feeds) {
        remaining.compareAndSet(-1, feeds);
        unloaded.compareAndSet(-1, feeds);
        open.incrementAndGet();
    }

    void insert(List<RawBsonDocument> batch, long bytes, Feed feed) throws IOException {
        try {
            slots.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted");
        }
        feed.pending().incrementAndGet();
        try {
            workers.execute(() -> {
                try {
                    if (load.failure().get() == null) {
                        load.target().getCollection(staging, RawBsonDocument.class).insertMany(batch,
                                new InsertManyOptions().ordered(false).bypassDocumentValidation(true));
                        load.progress().moved(name, batch.size(), bytes);
                        inserted.addAndGet(batch.size());
                        feed.release();
                    }
                } catch (Throwable t) {
                    load.failure().compareAndSet(null, t);
                } finally {
                    slots.release();
                }
            });
        } catch (RuntimeException rejected) {
            slots.release();
            load.rethrowFailure();
            throw new IOException("inserting into " + load.target().getName() + " stopped", rejected);
        }
    }

    /** A feed ended and its inserts are in. */
    void ended(Feed feed) {
        open.decrementAndGet();
        fed.incrementAndGet();
        if (remaining.decrementAndGet() == 0) {
            workers.shutdown();
        }
    }

    void segmentLoaded(Feed feed) {
        if (load.resumePlan() != null) {
            load.held().finished(feed.segment(), feed.documents(), feed.hash());
        }
        if (unloaded.decrementAndGet() == 0) {
            load.progress().finished(name);
        }
    }

    /** Waits for the inserts (the workers stop once every segment has ended). */
    void finish() throws IOException {
        workers.shutdown();
        if (!Workers.finish(workers, 7 * 24 * 3600)) {
            throw new IOException("inserts did not finish");
        }
    }
}
