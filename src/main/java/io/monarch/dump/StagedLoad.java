package io.monarch.dump;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.InsertManyOptions;
import io.monarch.api.MonarchException;
import io.monarch.api.Progress;
import io.monarch.concurrent.Workers;
import org.bson.BsonDocument;
import org.bson.BsonString;
import org.bson.RawBsonDocument;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Loads collections into a target database without touching what is there until everything is in: each
 * collection goes into a staging collection (batched inserts, several at once), its count is checked, its
 * indexes are built after the data, and only then are they swapped in ({@link CollectionSwap}). Restore and
 * copy_db both feed it, a collection's documents then its end; it counts what it loaded.
 */
final class StagedLoad implements AutoCloseable {
    private static final int BATCH_DOCUMENTS = 1000;
    private static final int BATCH_BYTES = 4 << 20;

    private final HeldTarget held;
    private final MongoDatabase target;
    private final Map<String, CollectionIntent> intents = new LinkedHashMap<>();
    private final boolean replacesAll;
    private final Set<String> untouchable;
    private final Progress progress;
    private final Consumer<String> warnings;
    private final StagingCollections staging;
    private final Map<String, Batch> batches = new HashMap<>();
    private final Map<String, Long> expected = new ConcurrentHashMap<>();
    /** Documents inserted so far per collection, and the collections whose every document is in: for progress. */
    private final Map<String, AtomicLong> inserted = new ConcurrentHashMap<>();
    private final Set<String> reportedFinished = ConcurrentHashMap.newKeySet();
    private final AtomicLong loaded = new AtomicLong();
    private final ThreadPoolExecutor inserters;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    /**
     * Held by the swap and by abort. A Ctrl-C during the swap lets it finish (half a swap would leave the
     * target mixed); an abort from the Ctrl-C hook makes the writer's own abort wait until it is done, so the
     * connection is not closed under it.
     */
    private final Object swapping = new Object();
    private boolean committed;
    private boolean aborted;

    /**
     * @param replacesAll whether the target ends holding only these collections (a whole restore or copy), or keeps
     *                    its others (some collections restored)
     */
    StagedLoad(HeldTarget held, List<CollectionIntent> collections, boolean replacesAll, int parallelism,
               Progress progress, Consumer<String> warnings) {
        this.held = held;
        this.target = held.database();
        this.replacesAll = replacesAll;
        this.untouchable = held.untouchable();
        this.progress = progress;
        this.warnings = warnings;
        this.staging = new StagingCollections(target, held.staging(), warnings);
        for (CollectionIntent intent : collections) {
            if (!untouchable.contains(intent.name()) && !intent.name().startsWith("system.")) {
                intents.put(intent.name(), intent);
            }
        }
        // the reader waits when the inserters are behind, so memory stays flat
        this.inserters = Workers.bounded("insert", parallelism);
    }

    public List<CollectionIntent> collections() {
        return List.copyOf(intents.values());
    }

    public List<String> collectionNames() {
        return List.copyOf(intents.keySet());
    }

    /** The documents loaded (monarch's own collections, read past, are not counted). */
    public long documents() {
        return loaded.get();
    }

    /** Whether the load brings a migration history (the tracking collection) with its data. */
    boolean bringsHistory() {
        return intents.containsKey(held.tracking());
    }

    /** Creates the staging collections, with their options where this server has them. */
    public void prepare() {
        for (CollectionIntent intent : intents.values()) {
            if (!intent.isView()) {
                staging.create(intent);
                batches.put(intent.name(), new Batch());
            }
        }
    }

    /**
     * Takes one document of a collection; inserts run in the background in batches. One thread per
     * collection at a time (several collections may be fed from several threads).
     */
    public void document(String collection, byte[] bson) throws IOException {
        document(collection, new RawBsonDocument(bson));
    }

    public void document(String collection, RawBsonDocument document) throws IOException {
        rethrowFailure();
        if (held.embedded()) {
            Optional<String> unstorable = StorableValues.firstUnstorable(document);
            if (unstorable.isPresent()) {
                throw new IOException("collection " + collection + ", document _id " + StorableValues.idOf(document) + ": "
                        + unstorable.get() + ", which the embedded server cannot store (restore it into a real MongoDB)");
            }
        }
        Batch batch = batches.get(collection);
        if (batch == null) {
            if (untouchable.contains(collection) || intents.containsKey(collection)) {
                return; // monarch's own collections are never restored; a view has no documents
            }
            throw new IOException("documents for collection " + collection + ", which the dump's list of collections does not hold");
        }
        batch.add(document);
        if (batch.full()) {
            submit(collection, batch.take());
        }
    }

    /** The collection is complete; its staging count is checked against {@code documents} before the swap. */
    public void end(String collection, long documents) throws IOException {
        Batch batch = batches.get(collection);
        if (batch != null && !batch.documents.isEmpty()) {
            submit(collection, batch.take());
        }
        expected.merge(collection, documents, Long::sum);
        if (intents.containsKey(collection)) {
            loaded.addAndGet(documents);
        }
        reportIfFinished(collection);
        rethrowFailure();
    }

