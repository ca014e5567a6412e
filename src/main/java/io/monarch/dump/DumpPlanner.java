package io.monarch.dump;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import org.bson.BsonDocument;
import org.bson.Document;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Lists a database's collections (and views) as intents: every one but system collections, monarch's lock
 * collection and the staging collections of the loads its run records name (a collection merely named like one
 * is user data, and is taken).
 */
public final class DumpPlanner {
    private DumpPlanner() {
    }

    public static List<CollectionIntent> plan(MongoDatabase database, String lockCollection) {
        Set<String> runs = new HashSet<>();
        for (Document record : database.getCollection(lockCollection).find(Filters.regex("_id", "^" + Pattern.quote(LoadRun.ID_PREFIX)))) {
            runs.add(record.getString("_id").substring(LoadRun.ID_PREFIX.length()));
        }
        List<CollectionIntent> intents = new ArrayList<>();
        for (BsonDocument info : database.listCollections(BsonDocument.class)) {
            String name = info.getString("name").getValue();
            if (name.startsWith("system.") || name.equals(lockCollection) || StagingNames.runOf(name).filter(runs::contains).isPresent()) {
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
