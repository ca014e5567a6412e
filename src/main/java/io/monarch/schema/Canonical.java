package io.monarch.schema;

import io.monarch.api.SchemaSpelling;
import org.bson.BsonDocument;

import java.util.ArrayList;
import java.util.List;

/**
 * Collections and indexes in {@link SchemaSpelling}'s one spelling for each meaning, which generated migrations
 * compare with too; and the names schema files have words for, so that the reader can say what it leaves out.
 */
final class Canonical {
    static final List<String> COLLECTION_OPTIONS = List.of("validator", "validationLevel", "validationAction", "collation",
            "capped", "size", "max", "timeseries", "expireAfterSeconds", "clusteredIndex", "changeStreamPreAndPostImages");
    static final List<String> VIEW_OPTIONS = List.of("viewOn", "pipeline", "collation");
    static final List<String> INDEX_OPTIONS = List.of("unique", "sparse", "hidden", "partialFilterExpression",
            "expireAfterSeconds", "collation", "weights", "default_language", "language_override", "wildcardProjection",
            "bits", "min", "max");
    /** Index fields the server adds or keeps for itself; never part of a schema. */
    static final List<String> INDEX_INTERNALS = List.of("v", "ns", "key", "name", "textIndexVersion", "2dsphereIndexVersion",
            "background", "clustered");

    private Canonical() {
    }

    static CollectionSchema collection(CollectionSchema c) {
        BsonDocument options = c.isView() ? SchemaSpelling.viewOptions(c.options()) : SchemaSpelling.collectionOptions(c.options());
        BsonDocument collation = options.isDocument("collation") ? options.getDocument("collation") : new BsonDocument();
        List<IndexSchema> indexes = new ArrayList<>();
        for (IndexSchema index : c.indexes()) {
            indexes.add(index(index, collation));
        }
        return new CollectionSchema(c.name(), options, indexes, c.source());
    }

    /** An index as the server would list it, with {@code collectionCollation} the collation it inherits. */
    static IndexSchema index(IndexSchema index, BsonDocument collectionCollation) {
        BsonDocument spec = SchemaSpelling.index(index.spec(), collectionCollation);
        BsonDocument keys = spec.getDocument("key");
        spec.remove("key");
        spec.remove("name");
        return new IndexSchema(index.name(), keys, spec);
    }
}
