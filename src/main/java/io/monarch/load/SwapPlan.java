package io.monarch.load;

import io.monarch.intent.CollectionIntent;
import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.BsonNull;
import org.bson.BsonString;
import org.bson.BsonValue;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * What the end of a load does to its target, written down before it starts so that a run killed half way
 * can be finished by the next one: staging collections renamed over their targets, views made again, time-series
 * collections made again from their staged buckets, and (unless only some collections are restored) the target's
 * other collections dropped.
 *
 * @param views      the views to make, each {@code {name, options}}
 * @param timeseries the time-series collections to make, each {@code {from, to, options, indexes}}: a server cannot
 *                   rename one, so each is made anew and its buckets copied from the staging collection {@code from}
 * @param keep  the collections the target holds after the swap; null to leave the others alone
 */
record SwapPlan(List<Rename> renames, List<BsonDocument> views, List<BsonDocument> timeseries, List<String> keep) {

    record Rename(String from, String to) {
    }

    /**
     * The plan of a load of {@code intents}: each staged collection renamed over its target (a time-series one whose
     * buckets are kept is made anew from them), views made again, and with {@code replacesAll} every other collection
     * dropped but the target's own history when the load brings none.
     */
    static SwapPlan of(Collection<CollectionIntent> intents, Function<String, String> stagingOf, Predicate<String> keepsBuckets,
                       String tracking, boolean replacesAll) {
        List<Rename> renames = new ArrayList<>();
        List<BsonDocument> views = new ArrayList<>();
        List<BsonDocument> bucketed = new ArrayList<>();
        List<String> keep = new ArrayList<>();
        for (CollectionIntent intent : intents) {
            keep.add(intent.name());
            if (intent.isView()) {
                views.add(new BsonDocument("name", new BsonString(intent.name())).append("options", intent.options()));
            } else if (keepsBuckets.test(intent.name())) {
                bucketed.add(timeseries(stagingOf.apply(intent.name()), intent));
            } else {
                renames.add(new Rename(stagingOf.apply(intent.name()), intent.name()));
            }
        }
        if (!keep.contains(tracking)) {
            keep.add(tracking); // a dump without history keeps the target's
        }
        return new SwapPlan(renames, views, bucketed, replacesAll ? keep : null);
    }

    BsonDocument toBson() {
        BsonArray renameArray = new BsonArray();
        renames.forEach(r -> renameArray.add(new BsonDocument("from", new BsonString(r.from())).append("to", new BsonString(r.to()))));
        BsonArray keepArray = new BsonArray();
        if (keep != null) {
            keep.forEach(k -> keepArray.add(new BsonString(k)));
        }
        return new BsonDocument("renames", renameArray).append("views", new BsonArray(new ArrayList<BsonValue>(views)))
                .append("timeseries", new BsonArray(new ArrayList<BsonValue>(timeseries)))
                .append("keep", keep == null ? BsonNull.VALUE : keepArray);
    }

    /** A time-series collection to make at the swap from the buckets staged in {@code staging}. */
    static BsonDocument timeseries(String staging, CollectionIntent intent) {
        return new BsonDocument("from", new BsonString(staging)).append("to", new BsonString(intent.name()))
                .append("options", intent.options()).append("indexes", new BsonArray(new ArrayList<BsonValue>(intent.indexes())));
    }

    static SwapPlan fromBson(BsonDocument plan) {
        List<Rename> renames = new ArrayList<>();
        for (BsonValue r : plan.getArray("renames")) {
            renames.add(new Rename(r.asDocument().getString("from").getValue(), r.asDocument().getString("to").getValue()));
        }
        List<BsonDocument> views = plan.getArray("views").stream().map(BsonValue::asDocument).toList();
        List<BsonDocument> timeseries = plan.getArray("timeseries", new BsonArray()).stream().map(BsonValue::asDocument).toList();
        List<String> keep = plan.isArray("keep") ? plan.getArray("keep").stream().map(v -> v.asString().getValue()).toList() : null;
        return new SwapPlan(renames, views, timeseries, keep);
    }
}
