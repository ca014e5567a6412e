package io.monarch.load;

import io.monarch.intent.CollectionIntent;
import com.mongodb.MongoCommandException;
import com.mongodb.client.MongoDatabase;
import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.BsonString;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The staging collections of one load in a target database: created with the collection's options where this
 * server has them, indexed after the data, and dropped if the load does not finish.
 */
final class StagingCollections {
    private final MongoDatabase target;
    private final StagingNames names;
    private final Consumer<String> warnings;
    private final List<String> created = new CopyOnWriteArrayList<>();

    StagingCollections(MongoDatabase target, StagingNames names, Consumer<String> warnings) {
        this.target = target;
        this.names = names;
        this.warnings = warnings;
    }

    String nameOf(String collection) {
        return names.of(collection);
    }

    /** Creates the staging collection of {@code intent}, with its options; warns where this server cannot keep them. */
    void create(CollectionIntent intent) {
        String name = names.of(intent.name());
        BsonDocument options = creationOptions(intent.options());
        BsonDocument command = new BsonDocument("create", new BsonString(name));
        command.putAll(options);
        try {
            target.runCommand(command);
        } catch (MongoCommandException e) {
            if (options.isEmpty()) {
                throw e;
            }
            warnings.accept(intent.name() + ": this server cannot create it with its options " + options.toJson()
                    + " (" + e.getErrorMessage() + "); it is restored as a plain collection");
            target.runCommand(new BsonDocument("create", new BsonString(name)));
        }
        created.add(name);
        if (options.containsKey("validator") && !hasOption(name, "validator")) {
            warnings.accept(intent.name() + ": this server does not keep validators; its validator was not restored");
        }
    }

    /** Takes over the staging collection a stopped run made for {@code intent} (a run resumed). */
    void adopt(CollectionIntent intent) {
        String name = names.of(intent.name());
        if (!target.listCollectionNames().filter(new BsonDocument("name", new BsonString(name))).into(new java.util.ArrayList<>()).isEmpty()) {
            created.add(name);
        } else {
            create(intent); // nothing of it was loaded yet
        }
    }

    private static BsonDocument creationOptions(BsonDocument options) {
        BsonDocument copy = options.clone();
        // Options that belong to the source collection's identity, not to its creation.
        copy.remove("uuid");
        copy.remove("autoIndexId");
        copy.remove("viewOn");
        copy.remove("pipeline");
        return copy;
    }

    private boolean hasOption(String collection, String option) {
        for (BsonDocument info : target.listCollections(BsonDocument.class).filter(new BsonDocument("name", new BsonString(collection)))) {
            return info.isDocument("options") && info.getDocument("options").containsKey(option);
        }
        return false;
    }

    long count(String collection) {
        return target.getCollection(names.of(collection)).countDocuments();
    }

    /** Builds the collection's indexes (but _id's, which it has) on its staging collection, after the data. */
    void buildIndexes(CollectionIntent intent) {
        BsonArray specs = new BsonArray();
        for (BsonDocument index : intent.indexes()) {
            if ("_id_".equals(index.getString("name", new BsonString("")).getValue())) {
                continue;
            }
            BsonDocument spec = index.clone();
            spec.remove("v");
            spec.remove("ns");
            specs.add(spec);
        }
        if (!specs.isEmpty()) {
            target.runCommand(new BsonDocument("createIndexes", new BsonString(names.of(intent.name()))).append("indexes", specs));
        }
    }

    /** Drops every staging collection still there. */
    void dropAll() {
        for (String name : List.copyOf(created)) {
            try {
                target.getCollection(name).drop();
                created.remove(name);
            } catch (RuntimeException e) {
                warnings.accept("could not drop staging collection " + name + " (" + e.getMessage() + "); drop it by hand");
            }
        }
    }
}
