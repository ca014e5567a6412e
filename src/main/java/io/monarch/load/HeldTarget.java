package io.monarch.load;

import io.monarch.intent.Segment;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import io.monarch.config.MigrationSettings;
import io.monarch.lock.EnvironmentLock;
import io.monarch.lock.RunBy;
import io.monarch.mongo.MongoConnection;
import com.mongodb.client.model.Filters;
import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.Document;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.function.Consumer;

/**
 * The target database of one restore or copy, held while it runs: the environment's lock taken (the one migrate
 * takes, so none of them interleave), what dead runs left cleaned up or finished, and this run recorded so that
 * whatever it leaves if killed is found by the next one.
 */
final class HeldTarget implements AutoCloseable {
    private final MongoDatabase database;
    private final Set<String> untouchable;
    private final StagingNames staging;
    private final boolean embedded;
    private final String tracking;
    private final EnvironmentLock lock;
    private final LoadRun run;
    private final ResumeState resumed;
    private volatile Swap swap = Swap.NOT_STARTED;
    private volatile boolean suspended;
    private final MongoCollection<Document> runs;
    private final boolean lockCollectionExisted;
    private boolean closed;

    private enum Swap { NOT_STARTED, STARTED, DONE }

    private HeldTarget(MongoDatabase database, Set<String> untouchable, String tracking, EnvironmentLock lock, LoadRun run,
                       StagingNames staging, boolean embedded, ResumeState resumed, boolean lockCollectionExisted) {
        this.resumed = resumed;
        this.lockCollectionExisted = lockCollectionExisted;
        this.runs = database.getCollection(untouchable.iterator().next()); // the lock collection, the one untouchable
        this.database = database;
        this.tracking = tracking;
        this.embedded = embedded;
        this.staging = staging;
        this.untouchable = untouchable;
        this.lock = lock;
        this.run = run;
    }

    /**
     * Takes the lock (waiting as migrate does, then exit 3 naming the holder), cleans up after dead runs, telling
     * what it did to {@code say}, and records this run. A new run drops what resumable runs left (the user starts
     * over).
     */
    static HeldTarget take(MongoConnection target, MigrationSettings settings, String operation, String source,
                           Consumer<String> say) {
        return take(target, settings, operation, source, false, null, say);
    }

