package io.monarch.load;

import io.monarch.intent.Segment;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import io.monarch.concurrent.Workers;
import io.monarch.lock.RunBy;
import org.bson.Document;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A restore or copy in progress, recorded in the target's lock collection as {@code run:<id>}: who runs it, a
 * heartbeat its live process keeps renewing, what it has loaded so far (its segment plan and the segments finished,
 * for {@code --resume}), and — before the first rename — the plan of its swap. A record whose heartbeat stopped
 * belongs to a run that died: {@link Leftovers} keeps what a resumable one loaded, drops the staging collections of
 * the others, or finishes a swap.
 */
final class LoadRun implements AutoCloseable {
    static final String ID_PREFIX = "run:";
    static final String SUSPENDED = "suspended";

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
        run.beating();
        return run;
    }

    /**
     * Takes over the record of a run that died or lost its connection, to resume it: its staging collections, its
     * plan and the segments it finished stay; who runs it and the heartbeat are this process's now.
     */
    static LoadRun adopt(MongoCollection<Document> runs, String runId, RunBy by, Duration ttl) {
        LoadRun run = new LoadRun(runs, runId, ttl);
        runs.updateOne(Filters.eq("_id", run.id), Updates.combine(Updates.set("user", by.user()), Updates.set("host", by.host()),
                Updates.set("pid", by.pid()), Updates.set("heartbeatAt", new Date()), Updates.set("phase", "loading"),
                Updates.inc("resumed", 1)));
        run.beating();
        return run;
    }

    private void beating() {
        heart = Workers.scheduled("run-heartbeat");
        long every = Math.max(100, ttl.toMillis() / 3);
        heart.scheduleAtFixedRate(this::beat, every, every, TimeUnit.MILLISECONDS);
    }

    /** The run can be resumed: its plan (the segments of each collection) and its source, written before it loads. */
    void resumable(ResumeState state) {
        runs.updateOne(Filters.eq("_id", id), Updates.combine(Updates.set("resume", state.planBson()),
                Updates.set("finished", new org.bson.BsonArray())));
    }

    /** Every document of a segment is in its staging collection: a resumed run does not load it again. */
    void finished(Segment segment, long documents, long hash) {
        runs.updateOne(Filters.eq("_id", id), Updates.push("finished", ResumeState.finishedBson(segment, documents, hash)));
    }

    /** Whether a run record can be resumed: it recorded its plan, and it stopped while loading. */
    static boolean resumable(Document record) {
        String phase = record.getString("phase");
        return record.containsKey("resume") && ("loading".equals(phase) || SUSPENDED.equals(phase));
    }

    /**
     * The run stopped while loading and keeps what it loaded, to be resumed: its heartbeat stops and its record
     * says so (when the target can still be reached), so that a resume need not wait for the heartbeat to expire.
     */
    void suspend() {
        stopHeart();
        try {
            runs.updateOne(Filters.eq("_id", id), Updates.set("phase", SUSPENDED));
        } catch (RuntimeException e) {
            // the target cannot be reached: the heartbeat's expiry says the same, later
        }
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

    /** Whether a run record's heartbeat stopped (its process is gone), or it stopped to be resumed. */
    static boolean dead(Document record, Duration ttl) {
        if (SUSPENDED.equals(record.getString("phase"))) {
            return true;
        }
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
