package io.monarch.dump;

import com.mongodb.MongoCommandException;
import com.mongodb.MongoNamespace;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.InsertManyOptions;
import com.mongodb.client.model.RenameCollectionOptions;
import io.monarch.api.MonarchException;
import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.BsonString;
import org.bson.BsonValue;
import org.bson.RawBsonDocument;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Loads collections into a target database without touching what is there until everything is in: each
 * collection goes into a staging collection (batched inserts, several at once), its count is checked, its
 * indexes are built after the data, and only then is each swapped in with renameCollection(dropTarget).
 * Collections of the target that the load does not hold are dropped last; monarch's own collections are
 * never touched. Restore and copy_db both use it.
 */
public final class StagedLoad implements AutoCloseable {
    private static final int BATCH_DOCUMENTS = 1000;
    private static final int BATCH_BYTES = 4 << 20;

    private final MongoDatabase target;
    private final Map<String, CollectionIntent> intents = new LinkedHashMap<>();
    private final Set<String> untouchable;
    private final Progress progress;
    private final Consumer<String> warnings;
    private final StagingNames staging = new StagingNames();
    private final Map<String, Batch> batches = new HashMap<>();
    private final Map<String, Long> expected = new java.util.concurrent.ConcurrentHashMap<>();
    /** Documents inserted so far per collection, and the collections whose every document is in: for progress. */
    private final Map<String, java.util.concurrent.atomic.AtomicLong> inserted = new java.util.concurrent.ConcurrentHashMap<>();
    private final Set<String> reportedFinished = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final List<String> created = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final ThreadPoolExecutor inserters;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private boolean committed;
    /**
     * Held by the swap and by abort. A Ctrl-C during the swap lets it finish (half a swap would leave the
     * target mixed); an abort from the Ctrl-C hook makes the writer's own abort wait until it is done, so the
     * connection is not closed under it.
     */
    private final Object swapping = new Object();
    private boolean aborted;

