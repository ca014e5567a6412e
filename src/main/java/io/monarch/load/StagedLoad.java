package io.monarch.load;

import io.monarch.intent.CollectionIntent;
import io.monarch.intent.ContentHash;
import io.monarch.intent.CursorBatches;
import io.monarch.intent.Segment;
import io.monarch.intent.SegmentPlanner;
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

    /** Test-only: runs on the target between the load and the verification (to change a staged document). */
    static volatile Consumer<MongoDatabase> beforeVerify;

    private final HeldTarget held;
    private final MongoDatabase target;
    private final Map<String, CollectionIntent> intents = new LinkedHashMap<>();
    private final Map<String, CollectionLoad> loading = new LinkedHashMap<>();
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
            CollectionLoad collection = new CollectionLoad(this, intent.name(), staging.nameOf(intent.name()));
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
        CollectionLoad collection = loading.get(segment.collection());
        if (collection == null) {
            throw new IOException("documents for collection " + segment.collection() + ", which the dump's list of collections does not hold");
        }
        collection.start(feeds);
        if (held.resumed() != null && held.resumed().plan().containsKey(segment.collection())) {
            target.getCollection(collection.staging).deleteMany(segment.filter());
        }
        return new Feed(this, collection, segment, false);
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
        if (feed.read() != documents) {
            throw new IOException(collection + ": " + feed.read() + " documents were read where the dump says " + documents);
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
            feed = done(whole) ? new Feed(this, loading.get(collection), whole, true) : feed(whole, 1);
            wholeFeeds.put(collection, feed);
        }
        return feed;
    }

    void rethrowFailure() throws IOException {
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
        for (CollectionLoad collection : loading.values()) {
            collection.finish();
        }
        rethrowFailure();
        for (CollectionLoad collection : loading.values()) {
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
            new LoadVerifier(target, options.readers(), progress).verify(loading.values(), resume, expectedHashes, timeseries::unpacks);
        }
        progress.phase("building indexes on " + collections(loading.size()));
        for (CollectionIntent intent : intents.values()) {
            if (!intent.isView() && !timeseries.keepsBuckets(intent.name())) {
                staging.buildIndexes(intent);
            }
        }
        SwapPlan plan = SwapPlan.of(intents.values(), staging::nameOf, timeseries::keepsBuckets, held.tracking(), replacesAll);
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

    static String collections(int n) {
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
        for (CollectionLoad collection : loading.values()) {
            collection.workers.shutdownNow();
        }
        // an insert still in flight would create its staging collection again after the drop
        for (CollectionLoad collection : loading.values()) {
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

    AtomicReference<Throwable> failure() {
        return failure;
    }

    Options options() {
        return options;
    }

    MongoDatabase target() {
        return target;
    }

    Progress progress() {
        return progress;
    }

    HeldTarget held() {
        return held;
    }

    TimeseriesTarget timeseries() {
        return timeseries;
    }

    AtomicLong loaded() {
        return loaded;
    }

    /** The plan written down for a resume (the run resumed's, or this run's), or null when the run cannot be resumed. */
    ResumeState resumePlan() {
        return resume;
    }

    static MonarchException failed(String what, String environment, Exception e) {
        return MonarchException.failed(what + " failed: " + e.getMessage() + "\n" + environment
                + " was not changed (the staging collections were dropped).", e);
    }
}
