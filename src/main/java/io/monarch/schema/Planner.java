package io.monarch.schema;

import org.bson.BsonDocument;
import org.bson.BsonValue;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.ToLongFunction;

/**
 * Compares declared schema with an environment's and lists the steps that would make them match, in the
 * order they must run: collections first, then their options, index drops before index builds (an index may
 * be rebuilt under its old name), views after what they read, and drops of whole collections last.
 */
final class Planner {
    private static final List<String> VALIDATION = List.of("validator", "validationLevel", "validationAction");
    private static final List<String> MODIFIABLE = List.of("changeStreamPreAndPostImages", "expireAfterSeconds", "size", "max");
    private static final List<String> FIXED = List.of("collation", "timeseries", "clusteredIndex", "capped");

    private final ServerCapabilities server;
    private final boolean prune;
    private final ToLongFunction<String> documents;

    private final List<PlanStep> creates = new ArrayList<>();
    private final List<PlanStep> optionChanges = new ArrayList<>();
    private final List<PlanStep> indexDrops = new ArrayList<>();
    private final List<PlanStep> indexRebuilds = new ArrayList<>();
    private final List<PlanStep> indexChanges = new ArrayList<>();
    private final List<PlanStep> indexCreates = new ArrayList<>();
    private final List<PlanStep> viewSteps = new ArrayList<>();
    private final List<PlanStep> collectionDrops = new ArrayList<>();
    private final List<NotDeclared> notDeclared = new ArrayList<>();
    private final List<String> notCompared = new ArrayList<>();
    private final List<String> cappedHere = new ArrayList<>();
    private boolean rebuiltForLackOfCollMod;

    /** @param documents how many documents a collection holds, for what a drop would meet */
    Planner(ServerCapabilities server, boolean prune, ToLongFunction<String> documents) {
        this.server = server;
        this.prune = prune;
        this.documents = documents;
    }

    SchemaPlan plan(String database, DatabaseSchema declared, DatabaseSchema actual, List<String> ignored) {
        for (CollectionSchema wanted : declared.collections()) {
            Optional<CollectionSchema> existing = actual.find(wanted.name());
            if (wanted.isView()) {
                planView(wanted, existing);
            } else if (existing.isEmpty()) {
                creates.add(new CreateCollection(wanted));
                wanted.indexes().forEach(index -> indexCreates.add(new CreateIndex(wanted.name(), index)));
                if (wanted.isCapped() && !server.cappedCollections()) {
                    cappedHere.add(wanted.name());
                }
            } else if (existing.get().isView()) {
                optionChanges.add(new CannotChange(wanted.name(), "a view into a collection",
                        List.of("- view on " + existing.get().viewOn(), "+ collection")));
            } else {
                CollectionSchema canonical = Canonical.collection(wanted);
                planOptions(canonical, existing.get());
                planIndexes(wanted, canonical, existing.get());
            }
        }
        for (CollectionSchema existing : actual.collections()) {
            if (declared.find(existing.name()).isEmpty()) {
                planUndeclared(existing);
            }
        }
        List<PlanStep> steps = new ArrayList<>();
        for (List<PlanStep> phase : List.of(creates, optionChanges, indexDrops, indexRebuilds, indexChanges, indexCreates,
                viewSteps, collectionDrops)) {
            steps.addAll(phase);
        }
        return new SchemaPlan(database, prune, steps, notDeclared, notes(ignored));
    }

    private void planView(CollectionSchema wanted, Optional<CollectionSchema> existing) {
        if (existing.isEmpty()) {
            viewSteps.add(new CreateView(wanted));
        } else if (existing.get().isView()) {
            if (!BsonValues.same(Canonical.collection(wanted).options(), existing.get().options())) {
                viewSteps.add(new ChangeView(existing.get(), wanted));
            }
        } else if (!server.views()) {
            notCompared.add("view " + wanted.name());
        } else {
            viewSteps.add(new CannotChange(wanted.name(), "a collection into a view",
                    List.of("- collection", "+ view on " + wanted.viewOn())));
        }
    }

    private void planOptions(CollectionSchema wanted, CollectionSchema existing) {
        if (!server.keepsCollectionOptions()) {
            if (!wanted.options().isEmpty()) {
                notCompared.add(String.join(", ", wanted.options().keySet()) + " of " + wanted.name());
            }
            return;
        }
        BsonDocument validationBefore = subset(existing.options(), VALIDATION);
        BsonDocument validationAfter = subset(wanted.options(), VALIDATION);
        if (!BsonValues.same(validationBefore, validationAfter)) {
            optionChanges.add(new ChangeValidator(wanted.name(), validationBefore, validationAfter));
        }
        BsonDocument fixedBefore = subset(existing.options(), FIXED);
        BsonDocument fixedAfter = subset(wanted.options(), FIXED);
        boolean fixedDiffer = !BsonValues.same(fixedBefore, fixedAfter);
        if (fixedDiffer) {
            List<String> names = FIXED.stream().filter(k -> !BsonValues.same(fixedBefore.get(k), fixedAfter.get(k))).toList();
            optionChanges.add(new CannotChange(wanted.name(), "its " + String.join(", ", names),
                    JsonDifference.between(fixedBefore, fixedAfter)));
        }
        // A capped size is changed by collMod only while the collection stays capped (or stays not capped).
        List<String> modifiable = fixedDiffer && !BsonValues.same(fixedBefore.get("capped"), fixedAfter.get("capped"))
                ? List.of("changeStreamPreAndPostImages", "expireAfterSeconds") : MODIFIABLE;
        BsonDocument before = subset(existing.options(), modifiable);
        BsonDocument after = subset(wanted.options(), modifiable);
        if (!BsonValues.same(before, after)) {
            optionChanges.add(new ChangeOptions(wanted.name(), before, after));
        }
    }

