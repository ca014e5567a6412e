package io.monarch.load;

import io.monarch.intent.TimeseriesNames;
import com.mongodb.MongoCommandException;
import com.mongodb.MongoNamespace;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.InsertManyOptions;
import com.mongodb.client.model.RenameCollectionOptions;
import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.BsonString;
import org.bson.BsonValue;
import org.bson.RawBsonDocument;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Carries out a {@link SwapPlan}: each complete staging collection renamed over its target collection, views
 * made again, the target's collections the load does not hold dropped (monarch's own never). Each step can be
 * done again: a rename whose staging collection is gone was done, so a run killed half way is finished by
 * running the same plan once more.
 */
final class CollectionSwap {
    /** Test-only: a pause after each rename, so that a test can kill a run between two renames. */
    private static final long PAUSE_MILLIS = Long.getLong("monarch.test.swapPauseMillis", 0);

    private final MongoDatabase target;
    private final Set<String> untouchable;
    private final Consumer<String> warnings;

    CollectionSwap(MongoDatabase target, Set<String> untouchable, Consumer<String> warnings) {
        this.target = target;
        this.untouchable = untouchable;
        this.warnings = warnings;
    }

    void run(SwapPlan plan) {
        Set<String> present = new HashSet<>(target.listCollectionNames().into(new ArrayList<>()));
        for (SwapPlan.Rename rename : plan.renames()) {
            if (present.contains(rename.from())) {
                target.getCollection(rename.from()).renameCollection(new MongoNamespace(target.getName(), rename.to()),
                        new RenameCollectionOptions().dropTarget(true));
                pause();
            }
        }
        for (BsonDocument timeseries : plan.timeseries()) {
            if (present.contains(timeseries.getString("from").getValue())) {
                makeTimeseries(timeseries);
            }
        }
        for (BsonDocument view : plan.views()) {
            createView(view.getString("name").getValue(), view.getDocument("options"));
        }
        if (plan.keep() != null) {
            Set<String> keep = new HashSet<>(plan.keep());
            for (String existing : target.listCollectionNames().into(new ArrayList<>())) {
                if (!keep.contains(existing) && !untouchable.contains(existing) && !existing.startsWith("system.")
                        && !StagingNames.isStaging(existing)) {
                    target.getCollection(existing).drop();
                }
            }
        }
    }

    /**
     * Makes a time-series collection anew (with its options and indexes) and copies its buckets in from their staging
     * collection, which is dropped last: a run killed part way does it again from the start.
     */
    private void makeTimeseries(BsonDocument plan) {
        String from = plan.getString("from").getValue();
        String to = plan.getString("to").getValue();
        if (exists(to)) {
            target.getCollection(to).drop();
        }
        BsonDocument create = new BsonDocument("create", new BsonString(to));
        BsonDocument options = plan.getDocument("options").clone();
        options.remove("uuid");
        create.putAll(options);
        target.runCommand(create);
        MongoCollection<RawBsonDocument> buckets = target.getCollection(TimeseriesNames.bucketsOf(to), RawBsonDocument.class);
        List<RawBsonDocument> batch = new ArrayList<>();
        long bytes = 0;
        for (RawBsonDocument bucket : target.getCollection(from, RawBsonDocument.class).find()) {
            batch.add(bucket);
            bytes += bucket.getByteBuffer().remaining();
            if (batch.size() >= 1000 || bytes >= 8 << 20) {
                buckets.insertMany(batch, new InsertManyOptions().bypassDocumentValidation(true));
                batch = new ArrayList<>();
                bytes = 0;
            }
        }
        if (!batch.isEmpty()) {
            buckets.insertMany(batch, new InsertManyOptions().bypassDocumentValidation(true));
        }
        BsonArray indexes = new BsonArray();
        for (BsonValue index : plan.getArray("indexes")) {
            BsonDocument spec = index.asDocument().clone();
            spec.remove("v");
            spec.remove("ns");
            if (!"_id_".equals(spec.getString("name", new BsonString("")).getValue())) {
                indexes.add(spec);
            }
        }
        if (!indexes.isEmpty()) {
            target.runCommand(new BsonDocument("createIndexes", new BsonString(to)).append("indexes", indexes));
        }
        target.getCollection(from).drop();
    }

    private static void pause() {
        if (PAUSE_MILLIS > 0) {
            try {
                Thread.sleep(PAUSE_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void createView(String name, BsonDocument options) {
        if (exists(name)) {
            target.getCollection(name).drop();
        }
        BsonDocument command = new BsonDocument("create", new BsonString(name));
        command.put("viewOn", options.get("viewOn", new BsonString("")));
        command.put("pipeline", options.get("pipeline", new BsonArray()));
        if (options.containsKey("collation")) {
            command.put("collation", options.get("collation"));
        }
        try {
            target.runCommand(command);
        } catch (MongoCommandException e) {
            warnings.accept("view " + name + " could not be created on this server (" + e.getErrorMessage() + ")");
            return;
        }
        if (!isView(name)) {
            // mongo-java-server accepts createView but makes a plain collection: remove it and say so
            target.getCollection(name).drop();
            warnings.accept("view " + name + " was not restored: this server (the embedded one) has no views");
        }
    }

    private boolean exists(String name) {
        return !target.listCollectionNames().filter(new BsonDocument("name", new BsonString(name))).into(new ArrayList<>()).isEmpty();
    }

    private boolean isView(String name) {
        List<BsonDocument> infos = target.listCollections(BsonDocument.class)
                .filter(new BsonDocument("name", new BsonString(name))).into(new ArrayList<>());
        for (BsonDocument info : infos) {
            BsonValue type = info.get("type");
            return type != null && type.isString() && "view".equals(type.asString().getValue());
        }
        return false;
    }
}
