package io.monarch.lock;

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
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * One document that says who is changing an environment's database (migrate, restore, copy_db), with an expiry
 * its holder keeps pushing forward. A holder that died stops renewing, its lock expires, and the next command
 * takes it over. Its {@code _id} is "migrate" whatever the operation, as locks of earlier versions have it, or
 * "migrate:<namespace>" for a project with a namespace, so that projects sharing a database do not wait for each other.
 */
public final class EnvironmentLock implements AutoCloseable {
    private final MongoCollection<Document> collection;
    private final String lockId;
    private final RunBy runBy;
    private final Duration ttl;
    private final String environment;
    private final String operation;
    private ScheduledExecutorService renewer;
    private volatile boolean lost;

    /** @param operation what the holder does, for whoever waits: "migrate", "restore", "copy_db" */
    public EnvironmentLock(MongoDatabase database, String collectionName, String lockId, RunBy runBy, Duration ttl,
                           String environment, String operation) {
        this.collection = database.getCollection(collectionName);
        this.lockId = lockId;
        this.runBy = runBy;
        this.ttl = ttl;
        this.environment = environment;
        this.operation = operation;
    }

    /** Takes the lock, waiting up to {@code wait} for a live holder; refuses (exit 3) naming the holder after that. */
    public EnvironmentLock acquire(Duration wait) {
        Instant deadline = Instant.now().plus(wait);
        while (true) {
            Document other = null;
            if (tryInsert() || tryTakeOverExpired()) {
                other = conflicting();
                if (other == null) {
                    startRenewing();
                    return this;
                }
                deleteOwn();
            }
            if (Instant.now().isAfter(deadline)) {
                throw MonarchException.refused(other != null ? holder(other, environment).orElseThrow() : describeHolder());
            }
            long pause = Math.min(250, Math.max(10, wait.toMillis() / 10));
            sleep(pause + ThreadLocalRandom.current().nextLong(pause)); // apart, so two that met do not meet again
        }
    }

    /**
     * A live lock of another namespace that this one must not run beside: projects sharing a database migrate side by
     * side, each under its own lock, but a restore or copy replaces the whole database, so it runs beside nothing
     * and nothing runs beside it. Checked after taking this lock; two that take theirs at once both let go and retry.
     */
    private Document conflicting() {
        boolean load = !"migrate".equals(operation);
        for (Document other : collection.find(Filters.and(Filters.regex("_id", "^migrate(:|$)"), Filters.ne("_id", lockId),
                Filters.gt("expiresAt", new Date())))) {
            if (load || !"migrate".equals(other.get("operation", "migrate"))) {
                return other;
            }
        }
        return null;
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
        return collection.findOneAndReplace(Filters.and(Filters.eq("_id", lockId), Filters.lt("expiresAt", Date.from(now))),
                lockDocument(now)) != null;
    }

    private Document lockDocument(Instant now) {
        return new Document("_id", lockId).append("operation", operation).append("owner", runBy.owner()).append("user", runBy.user())
                .append("host", runBy.host()).append("pid", runBy.pid())
                .append("acquiredAt", Date.from(now)).append("expiresAt", Date.from(now.plus(ttl)));
    }

    private String describeHolder() {
        return holder(collection.find(Filters.eq("_id", lockId)).first(), environment)
                .orElse("could not take the lock of " + environment + "; run " + operation + " again");
    }

    /**
     * Removes the lock if its holder died (it expired unrenewed), as the next command would take it over; returns
     * who had it, in a sentence.
     */
    public static Optional<String> clearExpired(MongoDatabase database, String collectionName, String lockId, String environment) {
        Document expired = database.getCollection(collectionName).findOneAndDelete(
                Filters.and(Filters.eq("_id", lockId), Filters.lt("expiresAt", new Date())));
        return expired == null ? Optional.empty() : Optional.of("removed the expired lock of a " + expired.get("operation", "migrate")
                + " by " + expired.getString("user") + " on " + expired.getString("host") + " (pid " + expired.get("pid")
                + "), which stopped without releasing it");
    }

    /** Who holds an environment's lock, in a sentence; empty when nobody does. */
    public static Optional<String> holder(MongoDatabase database, String collectionName, String lockId, String environment) {
        return holder(database.getCollection(collectionName).find(Filters.eq("_id", lockId)).first(), environment);
    }

    private static Optional<String> holder(Document holder, String environment) {
        if (holder == null) {
            return Optional.empty();
        }
        String doing = switch (String.valueOf(holder.get("operation", "migrate"))) {
            case "restore" -> "restored into";
            case "copy_db" -> "copied into";
            default -> "migrated";
        };
        String id = String.valueOf(holder.get("_id"));
        String namespace = id.contains(":") ? " (namespace " + id.substring(id.indexOf(':') + 1) + ")" : "";
        return Optional.of(environment + namespace + " is being " + doing + " by " + holder.getString("user") + " on " + holder.getString("host")
                + " (pid " + holder.get("pid") + ") since " + holder.getDate("acquiredAt").toInstant()
                + "; its lock expires at " + holder.getDate("expiresAt").toInstant()
                + " unless renewed. Wait for it to finish, or, if that process is gone, run 'monarch unlock " + environment + "'");
    }

    private void startRenewing() {
        renewer = Workers.scheduled("lock-renewer");
        long every = Math.max(100, ttl.toMillis() / 3);
        renewer.scheduleAtFixedRate(this::renew, every, every, TimeUnit.MILLISECONDS);
    }

    private void renew() {
        try {
            long matched = collection.updateOne(Filters.and(Filters.eq("_id", lockId), Filters.eq("owner", runBy.owner())),
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
            throw MonarchException.refused("the lock of " + environment
                    + " expired and was taken over by another monarch; stopped before the next step");
        }
    }

    @Override
    public void close() {
        if (renewer != null) {
            renewer.shutdownNow();
        }
        deleteOwn();
    }

    /** Removes the lock if this holder still has it (never one another process took over). */
    private void deleteOwn() {
        collection.deleteOne(Filters.and(Filters.eq("_id", lockId), Filters.eq("owner", runBy.owner())));
    }

    /** Removes the lock whoever holds it (monarch unlock). Returns whether there was one. */
    public static boolean forceUnlock(MongoDatabase database, String collectionName, String lockId) {
        return database.getCollection(collectionName).deleteOne(Filters.eq("_id", lockId)).getDeletedCount() > 0;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MonarchException(ExitCode.INTERRUPTED, "interrupted while waiting for an environment's lock");
        }
    }
}