    /**
     * Declared indexes meet existing ones by name, or else by key pattern (an index renamed in the file). A
     * TTL or hidden change is a collMod; any other change rebuilds the index.
     */
    private void planIndexes(CollectionSchema declared, CollectionSchema wanted, CollectionSchema existing) {
        Set<String> declaredNames = new LinkedHashSet<>();
        wanted.indexes().forEach(i -> declaredNames.add(i.name()));
        Set<String> matched = new LinkedHashSet<>();
        for (int i = 0; i < wanted.indexes().size(); i++) {
            IndexSchema index = wanted.indexes().get(i);
            IndexSchema asDeclared = declared.indexes().get(i);
            IndexSchema current = existing.index(index.name()).orElseGet(() -> existing.indexes().stream()
                    .filter(e -> !declaredNames.contains(e.name()) && !matched.contains(e.name()) && BsonValues.same(e.keys(), index.keys()))
                    .findFirst().orElse(null));
            if (current == null) {
                indexCreates.add(new CreateIndex(wanted.name(), asDeclared));
                continue;
            }
            matched.add(current.name());
            List<String> differences = differences(current, index);
            if (differences.isEmpty()) {
                continue;
            }
            boolean ttlChange = differences.contains("expireAfterSeconds") && current.hasTtl() && index.hasTtl();
            boolean collModOnly = differences.stream().allMatch(d -> d.equals("hidden") || d.equals("expireAfterSeconds") && ttlChange);
            if (collModOnly && server.collMod()) {
                IndexSchema from = current;
                if (ttlChange) {
                    // With a hidden change to follow, the TTL step ends where that one starts.
                    IndexSchema to = differences.contains("hidden") ? withOption(current, "expireAfterSeconds",
                            index.options().get("expireAfterSeconds")) : index;
                    indexChanges.add(new ChangeTtl(wanted.name(), from, to));
                    from = to;
                }
                if (differences.contains("hidden")) {
                    indexChanges.add(new ChangeIndexHidden(wanted.name(), from, index));
                }
            } else {
                String reason = String.join(", ", differences) + " changed";
                if (collModOnly) {
                    reason += "; this server has no collMod";
                    rebuiltForLackOfCollMod = true;
                }
                indexRebuilds.add(new RecreateIndex(wanted.name(), current, asDeclared, reason));
            }
        }
        for (IndexSchema index : existing.indexes()) {
            if (!matched.contains(index.name())) {
                if (prune) {
                    indexDrops.add(new DropIndex(existing.name(), index));
                } else {
                    notDeclared.add(new NotDeclared("index", existing.name(), index.name(), 0));
                }
            }
        }
    }

    private static IndexSchema withOption(IndexSchema index, String option, BsonValue value) {
        BsonDocument options = index.options().clone();
        options.put(option, value);
        return new IndexSchema(index.name(), index.keys(), options);
    }

    private static List<String> differences(IndexSchema current, IndexSchema wanted) {
        List<String> differences = new ArrayList<>();
        if (!BsonValues.same(current.keys(), wanted.keys())) {
            differences.add("keys");
        }
        if (!current.name().equals(wanted.name())) {
            differences.add("name");
        }
        Set<String> options = new LinkedHashSet<>(current.options().keySet());
        options.addAll(wanted.options().keySet());
        for (String option : options) {
            if (!BsonValues.same(current.options().get(option), wanted.options().get(option))) {
                differences.add(option);
            }
        }
        return differences;
    }

    private void planUndeclared(CollectionSchema existing) {
        long count = existing.isView() ? 0 : documents.applyAsLong(existing.name());
        if (prune) {
            collectionDrops.add(existing.isView() ? new DropView(existing) : new DropCollection(existing, count));
        } else {
            notDeclared.add(new NotDeclared(existing.isView() ? "view" : "collection", existing.name(), null, count));
        }
    }

    /** What this server cannot compare or do, each said once. */
    private List<String> notes(List<String> ignored) {
        List<String> notes = new ArrayList<>();
        if (!notCompared.isEmpty()) {
            notes.add(server.server() + " keeps no collection options and has no views, so these are not compared here: "
                    + String.join("; ", notCompared) + " (MongoDB compares them)");
        }
        if (rebuiltForLackOfCollMod) {
            notes.add(server.server() + " has no collMod, so a TTL or hidden change is made by dropping and creating the index");
        }
        if (!cappedHere.isEmpty()) {
            notes.add(server.server() + " cannot create capped collections: creating " + String.join(", ", cappedHere)
                    + " fails here (it works on MongoDB)");
        }
        if (!ignored.isEmpty()) {
            notes.add("schema files have no words for these, so they are not compared: " + String.join(", ", ignored));
        }
        return notes;
    }

    private static BsonDocument subset(BsonDocument options, List<String> keys) {
        BsonDocument out = new BsonDocument();
        for (String key : keys) {
            if (options.containsKey(key)) {
                out.put(key, options.get(key));
            }
        }
        return out;
    }
}
