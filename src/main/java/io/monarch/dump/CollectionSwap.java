package io.monarch.dump;

import com.mongodb.MongoCommandException;
import com.mongodb.MongoNamespace;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.RenameCollectionOptions;
import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.BsonString;
import org.bson.BsonValue;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The end of a load: each complete staging collection is renamed over its target collection, views are made
 * again, and the target's collections the load does not hold are dropped (monarch's own never).
 */
final class CollectionSwap {
    private final MongoDatabase target;
    private final StagingCollections staging;
    private final Set<String> untouchable;
    private final Consumer<String> warnings;

    CollectionSwap(MongoDatabase target, StagingCollections staging, Set<String> untouchable, Consumer<String> warnings) {
        this.target = target;
        this.staging = staging;
        this.untouchable = untouchable;
        this.warnings = warnings;
    }

    void run(Collection<CollectionIntent> intents) {
        Set<String> loaded = new HashSet<>();
        for (CollectionIntent intent : intents) {
            loaded.add(intent.name());
            if (!intent.isView()) {
                target.getCollection(staging.nameOf(intent.name())).renameCollection(
                        new MongoNamespace(target.getName(), intent.name()), new RenameCollectionOptions().dropTarget(true));
                staging.swappedIn(intent.name());
            }
        }
        for (CollectionIntent intent : intents) {
            if (intent.isView()) {
                createView(intent);
            }
        }
        for (String existing : target.listCollectionNames().into(new ArrayList<>())) {
            if (!loaded.contains(existing) && !untouchable.contains(existing) && !existing.startsWith("system.")
                    && !StagingNames.isStaging(existing)) {
                target.getCollection(existing).drop();
            }
        }
    }

    private void createView(CollectionIntent view) {
        target.getCollection(view.name()).drop();
        BsonDocument command = new BsonDocument("create", new BsonString(view.name()));
        BsonDocument options = view.options();
        command.put("viewOn", options.get("viewOn", new BsonString("")));
        command.put("pipeline", options.get("pipeline", new BsonArray()));
        if (options.containsKey("collation")) {
            command.put("collation", options.get("collation"));
        }
        try {
            target.runCommand(command);
        } catch (MongoCommandException e) {
            warnings.accept("view " + view.name() + " could not be created on this server (" + e.getErrorMessage() + ")");
            return;
        }
        if (!isView(view.name())) {
            // mongo-java-server accepts createView but makes a plain collection: remove it and say so
            target.getCollection(view.name()).drop();
            warnings.accept("view " + view.name() + " was not restored: this server (the embedded one) has no views");
        }
    }

    private boolean isView(String name) {
        for (BsonDocument info : target.listCollections(BsonDocument.class).filter(new BsonDocument("name", new BsonString(name)))) {
            BsonValue type = info.get("type");
            return type != null && type.isString() && "view".equals(type.asString().getValue());
        }
        return false;
    }
}