    /**
     * As {@link #take(MongoConnection, MigrationSettings, String, String, Consumer)}; with {@code resume}, takes over
     * the run of this operation and source that stopped part way instead — its staging collections and what it
     * finished ({@link #resumed()}) — refusing (exit 1, nothing changed) when there is none, when the source is not
     * what it read ({@code identity} differs) or when its staging collections are gone.
     */
    static HeldTarget take(MongoConnection target, MigrationSettings settings, String operation, String source,
                           boolean resume, String identity, Consumer<String> say) {
        MongoDatabase database = target.database();
        RunBy by = RunBy.current();
        // the tracking collection is data like any other here: history travels with the data (DESIGN §4)
        Set<String> untouchable = Set.of(settings.lockCollection());
        MongoCollection<Document> runs = database.getCollection(settings.lockCollection());
        boolean lockCollectionExisted = database.listCollectionNames()
                .filter(new Document("name", settings.lockCollection())).first() != null;
        EnvironmentLock lock = new EnvironmentLock(database, settings.lockCollection(), settings.lockId(), by, settings.lockTtl(),
                target.environment(), operation).acquire(settings.lockWait());
        try {
            Leftovers leftovers = new Leftovers(database, runs, untouchable, settings.lockTtl());
            if (!resume) {
                leftovers.clean(say, record -> false).cleaned().forEach(say);
                StagingNames names = new StagingNames();
                return new HeldTarget(database, untouchable, settings.collection(), lock,
                        LoadRun.start(runs, names.run(), operation, source, by, settings.lockTtl()), names,
                        target.embeddedServer().isPresent(), null, lockCollectionExisted);
            }
            Document stopped = runs.find(Filters.regex("_id", "^" + Pattern.quote(LoadRun.ID_PREFIX))).into(new ArrayList<>()).stream()
                    .filter(r -> LoadRun.resumable(r) && LoadRun.dead(r, settings.lockTtl()) && operation.equals(r.getString("operation"))
                            && source.equals(r.getString("source")))
                    .max(Comparator.comparing((Document r) -> r.getDate("heartbeatAt"))).orElseThrow(() -> new CannotResume(
                            "there is no " + operation + " of " + source + " into " + target.environment() + " to resume (none "
                                    + "stopped part way, or what it loaded was dropped since)"));
            ResumeState state = ResumeState.fromBson(stopped.toBsonDocument(BsonDocument.class, runs.getCodecRegistry()).getDocument("resume"),
                    stopped.toBsonDocument(BsonDocument.class, runs.getCodecRegistry()).getArray("finished", new BsonArray()));
            if (!state.identity().equals(identity)) {
                throw new CannotResume("cannot resume: " + source + " is not what the stopped " + operation + " read (it was "
                        + state.identity() + ", it is now " + identity + ")");
            }
            String runId = stopped.getString("_id").substring(LoadRun.ID_PREFIX.length());
            leftovers.clean(say, record -> record.getString("_id").equals(stopped.getString("_id"))).cleaned().forEach(say);
            StagingNames names = new StagingNames(runId);
            Set<String> present = new HashSet<>(database.listCollectionNames().into(new ArrayList<>()));
            for (String collection : state.finished().keySet()) {
                if (!state.finished().get(collection).isEmpty() && !present.contains(names.of(collection))) {
                    throw new CannotResume("cannot resume: the staging collection of " + collection + " ("
                            + names.of(collection) + "), which held what the stopped run loaded, is gone");
                }
            }
            return new HeldTarget(database, untouchable, settings.collection(), lock,
                    LoadRun.adopt(runs, runId, by, settings.lockTtl()), names, target.embeddedServer().isPresent(), state, true);
        } catch (RuntimeException e) {
            lock.close();
            dropIfMadeAndEmpty(runs, lockCollectionExisted);
            throw e;
        }
    }

    /**
     * A run into a database that had no lock collection leaves none: once its lock and record are gone, the empty
     * collection it made is dropped, so a refused or failed restore leaves the target exactly as it was. (A run
     * taking the lock between the count and the drop would lose its lock; its holder notices on its next renewal.)
     */
    private static void dropIfMadeAndEmpty(MongoCollection<Document> runs, boolean existed) {
        try {
            if (!existed && runs.countDocuments() == 0) {
                runs.drop();
            }
        } catch (RuntimeException e) {
            // best effort: an empty lock collection is harmless
        }
    }

    /** What the run resumed had finished; null for a run started afresh. */
    ResumeState resumed() {
        return resumed;
    }

    /** The run can be resumed: its plan, written before anything loads. */
    void resumable(ResumeState state) {
        run.resumable(state);
    }

    /** A segment is loaded whole: written down for a resume. */
    void finished(Segment segment, long documents, long hash) {
        run.finished(segment, documents, hash);
    }

    /** The run stops part way and keeps what it loaded, for a resume: its record stays when it is closed. */
    void suspend() {
        suspended = true;
    }

    /** Whether the target is an embedded environment, which cannot store every BSON value (see StorableValues). */
    boolean embedded() {
        return embedded;
    }

    /** The target's migration tracking collection: replaced when the load brings one, else kept. */
    String tracking() {
        return tracking;
    }

    MongoDatabase database() {
        return database;
    }

    Set<String> untouchable() {
        return untouchable;
    }

    StagingNames staging() {
        return staging;
    }

    /** Writes the swap down before its first step. */
    void swapping(SwapPlan plan) {
        lock.checkHeld();
        run.swapping(plan);
        swap = Swap.STARTED;
    }

    /** Every step of the swap is done. */
    void swapped() {
        swap = Swap.DONE;
    }

    /** Releases the target; a swap begun and not done keeps its record, for the next command to finish. Safe twice. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (swap == Swap.STARTED) {
                run.abandon();
            } else if (suspended) {
                run.suspend();
            } else {
                run.close();
            }
        } finally {
            lock.close();
            dropIfMadeAndEmpty(runs, lockCollectionExisted);
        }
    }
}
