package io.monarch.dump;

import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.BsonString;
import org.bson.BsonValue;
import org.bson.json.JsonMode;
import org.bson.json.JsonWriterSettings;

import java.util.ArrayList;
import java.util.List;

/**
 * The {@code .metadata.json} text mongodump writes for a collection, and that the archive prelude carries:
 * {@code {"indexes": [...], "collectionName": ..., "type": ..., "options": {...}}} in canonical extended JSON.
 */
public final class CollectionMetadata {
    private static final JsonWriterSettings CANONICAL = JsonWriterSettings.builder().outputMode(JsonMode.EXTENDED).build();

    private CollectionMetadata() {
    }

    public static String toJson(CollectionIntent intent) {
        BsonDocument doc = new BsonDocument("indexes", new BsonArray(new ArrayList<BsonValue>(intent.indexes())))
                .append("collectionName", new BsonString(intent.name()))
                .append("type", new BsonString(intent.type()))
                .append("options", intent.options());
        return doc.toJson(CANONICAL);
    }

    /** Reads metadata JSON (ours or mongodump's) back into an intent for the named collection. */
    public static CollectionIntent fromJson(String name, String fallbackType, String json) {
        BsonDocument doc = json == null || json.isBlank() ? new BsonDocument() : BsonDocument.parse(json);
        List<BsonDocument> indexes = new ArrayList<>();
        if (doc.isArray("indexes")) {
            for (BsonValue index : doc.getArray("indexes")) {
                indexes.add(index.asDocument());
            }
        }
        String type = doc.isString("type") ? doc.getString("type").getValue() : fallbackType == null ? "collection" : fallbackType;
        BsonDocument options = doc.isDocument("options") ? doc.getDocument("options") : new BsonDocument();
        return new CollectionIntent(name, type, options, indexes, Selection.ALL);
    }
}
