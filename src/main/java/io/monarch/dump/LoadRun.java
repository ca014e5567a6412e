package io.monarch.dump;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import io.monarch.concurrent.Workers;
import io.monarch.migrate.RunBy;
import org.bson.Document;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A restore or copy in progress, recorded in the target's lock collection as {@code run:<id>}: who runs it, a
 * heartbeat its live process keeps renewing, and — before the first rename — the plan of its swap. A record
 * whose heartbeat stopped belongs to a run that died: {@link Leftovers} drops its staging collections, or
 * finishes its swap.
 */
final class LoadRun implements AutoCloseable {
    static final String ID_PREFIX = "run:";

    private final MongoCollection<Document> runs;
    private final String id;
    private final Duration ttl;
    private ScheduledExecutorService heart;

    private LoadRun(MongoCollection<Document> runs, String runId, Duration ttl) {
        this.runs = runs;
        this.id = ID_PREFIX + runId;
        this.ttl = ttl;
    }

    /** Records the run (before any staging collection exists) and keeps its heartbeat going. */
    static LoadRun start(MongoCollection<Document> runs, String runId, String operation, String source, RunBy by, Duration ttl) {
        LoadRun run = new LoadRun(runs, runId, ttl);
        Date now = new Date();
        runs.insertOne(new Document("_id", run.id).append("operation", operation).append("source", source)
                .append("user", by.user()).append("host", by.host()).append("pid", by.pid())
                .append("startedAt", now).append("heartbeatAt", now).append("phase", "loading"));
        run.heart = Workers.scheduled("run-heartbeat");
        long every = Math.max(100, ttl.toMillis() / 3);
        run.heart.scheduleAtFixedRate(run::beat, every, every, TimeUnit.MILLISECONDS);
        return run;
    }

    private void beat() {
        try {
            runs.updateOne(Filters.eq("_id", id), Updates.set("heartbeatAt", new Date()));
        } catch (RuntimeException e) {
            // a passing fault; the heartbeat's expiry covers two misses
        }
    }

    /** Writes down the swap before its first step, so a crash part way is rolled forward by the next command. */
    void swapping(SwapPlan plan) {
        runs.updateOne(Filters.eq("_id", id), Updates.combine(Updates.set("phase", "swapping"),
                Updates.set("plan", plan.toBson())));
    }

    /** Whether a run record's heartbeat stopped: its process is gone. */
    static boolean dead(Document record, Duration ttl) {
        Date beat = record.getDate("heartbeatAt");
        return beat == null || beat.toInstant().isBefore(Instant.now().minus(ttl));
    }

    /** The run is over (done, or cleaned up): its record goes. */
    @Override
    public void close() {
        stopHeart();
        runs.deleteOne(Filters.eq("_id", id));
    }

    /**
     * The run stops without finishing its swap (a rename failed): its record stays, its heartbeat stops, and the
     * next command on the target finishes the swap from the plan.
     */
    void abandon() {
        stopHeart();
    }

    private void stopHeart() {
        if (heart != null) {
            heart.shutdownNow();
        }
    }
}
