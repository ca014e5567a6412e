package io.monarch.load;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import org.bson.BsonDocument;
import org.bson.Document;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * What restores and copies that died (kill -9, power loss, a Ctrl-C that could not clean up) left in a target
 * database: runs killed while loading leave staging collections, which are dropped — but those of a run that can be
 * resumed ({@code --resume}), which stay until it is resumed or a new load into the target starts over; a run killed
 * during its swap is finished from the plan it wrote down, so the target is never left half old, half new. Runs whose
 * heartbeat is still going are left alone and reported.
 */
public final class Leftovers {
    private final MongoDatabase target;
    private final MongoCollection<Document> runs;
    private final Set<String> untouchable;
    private final Duration ttl;

    /** What was found: runs still going, runs kept to be resumed, and what was cleaned, each told in a line. */
    public record Report(List<String> running, List<String> resumable, List<String> cleaned) {
    }

    /**
     * @param runs        the collection run records live in (the environment's lock collection)
     * @param untouchable monarch's own collections, never dropped by a finished swap
     * @param ttl         a run whose heartbeat is older is dead
     */
    public Leftovers(MongoDatabase target, MongoCollection<Document> runs, Set<String> untouchable, Duration ttl) {
        this.target = target;
        this.runs = runs;
        this.untouchable = untouchable;
        this.ttl = ttl;
    }

    /**
     * Monarch's own collections in a database, which are not data: its lock collection (run records live there
     * too) and the staging collections of the loads those records name. A collection merely named like a staging
     * collection is user data.
     */
    public static Set<String> ownCollections(MongoDatabase database, String lockCollection) {
        Set<String> runs = new HashSet<>();
        for (Document record : database.getCollection(lockCollection).find(Filters.regex("_id", "^" + Pattern.quote(LoadRun.ID_PREFIX)))) {
            runs.add(record.getString("_id").substring(LoadRun.ID_PREFIX.length()));
        }
        Set<String> own = new HashSet<>(Set.of(lockCollection));
        for (String name : database.listCollectionNames()) {
            if (StagingNames.runOf(name).filter(runs::contains).isPresent()) {
                own.add(name);
            }
        }
        return own;
    }

    /** Cleans up after dead runs but resumable ones, which keep what they loaded until resumed or started over. */
    public Report clean(Consumer<String> warnings) {
        return clean(warnings, LoadRun::resumable);
    }

    /**
     * Cleans up after every dead run but those {@code keep} accepts, whose records and staging collections stay (a
     * run to resume). A resumable run not kept is dropped: the user started over.
     */
    Report clean(Consumer<String> warnings, Predicate<Document> keep) {
        // Collections first, then runs: a run records itself before it makes staging collections, so a staging
        // collection seen here whose run has no record yet cannot belong to a run that starts meanwhile.
        List<String> staging = target.listCollectionNames().into(new ArrayList<>()).stream().filter(StagingNames::isStaging).toList();
        List<Document> records = runs.find(Filters.regex("_id", "^" + Pattern.quote(LoadRun.ID_PREFIX))).into(new ArrayList<>());
        List<String> running = new ArrayList<>();
        List<String> resumable = new ArrayList<>();
        List<String> cleaned = new ArrayList<>();
        for (Document record : records) {
            try {
                cleanAfter(record, staging, keep, warnings, running, resumable, cleaned);
            } catch (RuntimeException e) {
                cleaned.add(setAside(record, e));
            }
        }
        // A collection named like a staging collection that no run record claims is not known to be ours: it may be
        // user data (monarch_staging_... is a name anyone can give), so it is left alone.
        return new Report(running, resumable, cleaned);
    }