    private void submit(String collection, List<RawBsonDocument> documents) {
        String stagingName = staging.nameOf(collection);
        inserters.execute(() -> {
            if (failure.get() != null) {
                return;
            }
            try {
                MongoCollection<RawBsonDocument> into = target.getCollection(stagingName, RawBsonDocument.class);
                into.insertMany(documents, new InsertManyOptions().ordered(false).bypassDocumentValidation(true));
                long bytes = 0;
                for (RawBsonDocument d : documents) {
                    bytes += d.getByteBuffer().remaining();
                }
                progress.moved(collection, documents.size(), bytes);
                inserted.computeIfAbsent(collection, c -> new AtomicLong()).addAndGet(documents.size());
                reportIfFinished(collection);
            } catch (Throwable t) {
                failure.compareAndSet(null, t);
            }
        });
    }

    /** Tells progress once the collection has ended and its last insert is in, whichever comes second. */
    private void reportIfFinished(String collection) {
        Long want = expected.get(collection);
        AtomicLong have = inserted.get(collection);
        if (want != null && (have == null ? 0 : have.get()) >= want && reportedFinished.add(collection)) {
            progress.finished(collection);
        }
    }

    private void rethrowFailure() throws IOException {
        Throwable t = failure.get();
        if (t != null) {
            throw new IOException("inserting into " + target.getName() + " failed: " + t.getMessage(), t);
        }
    }

    /**
     * Everything is read: waits for the inserts, checks each staging count, builds the indexes, swaps the
     * collections in and drops the target's others. Until the first swap, nothing of the target has changed.
     */
    public void commit() throws IOException {
        if (!Workers.finish(inserters, 7 * 24 * 3600)) {
            throw new IOException("inserts did not finish");
        }
        rethrowFailure();
        for (String collection : batches.keySet()) {
            long want = expected.getOrDefault(collection, -1L);
            if (want < 0) {
                throw new IOException("the dump ended before collection " + collection + " was complete: it is truncated");
            }
            long have = staging.count(collection);
            if (have != want) {
                throw new IOException(collection + ": " + have + " documents were loaded where the dump holds " + want);
            }
        }
        progress.phase("building indexes on " + collections(batches.size()));
        for (CollectionIntent intent : intents.values()) {
            if (!intent.isView()) {
                staging.buildIndexes(intent);
            }
        }
        SwapPlan plan = swapPlan();
        synchronized (swapping) {
            if (aborted) {
                throw new IOException("aborted before the swap; the target is unchanged");
            }
            held.swapping(plan);
            progress.phase("swapping " + collections(intents.size()) + " in");
            committed = true; // from here on the swap is written down: a crash is finished by the next run, not undone
            new CollectionSwap(target, untouchable, warnings).run(plan);
            held.swapped();
        }
    }

    private SwapPlan swapPlan() {
        List<SwapPlan.Rename> renames = new ArrayList<>();
        List<BsonDocument> views = new ArrayList<>();
        for (CollectionIntent intent : intents.values()) {
            if (intent.isView()) {
                views.add(new BsonDocument("name", new BsonString(intent.name())).append("options", intent.options()));
            } else {
                renames.add(new SwapPlan.Rename(staging.nameOf(intent.name()), intent.name()));
            }
        }
        List<String> keep = new ArrayList<>(intents.keySet());
        if (!intents.containsKey(held.tracking())) {
            keep.add(held.tracking()); // a dump without history keeps the target's
        }
        return new SwapPlan(renames, views, replacesAll ? keep : null);
    }

    private static String collections(int n) {
        return n + (n == 1 ? " collection" : " collections");
    }

    /** Drops whatever staging collections are left: the target is as it was. Safe to call twice. */
    public void abort() {
        synchronized (swapping) {
            if (committed || aborted) {
                return;
            }
            aborted = true;
            failure.compareAndSet(null, new IOException("aborted"));
            inserters.shutdownNow();
            // an insert still in flight would create its staging collection again after the drop below
            if (!Workers.finish(inserters, 30)) {
                warnings.accept("inserts into " + target.getName() + " did not stop within 30 s; staging collections may remain");
            }
            staging.dropAll();
        }
    }

    @Override
    public void close() {
        abort();
    }

    /** The documents of one collection waiting to be inserted. */
    private static final class Batch {
        List<RawBsonDocument> documents = new ArrayList<>();
        long bytes;

        void add(RawBsonDocument document) {
            documents.add(document);
            bytes += document.getByteBuffer().remaining();
        }

        boolean full() {
            return documents.size() >= BATCH_DOCUMENTS || bytes >= BATCH_BYTES;
        }

        List<RawBsonDocument> take() {
            List<RawBsonDocument> taken = documents;
            documents = new ArrayList<>();
            bytes = 0;
            return taken;
        }
    }

    static MonarchException failed(String what, String environment, Exception e) {
        return MonarchException.failed(what + " failed: " + e.getMessage() + "\n" + environment
                + " was not changed (the staging collections were dropped).", e);
    }
}
