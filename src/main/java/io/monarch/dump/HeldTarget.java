package io.monarch.dump;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import io.monarch.config.MigrationSettings;
import io.monarch.migrate.EnvironmentLock;
import io.monarch.migrate.RunBy;
import io.monarch.mongo.MongoConnection;
import org.bson.Document;

import java.util.Set;
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
    private volatile Swap swap = Swap.NOT_STARTED;
    private boolean closed;

    private enum Swap { NOT_STARTED, STARTED, DONE }

    private HeldTarget(MongoDatabase database, Set<String> untouchable, String tracking, EnvironmentLock lock, LoadRun run,
                       StagingNames staging, boolean embedded) {
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
     * what it did to {@code say}, and records this run.
     */
    static HeldTarget take(MongoConnection target, MigrationSettings settings, String operation, String source,
                           Consumer<String> say) {
        MongoDatabase database = target.database();
        RunBy by = RunBy.current();
        // the tracking collection is data like any other here: history travels with the data (DESIGN §4)
        Set<String> untouchable = Set.of(settings.lockCollection());
        MongoCollection<Document> runs = database.getCollection(settings.lockCollection());
        EnvironmentLock lock = new EnvironmentLock(database, settings.lockCollection(), settings.lockId(), by, settings.lockTtl(),
                target.environment(), operation).acquire(settings.lockWait());
        try {
            new Leftovers(database, runs, untouchable, settings.lockTtl()).clean(say).cleaned().forEach(say);
            StagingNames names = new StagingNames();
            return new HeldTarget(database, untouchable, settings.collection(), lock,
                    LoadRun.start(runs, names.run(), operation, source, by, settings.lockTtl()), names,
                    target.embeddedServer().isPresent());
        } catch (RuntimeException e) {
            lock.close();
            throw e;
        }
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
            } else {
                run.close();
            }
        } finally {
            lock.close();
        }
    }
}