    /**
     * A record this cleanup cannot act on (damaged, or a swap that cannot be finished) is set aside under another id
     * ({@code broken:<id>}), so that it no longer stops every later command, and said precisely: what it holds is kept
     * for a person to look at.
     */
    private String setAside(Document record, RuntimeException e) {
        Object id = record.get("_id");
        String asideId = "broken:" + String.valueOf(id).substring(Math.min(String.valueOf(id).length(), LoadRun.ID_PREFIX.length()));
        Document aside = new Document(record).append("_id", asideId).append("setAsideBecause", String.valueOf(e.getMessage()));
        runs.replaceOne(Filters.eq("_id", asideId), aside, new com.mongodb.client.model.ReplaceOptions().upsert(true));
        runs.deleteOne(Filters.eq("_id", id));
        return "could not clean up after the run recorded as " + id + " (" + e.getMessage() + "): its record is set aside as '"
                + asideId + "' in " + runs.getNamespace().getCollectionName() + ", and what it left is kept"
                + ("swapping".equals(record.get("phase")) ? " — it stopped during its swap, so " + target.getName()
                + " may hold some collections of the old data and some of the new: restore again to make it whole" : "")
                + "; delete the record once you have looked (db." + runs.getNamespace().getCollectionName()
                + ".deleteOne({_id: '" + asideId + "'}))";
    }

    private void cleanAfter(Document record, List<String> staging, Predicate<Document> keep, Consumer<String> warnings,
                            List<String> running, List<String> resumable, List<String> cleaned) {
        String runId = record.getString("_id").substring(LoadRun.ID_PREFIX.length());
        String who = describe(record);
        if (!LoadRun.dead(record, ttl)) {
            running.add(who + ", still running (heartbeat " + record.getDate("heartbeatAt").toInstant() + ")");
            return;
        }
        if (LoadRun.resumable(record) && keep.test(record)) {
            List<String> its = staging.stream().filter(s -> StagingNames.runOf(s).orElse("").equals(runId)).toList();
            resumable.add(who + ", stopped at " + record.getDate("heartbeatAt").toInstant() + " with "
                    + record.getList("finished", Object.class, List.of()).size() + " segment(s) loaded (" + count(its)
                    + "): run it again with --resume to finish it; without --resume it starts over and this is dropped");
            return;
        }
        if ("swapping".equals(record.getString("phase")) && record.get("plan") instanceof Document plan) {
            new CollectionSwap(target, untouchable, warnings).run(SwapPlan.fromBson(plan.toBsonDocument(BsonDocument.class,
                    runs.getCodecRegistry())));
            cleaned.add("finished the swap of " + who + ", which stopped part way: " + target.getName()
                    + " now holds all of what it was restoring");
        }
        Dropped dropped = drop(staging.stream().filter(s -> StagingNames.runOf(s).orElse("").equals(runId)).toList());
        if (dropped.collections() > 0) {
            cleaned.add("dropped the staging collections of " + who + ", which stopped at "
                    + record.getDate("heartbeatAt").toInstant() + ": " + dropped
                    + (LoadRun.resumable(record) ? " (it could have been resumed with --resume; this run starts over)" : ""));
        }
        runs.deleteOne(Filters.eq("_id", record.getString("_id")));
    }

    private record Dropped(int collections, long documents) {
        @Override
        public String toString() {
            return collections + " collection" + (collections == 1 ? "" : "s") + " holding " + documents + " document"
                    + (documents == 1 ? "" : "s");
        }
    }

    private Dropped count(List<String> names) {
        long documents = 0;
        for (String name : names) {
            documents += target.getCollection(name).estimatedDocumentCount();
        }
        return new Dropped(names.size(), documents);
    }

    private Dropped drop(List<String> names) {
        long documents = 0;
        for (String name : names) {
            documents += target.getCollection(name).estimatedDocumentCount();
            target.getCollection(name).drop();
        }
        return new Dropped(names.size(), documents);
    }

    private static String describe(Document record) {
        return "a " + record.getString("operation") + " of " + record.getString("source") + " by " + record.getString("user")
                + " on " + record.getString("host") + " (pid " + record.get("pid") + ")";
    }
}
