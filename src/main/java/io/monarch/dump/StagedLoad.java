package io.monarch.dump;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoCursor;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.InsertManyOptions;
import io.monarch.api.CopyOptions;
import io.monarch.api.MonarchException;
import io.monarch.api.Progress;
import io.monarch.concurrent.Workers;
import org.bson.BsonDocument;
import io.monarch.migrate.HistoryRecord;
import org.bson.BsonString;
import org.bson.Document;
import org.bson.RawBsonDocument;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Loads collections into a target database without touching what is there until everything is in: each
 * collection goes into a staging collection, its documents fed by one or several readers ({@link Feed}s, one per
 * {@code _id} range) and inserted in unordered batches by a few workers of its own; its count is checked, its content
 * hash read back and compared (unless verification is off), its indexes are built after the data, and only then
 * are the collections swapped in ({@link CollectionSwap}). Restore and copy_db both feed it. Each segment whose
 * every document is in is told to the run record, so that a run that stops part way can be resumed.
 */
final class StagedLoad implements AutoCloseable {
    private static final int BATCH_DOCUMENTS = 1000;
    private static final int BATCH_BYTES = 4 << 20;
    /** What one insert may carry: the server's largest document, and so the most a batch is ever let grow to. */
    private static final int MAX_BATCH_BYTES = 16 << 20;

    /** Test-only: runs on the target between the load and the verification (to change a staged document). */
    static volatile Consumer<MongoDatabase> beforeVerify;

    private final HeldTarget held;
    private final MongoDatabase target;
    private final Map<String, CollectionIntent> intents = new LinkedHashMap<>();
    private final Map<String, Loading> loading = new LinkedHashMap<>();
    private final boolean replacesAll;
    private final Set<String> untouchable;
    private final Options options;
    private final Progress progress;
    private final Consumer<String> warnings;
    private final StagingCollections staging;
    private final AtomicLong loaded = new AtomicLong();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    /** How this target takes the time-series collections: as they are, or unpacked into measurements. */
    private final TimeseriesTarget timeseries;
    private ResumeState resume;
    /**
     * Held by the swap and by abort. A Ctrl-C during the swap lets it finish (half a swap would leave the
     * target mixed); an abort from the Ctrl-C hook makes the writer's own abort wait until it is done, so the
     * connection is not closed under it.
     */
    private final Object swapping = new Object();
    private boolean committed;
    private boolean aborted;
    private boolean kept;

    /**
     * How a load runs.
     *
     * @param readers          read-backs at once when verifying
     * @param insertionWorkers inserts at once into each collection
     * @param verify           compare each staged collection's count and content hash with the source's before the swap
     */
    record Options(int readers, int insertionWorkers, boolean verify) {
    }

    /**
     * @param replacesAll whether the target ends holding only these collections (a whole restore or copy), or keeps
     *                    its others (some collections restored)
     */
    static StagedLoad on(HeldTarget held, List<CollectionIntent> collections, boolean replacesAll, Options options,
                         Progress progress, Consumer<String> warnings) {
        try {
            return new StagedLoad(held, collections, replacesAll, options, progress, warnings);
        } catch (RuntimeException e) {
            held.close(); // refused before anything was loaded: the lock and the run record go
            throw e;
        }
    }

    private StagedLoad(HeldTarget held, List<CollectionIntent> collections, boolean replacesAll, Options options,
                       Progress progress, Consumer<String> warnings) {
        this.held = held;
        this.target = held.database();
        this.replacesAll = replacesAll;
        this.untouchable = held.untouchable();
        this.options = options;
        this.progress = progress;
        this.warnings = warnings;
        this.staging = new StagingCollections(target, held.staging(), warnings);
        for (CollectionIntent intent : collections) {
            if (untouchable.contains(intent.name())) {
                warnings.accept("left out: " + intent.name() + " (monarch's lock and run records of the source are never loaded)");
            } else if (!intent.name().startsWith("system.")) {
                CollectionNames.tooLong(target.getName(), intent.name(), staging.nameOf(intent.name())).ifPresent(problem -> {
                    throw MonarchException.failed(problem + ". Nothing was changed", null);
                });
                intents.put(intent.name(), intent);
            }
        }
        this.timeseries = TimeseriesTarget.of(held, intents.values(), warnings);
    }

    public List<CollectionIntent> collections() {
        return List.copyOf(intents.values());
    }

    public List<String> collectionNames() {
        return List.copyOf(intents.keySet());
    }

    /** The documents loaded (monarch's own collections, read past, are not counted), those of a run resumed included. */
    public long documents() {
        return loaded.get();
    }

    /** Whether the load brings a migration history (the tracking collection) with its data. */
    boolean bringsHistory() {
        return intents.containsKey(held.tracking());
    }