    /**
     * @param untouchable collections of the target never replaced nor dropped (monarch's tracking and lock)
     */
    public StagedLoad(MongoDatabase target, List<CollectionIntent> collections, Set<String> untouchable, int parallelism,
                      Progress progress, Consumer<String> warnings) {
        this.target = target;
        this.untouchable = untouchable;
        this.progress = progress;
        this.warnings = warnings;
        for (CollectionIntent intent : collections) {
            if (!untouchable.contains(intent.name()) && !intent.name().startsWith("system.")) {
                intents.put(intent.name(), intent);
            }
        }
        int threads = Math.max(1, parallelism);
        // A bounded queue and caller-runs: the reader waits when the inserters are behind, so memory stays flat.
        this.inserters = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(threads),
                r -> {
                    Thread t = new Thread(r, "monarch-insert");
                    t.setDaemon(true);
                    return t;
                }, new ThreadPoolExecutor.CallerRunsPolicy());
    }

    public List<CollectionIntent> collections() {
        return List.copyOf(intents.values());
    }

    /** Creates the staging collections, with their options where this server has them. */
    public void prepare() {
        for (CollectionIntent intent : intents.values()) {
            if (intent.isView()) {
                continue;
            }
            if ("timeseries".equals(intent.type())) {
                warnings.accept(intent.name() + " is a time-series collection; it is restored as a plain collection");
            }
            createWithOptions(staging.of(intent.name()), intent);
            batches.put(intent.name(), new Batch());
        }
    }

    private void createWithOptions(String name, CollectionIntent intent) {
        BsonDocument options = creationOptions(intent.options());
        BsonDocument command = new BsonDocument("create", new BsonString(name));
        command.putAll(options);
        try {
            target.runCommand(command);
        } catch (MongoCommandException e) {
            if (options.isEmpty()) {
                throw e;
            }
            warnings.accept(intent.name() + ": this server cannot create it with its options " + options.toJson()
                    + " (" + e.getErrorMessage() + "); it is restored as a plain collection");
            target.runCommand(new BsonDocument("create", new BsonString(name)));
        }
        created.add(name);
        if (options.containsKey("validator") && !hasOption(name, "validator")) {
            warnings.accept(intent.name() + ": this server does not keep validators; its validator was not restored");
        }
    }

    private static BsonDocument creationOptions(BsonDocument options) {
        BsonDocument copy = options.clone();
        // Options that belong to the source collection's identity, not to its creation.
        copy.remove("uuid");
        copy.remove("autoIndexId");
        copy.remove("viewOn");
        copy.remove("pipeline");
        return copy;
    }

    private boolean hasOption(String collection, String option) {
        for (BsonDocument info : target.listCollections(BsonDocument.class).filter(new BsonDocument("name", new BsonString(collection)))) {
            return info.isDocument("options") && info.getDocument("options").containsKey(option);
        }
        return false;
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
        reportIfFinished(collection);
        rethrowFailure();
    }

    private void submit(String collection, List<RawBsonDocument> documents) {
        String stagingName = staging.of(collection);
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
                inserted.computeIfAbsent(collection, c -> new java.util.concurrent.atomic.AtomicLong()).addAndGet(documents.size());
                reportIfFinished(collection);
            } catch (Throwable t) {
                failure.compareAndSet(null, t);
            }
        });
    }

    /** Tells progress once the collection has ended and its last insert is in, whichever comes second. */
    private void reportIfFinished(String collection) {
        Long want = expected.get(collection);
        java.util.concurrent.atomic.AtomicLong have = inserted.get(collection);
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
        inserters.shutdown();
        try {
            if (!inserters.awaitTermination(7, TimeUnit.DAYS)) {
                throw new IOException("inserts did not finish");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        rethrowFailure();
        for (String collection : batches.keySet()) {
            long want = expected.getOrDefault(collection, -1L);
            if (want < 0) {
                throw new IOException("the dump ended before collection " + collection + " was complete: it is truncated");
            }
            long have = target.getCollection(staging.of(collection)).countDocuments();
            if (have != want) {
                throw new IOException(collection + ": " + have + " documents were loaded where the dump holds " + want);
            }
        }
        for (CollectionIntent intent : intents.values()) {
            if (!intent.isView()) {
                buildIndexes(staging.of(intent.name()), intent);
            }
        }
        synchronized (swapping) {
            if (aborted) {
                throw new IOException("aborted before the swap; the target is unchanged");
            }
            swap();
            committed = true;
        }
    }

    private void buildIndexes(String stagingName, CollectionIntent intent) {
        BsonArray specs = new BsonArray();
        for (BsonDocument index : intent.indexes()) {
            if ("_id_".equals(index.getString("name", new BsonString("")).getValue())) {
                continue;
            }
            BsonDocument spec = index.clone();
            spec.remove("v");
            spec.remove("ns");
            specs.add(spec);
        }
        if (!specs.isEmpty()) {
            target.runCommand(new BsonDocument("createIndexes", new BsonString(stagingName)).append("indexes", specs));
        }
    }

    private void swap() {
        String database = target.getName();
        for (CollectionIntent intent : intents.values()) {
            if (intent.isView()) {
                continue;
            }
            target.getCollection(staging.of(intent.name())).renameCollection(new MongoNamespace(database, intent.name()),
                    new RenameCollectionOptions().dropTarget(true));
            created.remove(staging.of(intent.name()));
        }
        for (CollectionIntent intent : intents.values()) {
            if (intent.isView()) {
                createView(intent);
            }
        }
        for (String existing : target.listCollectionNames().into(new ArrayList<>())) {
            if (!intents.containsKey(existing) && !untouchable.contains(existing) && !existing.startsWith("system.")
                    && !StagingNames.isStaging(existing)) {
                target.getCollection(existing).drop();
            }
        }
    }

    private void createView(CollectionIntent view) {
        target.getCollection(view.name()).drop();
        BsonDocument command = new BsonDocument("create", new BsonString(view.name()));
        BsonDocument options = view.options();
        command.put("viewOn", options.get("viewOn", new BsonString("")));
        command.put("pipeline", options.get("pipeline", new BsonArray()));
        if (options.containsKey("collation")) {
            command.put("collation", options.get("collation"));
        }
        try {
            target.runCommand(command);
        } catch (MongoCommandException e) {
            warnings.accept("view " + view.name() + " could not be created on this server (" + e.getErrorMessage() + ")");
            return;
        }
        if (!isView(view.name())) {
            // mongo-java-server accepts createView but makes a plain collection: remove it and say so
            target.getCollection(view.name()).drop();
            warnings.accept("view " + view.name() + " was not restored: this server (the embedded one) has no views");
        }
    }

    private boolean isView(String name) {
        for (BsonDocument info : target.listCollections(BsonDocument.class).filter(new BsonDocument("name", new BsonString(name)))) {
            BsonValue type = info.get("type");
            return type != null && type.isString() && "view".equals(type.asString().getValue());
        }
        return false;
    }

    /** Drops whatever staging collections are left: the target is as it was. Safe to call twice. */
    public void abort() {
        synchronized (swapping) {
            if (committed || aborted) {
                return;
            }
            aborted = true;
            dropStaging();
        }
    }

    private void dropStaging() {
        failure.compareAndSet(null, new IOException("aborted"));
        inserters.shutdownNow();
        try {
            // an insert still in flight would create its staging collection again after the drop below
            if (!inserters.awaitTermination(30, TimeUnit.SECONDS)) {
                warnings.accept("inserts into " + target.getName() + " did not stop within 30 s; staging collections may remain");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (String name : List.copyOf(created)) {
            try {
                target.getCollection(name).drop();
                created.remove(name);
            } catch (RuntimeException e) {
                warnings.accept("could not drop staging collection " + name + " (" + e.getMessage() + "); drop it by hand");
            }
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
