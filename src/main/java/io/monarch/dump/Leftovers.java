package io.monarch.dump;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import org.bson.BsonDocument;
import org.bson.Document;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * What restores and copies that died (kill -9, power loss, a Ctrl-C that could not clean up) left in a target
 * database: runs killed while loading leave staging collections, which are dropped; a run killed during its
 * swap is finished from the plan it wrote down, so the target is never left half old, half new. Runs whose
 * heartbeat is still going are left alone and reported.
 */
public final class Leftovers {
    private final MongoDatabase target;
    private final MongoCollection<Document> runs;
    private final Set<String> untouchable;
    private final Duration ttl;

    /** What was found: runs still going, and what was cleaned, each told in a line. */
    public record Report(List<String> running, List<String> cleaned) {
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

    public Report clean(Consumer<String> warnings) {
        // Collections first, then runs: a run records itself before it makes staging collections, so a staging
        // collection seen here whose run has no record yet cannot belong to a run that starts meanwhile.
        List<String> staging = target.listCollectionNames().into(new ArrayList<>()).stream().filter(StagingNames::isStaging).toList();
        List<Document> records = runs.find(Filters.regex("_id", "^" + Pattern.quote(LoadRun.ID_PREFIX))).into(new ArrayList<>());
        List<String> running = new ArrayList<>();
        List<String> cleaned = new ArrayList<>();
        Set<String> known = new HashSet<>();
        for (Document record : records) {
            String runId = record.getString("_id").substring(LoadRun.ID_PREFIX.length());
            known.add(runId);
            String who = describe(record);
            if (!LoadRun.dead(record, ttl)) {
                running.add(who + ", still running (heartbeat " + record.getDate("heartbeatAt").toInstant() + ")");
                continue;
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
                        + record.getDate("heartbeatAt").toInstant() + ": " + dropped);
            }
            runs.deleteOne(Filters.eq("_id", record.getString("_id")));
        }
        Map<String, List<String>> orphans = new TreeMap<>();
        for (String name : staging) {
            String runId = StagingNames.runOf(name).orElse("");
            if (!known.contains(runId)) {
                orphans.computeIfAbsent(runId, r -> new ArrayList<>()).add(name);
            }
        }
        if (!orphans.isEmpty()) {
            Dropped dropped = drop(orphans.values().stream().flatMap(List::stream).toList());
            cleaned.add("dropped the staging collections of " + orphans.size() + " killed run(s) that left no record: " + dropped);
        }
        return new Report(running, cleaned);
    }

    private record Dropped(int collections, long documents) {
        @Override
        public String toString() {
            return collections + " collection" + (collections == 1 ? "" : "s") + " holding " + documents + " document"
                    + (documents == 1 ? "" : "s");
        }
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