    /**
     * Creates the staging collections, with their options where this server has them; for a run resumed, keeps
     * those it made and counts what its finished segments hold. {@code plan}: each collection's segments, written
     * down so that a run that stops can be resumed (null: it cannot be).
     */
    public void prepare(ResumeState plan) {
        ResumeState resumed = held.resumed();
        this.resume = resumed != null ? resumed : plan;
        if (resumed == null && plan != null) {
            held.resumable(plan);
        }
        for (CollectionIntent intent : intents.values()) {
            if (intent.isView()) {
                continue;
            }
            Loading collection = new Loading(intent.name(), staging.nameOf(intent.name()));
            loading.put(intent.name(), collection);
            if (resumed != null && resumed.plan().containsKey(intent.name())) {
                staging.adopt(timeseries.stagedAs(intent));
                resumed.finished().getOrDefault(intent.name(), Map.of()).values().forEach(f -> {
                    collection.hash.add(f.hash(), f.documents());
                    collection.expected.addAndGet(f.documents());
                    loaded.addAndGet(f.documents());
                });
            } else {
                staging.create(timeseries.stagedAs(intent));
            }
        }
    }

    /** Whether a segment was loaded whole by the run resumed: it is not read again. */
    boolean done(Segment segment) {
        return resume != null && resume.done(segment);
    }

    /** What the run resumed had loaded, or null. */
    ResumeState resumed() {
        return held.resumed();
    }

    /**
     * A reader of one segment (one thread). A segment the run resumed had begun but not finished is emptied of what
     * it had inserted first. {@code feeds}: how many segments of the collection are still to be fed, counting this one
     * (so that its workers stop once the last has ended).
     */
    Feed feed(Segment segment, int feeds) throws IOException {
        rethrowFailure();
        Loading collection = loading.get(segment.collection());
        if (collection == null) {
            throw new IOException("documents for collection " + segment.collection() + ", which the dump's list of collections does not hold");
        }
        collection.start(feeds);
        if (held.resumed() != null && held.resumed().plan().containsKey(segment.collection())) {
            target.getCollection(collection.staging).deleteMany(segment.filter());
        }
        return new Feed(collection, segment, false);
    }

    // Restore's one reader: each collection is one segment, fed in archive order.
    private final Map<String, Feed> wholeFeeds = new LinkedHashMap<>();

    /**
     * Takes one document of a collection, read whole by one reader (a restore's stream); inserts run in the
     * background in batches.
     */
    public void document(String collection, byte[] bson) throws IOException {
        Feed feed = wholeFeed(collection);
        if (feed != null) {
            feed.document(new RawBsonDocument(bson));
        }
    }

    /** The collection is complete; its staging count is checked against {@code documents} before the swap. */
    public void end(String collection, long documents) throws IOException {
        Feed feed = wholeFeed(collection);
        if (feed == null) {
            return;
        }
        if (feed.read != documents) {
            throw new IOException(collection + ": " + feed.read + " documents were read where the dump says " + documents);
        }
        feed.end();
    }

    private Feed wholeFeed(String collection) throws IOException {
        Feed feed = wholeFeeds.get(collection);
        if (feed == null && !loading.containsKey(collection)) {
            if (untouchable.contains(collection) || intents.containsKey(collection)) {
                return null; // monarch's own collections are never restored; a view has no documents
            }
            throw new IOException("documents for collection " + collection + ", which the dump's list of collections does not hold");
        }
        if (feed == null) {
            Segment whole = Segment.whole(collection);
            feed = done(whole) ? new Feed(loading.get(collection), whole, true) : feed(whole, 1);
            wholeFeeds.put(collection, feed);
        }
        return feed;
    }

    private void rethrowFailure() throws IOException {
        Throwable t = failure.get();
        if (t != null) {
            throw new IOException("inserting into " + target.getName() + " failed: " + t.getMessage(), t);
        }
    }

