package io.monarch.migrate;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import io.monarch.api.ExitCode;
import io.monarch.api.MonarchException;
import io.monarch.concurrent.Workers;
import org.bson.Document;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * One document that says who is migrating an environment, with an expiry its holder keeps pushing forward.
 * A holder that died stops renewing, its lock expires, and the next migrate takes it over.
 */
public final class MigrationLock implements AutoCloseable {
    private static final String LOCK_ID = "migrate";

    private final MongoCollection<Document> collection;
    private final RunBy runBy;
    private final Duration ttl;
    private final String environment;
    private ScheduledExecutorService renewer;
    private volatile boolean lost;

    public MigrationLock(MongoDatabase database, String collectionName, RunBy runBy, Duration ttl, String environment) {
        this.collection = database.getCollection(collectionName);
        this.runBy = runBy;
        this.ttl = ttl;
        this.environment = environment;
    }

    /** Takes the lock, waiting up to {@code wait} for a live holder; refuses (exit 3) naming the holder after that. */
    public MigrationLock acquire(Duration wait) {
        Instant deadline = Instant.now().plus(wait);
        while (true) {
            if (tryInsert() || tryTakeOverExpired()) {
                startRenewing();
                return this;
            }
            if (Instant.now().isAfter(deadline)) {
                throw MonarchException.refused(describeHolder());
            }
            sleep(Math.min(250, Math.max(10, wait.toMillis() / 10)));
        }
    }

    private boolean tryInsert() {
        try {
            collection.insertOne(lockDocument(Instant.now()));
            return true;
        } catch (MongoWriteException e) {
            if (ErrorCategory.fromErrorCode(e.getCode()) == ErrorCategory.DUPLICATE_KEY) {
                return false;
            }
            throw e;
        }
    }

    private boolean tryTakeOverExpired() {
        Instant now = Instant.now();
        return collection.findOneAndReplace(Filters.and(Filters.eq("_id", LOCK_ID), Filters.lt("expiresAt", Date.from(now))),
                lockDocument(now)) != null;
    }

    private Document lockDocument(Instant now) {
        return new Document("_id", LOCK_ID).append("owner", runBy.owner()).append("user", runBy.user())
                .append("host", runBy.host()).append("pid", runBy.pid())
                .append("acquiredAt", Date.from(now)).append("expiresAt", Date.from(now.plus(ttl)));
    }

    private String describeHolder() {
        Document holder = collection.find(Filters.eq("_id", LOCK_ID)).first();
        if (holder == null) {
            return "could not take the migration lock of " + environment + "; run migrate again";
        }
        return environment + " is being migrated by " + holder.getString("user") + " on " + holder.getString("host")
                + " (pid " + holder.get("pid") + ") since " + holder.getDate("acquiredAt").toInstant()
                + "; its lock expires at " + holder.getDate("expiresAt").toInstant()
                + " unless renewed. Wait for it to finish, or, if that process is gone, run 'monarch unlock " + environment + "'";
    }

    private void startRenewing() {
        renewer = Workers.scheduled("lock-renewer");
        long every = Math.max(100, ttl.toMillis() / 3);
        renewer.scheduleAtFixedRate(this::renew, every, every, TimeUnit.MILLISECONDS);
    }

    private void renew() {
        try {
            long matched = collection.updateOne(Filters.and(Filters.eq("_id", LOCK_ID), Filters.eq("owner", runBy.owner())),
                    Updates.set("expiresAt", Date.from(Instant.now().plus(ttl)))).getMatchedCount();
            if (matched == 0) {
                lost = true;
            }
        } catch (RuntimeException e) {
            // a passing network fault; the next renewal tries again, and the expiry covers two misses
        }
    }

    /** Refuses to go on if another process took the lock over (this one stalled past its expiry). */
    public void checkHeld() {
        if (lost) {
            throw MonarchException.refused("the migration lock of " + environment
                    + " expired and was taken over by another monarch; stopped before the next migration");
        }
    }

    @Override
    public void close() {
        if (renewer != null) {
            renewer.shutdownNow();
        }
        collection.deleteOne(Filters.and(Filters.eq("_id", LOCK_ID), Filters.eq("owner", runBy.owner())));
    }

    /** Removes the lock whoever holds it (monarch unlock). Returns whether there was one. */
    public static boolean forceUnlock(MongoDatabase database, String collectionName) {
        return database.getCollection(collectionName).deleteOne(Filters.eq("_id", LOCK_ID)).getDeletedCount() > 0;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MonarchException(ExitCode.INTERRUPTED, "interrupted while waiting for the migration lock");
        }
    }
}
