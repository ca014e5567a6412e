package io.monarch.schema;

import com.mongodb.client.MongoDatabase;
import org.bson.BsonDocument;
import org.bson.BsonString;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Reads an environment's schema: each collection's and view's options (listCollections) and indexes
 * (listIndexes), in the canonical spelling schema files use. Leaves out monarch's own collections, system.*
 * and restore staging; options that schema files do not declare are named in {@link #ignored()}.
 */
final class SchemaReader {
    private static final String STAGING_PREFIX = "monarch_staging_";

    private final List<String> ignored = new ArrayList<>();

    /** What the environment holds that schema files have no words for, e.g. "storageEngine of users". */
    List<String> ignored() {
        return List.copyOf(ignored);
    }

    DatabaseSchema read(MongoDatabase database, Set<String> ownCollections) {
        List<CollectionSchema> collections = new ArrayList<>();
        for (BsonDocument info : database.listCollections(BsonDocument.class)) {
            String name = info.getString("name").getValue();
            if (ownCollections.contains(name) || name.startsWith("system.") || name.startsWith(STAGING_PREFIX)) {
                continue;
            }
            boolean view = info.getString("type", new BsonString("collection")).getValue().equals("view");
            List<BsonDocument> indexes = view ? List.of()
                    : database.getCollection(name).listIndexes(BsonDocument.class).into(new ArrayList<>());
            collections.add(collection(info, indexes));
        }
        collections.sort(java.util.Comparator.comparing(CollectionSchema::name));
        return new DatabaseSchema(collections);
    }

    /** One collection from what listCollections and listIndexes answer for it. */
    CollectionSchema collection(BsonDocument info, List<BsonDocument> indexSpecs) {
        String name = info.getString("name").getValue();
        boolean view = info.getString("type", new BsonString("collection")).getValue().equals("view");
        BsonDocument options = info.isDocument("options") ? info.getDocument("options") : new BsonDocument();
        noteUnknown(options, view ? Canonical.VIEW_OPTIONS : Canonical.COLLECTION_OPTIONS, List.of("uuid", "autoIndexId"), name);
        List<IndexSchema> indexes = new ArrayList<>();
        for (BsonDocument spec : indexSpecs) {
            String indexName = spec.getString("name").getValue();
            if (indexName.equals("_id_") || spec.getBoolean("clustered", org.bson.BsonBoolean.FALSE).getValue()) {
                continue; // every collection has it; it is not declared
            }
            noteUnknown(spec, Canonical.INDEX_OPTIONS, Canonical.INDEX_INTERNALS, name + "." + indexName);
            BsonDocument indexOptions = new BsonDocument();
            for (String option : Canonical.INDEX_OPTIONS) {
                if (spec.containsKey(option)) {
                    indexOptions.put(option, spec.get(option));
                }
            }
            indexes.add(new IndexSchema(indexName, spec.getDocument("key"), indexOptions));
        }
        return Canonical.collection(new CollectionSchema(name, options, indexes, "environment"));
    }

    private void noteUnknown(BsonDocument document, List<String> known, List<String> internal, String where) {
        for (String key : document.keySet()) {
            if (!known.contains(key) && !internal.contains(key)) {
                ignored.add(key + " of " + where);
            }
        }
    }
}
