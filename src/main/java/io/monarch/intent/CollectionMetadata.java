package io.monarch.intent;

import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.BsonString;
import org.bson.BsonValue;
import org.bson.json.JsonMode;
import org.bson.json.JsonParseException;
import org.bson.json.JsonWriterSettings;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The {@code .metadata.json} text mongodump writes for a collection, and that the archive prelude carries:
 * {@code {"options": {...}, "indexes": [...], "uuid": ..., "collectionName": ..., "type": ...}}, in legacy JSON
 * (mongodump 3.4, 4.0) or canonical extended JSON (4.2 and later). Nothing checks these bytes (no CRC covers
 * them), so they are read strictly: a key mongodump never writes, an index list that is not one or an index spec
 * that is not one is refused, naming where it was, rather than restoring a collection without its indexes. As
 * mongorestore reads them, an empty (or blank) metadata file is no metadata, and one without {@code indexes} has
 * no index but {@code _id}'s.
 */
public final class CollectionMetadata {
    private static final JsonWriterSettings CANONICAL = JsonWriterSettings.builder().outputMode(JsonMode.EXTENDED).build();
    private static final Set<String> KEYS = Set.of("options", "indexes", "uuid", "collectionName", "type");
    private static final Set<String> TYPES = Set.of("collection", "view", "timeseries");
    /** Every key an index spec of MongoDB 3.4 to 8 may hold (listIndexes' documents, as mongodump keeps them). */
    private static final Set<String> INDEX_KEYS = Set.of("v", "key", "name", "ns", "unique", "sparse", "background",
            "partialFilterExpression", "expireAfterSeconds", "hidden", "storageEngine", "collation", "weights",
            "default_language", "language_override", "textIndexVersion", "2dsphereIndexVersion", "bits", "min", "max",
            "bucketSize", "wildcardProjection", "dropDups", "clustered", "prepareUnique", "columnstoreProjection",
            "safe", "originalSpec");

    private CollectionMetadata() {
    }

    public static String toJson(CollectionIntent intent) {
        BsonDocument doc = new BsonDocument("indexes", new BsonArray(new ArrayList<BsonValue>(intent.indexes())))
                .append("collectionName", new BsonString(intent.name()))
                .append("type", new BsonString(intent.type()))
                .append("options", intent.options());
        return doc.toJson(CANONICAL);
    }

    /** Whether metadata text says nothing: mongorestore takes an empty or blank metadata file as none. */
    public static boolean isBlank(String json) {
        return json == null || json.isBlank();
    }

    /** The metadata document, checked; {@code where} names it in errors (a file, or a namespace of an archive). */
    public static BsonDocument parse(String json, String where) throws MalformedDumpException {
        BsonDocument doc;
        try {
            doc = BsonDocument.parse(json);
        } catch (JsonParseException | IllegalArgumentException e) {
            throw new MalformedDumpException("the metadata of " + where + " is not valid JSON (" + e.getMessage() + ")");
        }
        for (String key : doc.keySet()) {
            if (!KEYS.contains(key)) {
                throw new MalformedDumpException("the metadata of " + where + " has a key '" + key
                        + "' that mongodump never writes (it writes " + String.join(", ", KEYS.stream().sorted().toList())
                        + "): it is damaged or not a mongodump's");
            }
        }
        if (doc.containsKey("indexes") && !doc.isArray("indexes")) {
            throw new MalformedDumpException("the metadata of " + where + " has 'indexes' that are not a list: it is damaged");
        }
        if (doc.containsKey("options") && !doc.isDocument("options")) {
            throw new MalformedDumpException("the metadata of " + where + " has 'options' that are not a document: it is damaged");
        }
        if (doc.containsKey("type") && !(doc.isString("type") && TYPES.contains(doc.getString("type").getValue()))) {
            throw new MalformedDumpException("the metadata of " + where + " has a type " + doc.get("type")
                    + "; mongodump writes collection, view or timeseries");
        }
        if (doc.containsKey("collectionName") && !doc.isString("collectionName")) {
            throw new MalformedDumpException("the metadata of " + where + " has a 'collectionName' that is not a string");
        }
        for (BsonValue index : doc.getArray("indexes", new BsonArray())) {
            checkIndex(index, where);
        }
        return doc;
    }

    private static void checkIndex(BsonValue index, String where) throws MalformedDumpException {
        if (!index.isDocument()) {
            throw new MalformedDumpException("an index of " + where + " is " + index + ", not an index spec: it is damaged");
        }
        BsonDocument spec = index.asDocument();
        String name = spec.isString("name") ? spec.getString("name").getValue() : null;
        if (name == null || !spec.isDocument("key") || spec.getDocument("key").isEmpty()) {
            throw new MalformedDumpException("an index of " + where + " has no " + (name == null ? "name" : "key")
                    + ": " + spec.toJson());
        }
        for (String key : spec.keySet()) {
            if (!INDEX_KEYS.contains(key)) {
                throw new MalformedDumpException("index " + name + " of " + where + " has an option '" + key
                        + "' that MongoDB does not know: the metadata is damaged (restoring it would lose what it meant)");
            }
        }
    }

    /** The intent for collection {@code name} that a checked metadata document describes. */
    public static CollectionIntent intent(String name, BsonDocument metadata) {
        List<BsonDocument> indexes = new ArrayList<>();
        for (BsonValue index : metadata.getArray("indexes", new BsonArray())) {
            indexes.add(index.asDocument());
        }
        BsonDocument options = metadata.isDocument("options") ? metadata.getDocument("options") : new BsonDocument();
        // 3.4 to 4.2 write no type: a view is told by its options
        String type = metadata.isString("type") ? metadata.getString("type").getValue()
                : options.containsKey("viewOn") ? "view" : "collection";
        return new CollectionIntent(name, type, options, indexes, Selection.ALL);
    }
}
