package io.monarch.intent;

import com.mongodb.client.MongoDatabase;
import org.bson.BsonDocument;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/** Lists a database's collections (and views) as intents: every one but system collections and the given ones. */
public final class DumpPlanner {
    private DumpPlanner() {
    }

    /** @param excluded monarch's own collections (see {@code Leftovers.ownCollections}) */
    public static List<CollectionIntent> plan(MongoDatabase database, Set<String> excluded) {
        List<CollectionIntent> intents = new ArrayList<>();
        for (BsonDocument info : database.listCollections(BsonDocument.class)) {
            String name = info.getString("name").getValue();
            if (name.startsWith("system.") || excluded.contains(name)) {
                continue;
            }
            String type = info.isString("type") ? info.getString("type").getValue() : "collection";
            BsonDocument options = info.isDocument("options") ? info.getDocument("options") : new BsonDocument();
            List<BsonDocument> indexes = new ArrayList<>();
            if (!"view".equals(type)) {
                database.getCollection(name, BsonDocument.class).listIndexes(BsonDocument.class).into(indexes);
            }
            intents.add(new CollectionIntent(name, type, options, indexes, Selection.ALL));
        }
        intents.sort(Comparator.comparing(CollectionIntent::name));
        return intents;
    }
}