    /**
     * Everything is read: waits for the inserts, checks each staging count, verifies each collection's content
     * against {@code expectedHashes} (a manifest's, by collection; absent: the hash of what was read), builds the
     * indexes, swaps the collections in and drops the target's others. Until the first swap, nothing of the target
     * has changed.
     */
    public void commit(Map<String, Long> expectedHashes) throws IOException {
        for (Loading collection : loading.values()) {
            collection.finish();
        }
        rethrowFailure();
        for (Loading collection : loading.values()) {
            if (collection.open.get() > 0 || (collection.fed.get() == 0 && !resumedWhole(collection.name))) {
                throw new IOException("the dump ended before collection " + collection.name + " was complete: it is truncated");
            }
            long want = collection.expected.get();
            long have = staging.count(collection.name);
            if (have != want) {
                throw new IOException(collection.name + ": " + have + " documents were loaded where the dump holds " + want);
            }
        }
        if (bringsHistory()) {
            checkHistory();
        }
        Consumer<MongoDatabase> hook = beforeVerify;
        if (hook != null) {
            hook.accept(target);
        }
        if (options.verify()) {
            verify(expectedHashes);
        }
        progress.phase("building indexes on " + collections(loading.size()));
        for (CollectionIntent intent : intents.values()) {
            if (!intent.isView() && !timeseries.keepsBuckets(intent.name())) {
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

    /**
     * History from outside is not trusted blindly: a tracking collection some row of which is not a history row is
     * left out (its staging dropped), and the target keeps its own history, said in a line.
     */
    private void checkHistory() {
        String tracking = held.tracking();
        for (Document row : target.getCollection(staging.nameOf(tracking)).find()) {
            Optional<String> problem = HistoryRecord.problemOf(row);
            if (problem.isPresent()) {
                warnings.accept("left out: " + tracking + " of the source, which is not a migration history (document _id "
                        + row.get("_id") + ": " + problem.get() + "); " + target.getName() + " keeps its own history");
                intents.remove(tracking);
                loading.remove(tracking);
                target.getCollection(staging.nameOf(tracking)).drop();
                return;
            }
        }
    }

    /** Whether every segment of the collection was loaded by the run resumed (no feed needed this time). */
    private boolean resumedWhole(String collection) {
        ResumeState resumed = held.resumed();
        return resumed != null && resumed.plan().containsKey(collection)
                && resumed.plan().get(collection).stream().allMatch(resumed::done);
    }

    /**
     * Reads every staged collection back, several ranges at once, and compares its count and content hash with
     * what was read from the source (or what the manifest says).
     */
    private void verify(Map<String, Long> expectedHashes) throws IOException {
        progress.phase("verifying " + collections(loading.size()));
        SegmentPlanner planner = new SegmentPlanner(target, CopyOptions.SEGMENT_BYTES);
        ExecutorService readers = Workers.fixed("verify", options.readers());
        try {
            Map<String, ContentHash> readBack = new LinkedHashMap<>();
            List<Future<?>> reads = new ArrayList<>();
            for (Loading collection : loading.values()) {
                ContentHash hash = new ContentHash();
                readBack.put(collection.name, hash);
                // the load's own ranges; a collection loaded whole (a restore's) is cut into ranges here. The embedded
                // server scans a whole collection for each range, so there it is read back whole, on one cursor.
                List<Segment> ranges = !planner.rangesUseAnIndex() ? List.of(Segment.whole(collection.staging))
                        : resume != null && resume.plan().getOrDefault(collection.name, List.of()).size() > 1
                        ? resume.plan().get(collection.name)
                        : planner.plan(CollectionIntent.plain(collection.staging));
                for (Segment range : ranges) {
                    reads.add(readers.submit(() -> {
                        readBack(collection.staging, range, hash);
                        return null;
                    }));
                }
            }
            for (Future<?> read : reads) {
                Workers.await(read);
            }
            for (Loading collection : loading.values()) {
                ContentHash have = readBack.get(collection.name);
                Long manifest = timeseries.unpacks(collection.name) ? null : expectedHashes.get(collection.name);
                long want = manifest != null ? manifest : collection.hash.value();
                if (have.documents() != collection.expected.get() || have.value() != want) {
                    throw new IOException("verification failed: " + collection.name + " as loaded holds " + have.documents()
                            + " documents with content hash " + ContentHash.hex(have.value()) + " where "
                            + (manifest != null ? "the manifest says " : "the source had ") + collection.expected.get()
                            + " with " + ContentHash.hex(want));
                }
            }
        } finally {
            readers.shutdownNow();
        }
    }

    private void readBack(String stagingName, Segment range, ContentHash into) {
        long sum = 0;
        long documents = 0;
        try (MongoCursor<RawBsonDocument> cursor = target.getCollection(stagingName, RawBsonDocument.class)
                .find(range.filter()).batchSize(CursorBatches.forCollection(target, stagingName)).iterator()) {
            while (cursor.hasNext()) {
                sum += ContentHash.of(cursor.next());
                documents++;
            }
        }
        into.add(sum, documents);
    }

    private SwapPlan swapPlan() {
        List<SwapPlan.Rename> renames = new ArrayList<>();
        List<BsonDocument> views = new ArrayList<>();
        List<BsonDocument> bucketed = new ArrayList<>();
        for (CollectionIntent intent : intents.values()) {
            if (intent.isView()) {
                views.add(new BsonDocument("name", new BsonString(intent.name())).append("options", intent.options()));
            } else if (timeseries.keepsBuckets(intent.name())) {
                bucketed.add(SwapPlan.timeseries(staging.nameOf(intent.name()), intent));
            } else {
                renames.add(new SwapPlan.Rename(staging.nameOf(intent.name()), intent.name()));
            }
        }
        List<String> keep = new ArrayList<>(intents.keySet());
        if (!intents.containsKey(held.tracking())) {
            keep.add(held.tracking()); // a dump without history keeps the target's
        }
        return new SwapPlan(renames, views, bucketed, replacesAll ? keep : null);
    }

    private static String collections(int n) {
        return n + (n == 1 ? " collection" : " collections");
    }

    /**
     * The run stops part way but keeps what it loaded, to be resumed: the inserts in flight are stopped, the staging
     * collections stay (and the run record, see {@link HeldTarget#suspend}).
     */
    public void keepForResume() {
        synchronized (swapping) {
            if (committed || aborted) {
                return;
            }
            kept = true;
            aborted = true;
            failure.compareAndSet(null, new IOException("stopped to be resumed"));
            stopInserts();
        }
    }

    /** Drops whatever staging collections are left: the target is as it was. Safe to call twice. */
    public void abort() {
        synchronized (swapping) {
            if (committed || aborted) {
                return;
            }
            aborted = true;
            failure.compareAndSet(null, new IOException("aborted"));
            stopInserts();
            staging.dropAll();
        }
    }

    private void stopInserts() {
        for (Loading collection : loading.values()) {
            collection.workers.shutdownNow();
        }
        // an insert still in flight would create its staging collection again after the drop
        for (Loading collection : loading.values()) {
            if (!Workers.finish(collection.workers, 30)) {
                warnings.accept("inserts into " + target.getName() + " did not stop within 30 s; staging collections may remain");
                return;
            }
        }
    }

    /** Whether the load stopped to be resumed rather than dropped. */
    boolean keptForResume() {
        return kept;
    }

    @Override
    public void close() {
        abort();
    }

    /** One collection being loaded: its staging collection, its insertion workers, what it was fed. */
    private final class Loading {
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

        Loading(String name, String staging) {
            this.name = name;
            this.staging = staging;
            this.workers = Workers.fixed("insert", options.insertionWorkers());
            this.slots = new Semaphore(2 * options.insertionWorkers());
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
            feed.pending.incrementAndGet();
            try {
                workers.execute(() -> {
                    try {
                        if (failure.get() == null) {
                            target.getCollection(staging, RawBsonDocument.class).insertMany(batch,
                                    new InsertManyOptions().ordered(false).bypassDocumentValidation(true));
                            progress.moved(name, batch.size(), bytes);
                            inserted.addAndGet(batch.size());
                            feed.release();
                        }
                    } catch (Throwable t) {
                        failure.compareAndSet(null, t);
                    } finally {
                        slots.release();
                    }
                });
            } catch (RuntimeException rejected) {
                slots.release();
                rethrowFailure();
                throw new IOException("inserting into " + target.getName() + " stopped", rejected);
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
            if (resume != null) {
                held.finished(feed.segment, feed.documents, feed.hash);
            }
            if (unloaded.decrementAndGet() == 0) {
                progress.finished(name);
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

    /**
     * The documents of one segment, from one reader: batched (at most {@value #BATCH_DOCUMENTS} documents or about
     * 4 MiB, never over 16 MiB) and handed to the collection's insertion workers. Once it has ended and its last
     * batch is in, the segment is written down as finished.
     */
    final class Feed {
        private final Loading collection;
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

        private Feed(Loading collection, Segment segment, boolean check) {
            this.collection = collection;
            this.segment = segment;
            this.check = check;
        }

        void document(RawBsonDocument document) throws IOException {
            if (failure.get() != null) {
                rethrowFailure();
            }
            read++;
            if (timeseries.unpacks(collection.name)) {
                for (RawBsonDocument measurement : timeseries.unpack(collection.name, document)) {
                    take(measurement);
                }
            } else {
                take(document);
            }
        }

        private void take(RawBsonDocument document) throws IOException {
            if (check) {
                hash += ContentHash.of(document);
                documents++;
                return;
            }
            if (held.embedded()) {
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
                ResumeState.Finished loadedBefore = held.resumed().finished().get(segment.collection()).get(segment.index());
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
            loaded.addAndGet(documents);
            collection.ended(this);
            release();
            rethrowFailure();
        }

        long documents() {
            return documents;
        }

        private void release() {
            if (pending.decrementAndGet() == 0) {
                try {
                    collection.segmentLoaded(this);
                } catch (RuntimeException e) {
                    failure.compareAndSet(null, e);
                }
            }
        }
    }

    static MonarchException failed(String what, String environment, Exception e) {
        return MonarchException.failed(what + " failed: " + e.getMessage() + "\n" + environment
                + " was not changed (the staging collections were dropped).", e);
    }
}
