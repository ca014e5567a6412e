package io.monarch.schema;

import org.bson.BsonBoolean;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonString;
import org.yaml.snakeyaml.nodes.Node;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads one entry under {@code collections:}: the options {@code create} takes, each checked (capped size,
 * time-series fields, clustered index, change-stream images), the rules between them, and its indexes.
 */
final class CollectionParser {
    private static final Set<String> COLLECTION_KEYS = Set.of("validator", "validationLevel", "validationAction",
            "collation", "capped", "timeseries", "expireAfterSeconds", "clusteredIndex", "changeStreamPreAndPostImages", "indexes");
    private static final Set<String> CAPPED_KEYS = Set.of("size", "max");
    private static final Set<String> TIMESERIES_KEYS = Set.of("timeField", "metaField", "granularity",
            "bucketMaxSpanSeconds", "bucketRoundingSeconds");
    private static final Set<String> CLUSTERED_KEYS = Set.of("key", "unique", "name");

    private final StrictYaml yaml;
    private final CollationParser collations;
    private final IndexParser indexes;

    CollectionParser(StrictYaml yaml, CollationParser collations, IndexParser indexes) {
        this.yaml = yaml;
        this.collations = collations;
        this.indexes = indexes;
    }

    CollectionSchema parse(String name, String source, Node node) {
        String where = "collections." + name;
        BsonDocument options = new BsonDocument();
        List<IndexSchema> declaredIndexes = new ArrayList<>();
        if (StrictYaml.isNull(node)) {
            return new CollectionSchema(name, options, declaredIndexes, source);
        }
        Map<String, Node> keys = yaml.fields(node, where, "\n  " + name + ":\n    indexes:\n      - keys: {email: 1}", COLLECTION_KEYS);
        if (keys.containsKey("validator")) {
            options.put("validator", yaml.document(keys.get("validator"), where + ".validator",
                    "validator: {$jsonSchema: {bsonType: object, required: [email]}}"));
        }
        if (keys.containsKey("validationLevel")) {
            options.put("validationLevel", yaml.choice(keys.get("validationLevel"), where + ".validationLevel", "strict", "moderate", "off"));
        }
        if (keys.containsKey("validationAction")) {
            options.put("validationAction", yaml.choice(keys.get("validationAction"), where + ".validationAction", "error", "warn"));
        }
        if (keys.containsKey("collation")) {
            options.put("collation", collations.parse(keys.get("collation"), where + ".collation"));
        }
        if (keys.containsKey("capped")) {
            capped(keys.get("capped"), where + ".capped", options);
        }
        if (keys.containsKey("timeseries")) {
            options.put("timeseries", timeseries(keys.get("timeseries"), where + ".timeseries"));
        }
        if (keys.containsKey("clusteredIndex")) {
            options.put("clusteredIndex", clusteredIndex(keys.get("clusteredIndex"), where + ".clusteredIndex"));
        }
        if (keys.containsKey("expireAfterSeconds")) {
            if (!keys.containsKey("timeseries") && !keys.containsKey("clusteredIndex")) {
                throw yaml.error(keys.get("expireAfterSeconds"), "only time-series and clustered "
                        + "collections expire as a whole; for a TTL index write it under indexes:, e.g.\n"
                        + "      - keys: {createdAt: 1}\n        expireAfterSeconds: 3600");
            }
            options.put("expireAfterSeconds", yaml.seconds(keys.get("expireAfterSeconds"), where + ".expireAfterSeconds"));
        }
        if (keys.containsKey("changeStreamPreAndPostImages")) {
            options.put("changeStreamPreAndPostImages", changeStreamImages(keys.get("changeStreamPreAndPostImages"),
                    where + ".changeStreamPreAndPostImages"));
        }
        if (options.containsKey("capped") && options.containsKey("timeseries")) {
            throw yaml.error(keys.get("capped"), "a time-series collection cannot be capped; remove one of capped: and timeseries:");
        }
        if (keys.containsKey("indexes")) {
            declaredIndexes = indexes.parse(keys.get("indexes"), where);
        }
        return new CollectionSchema(name, options, declaredIndexes, source);
    }

    /** {@code capped: {size, max}} as {@code create} spells it: {@code capped: true, size, max} beside the other options. */
    private void capped(Node node, String where, BsonDocument options) {
        Map<String, Node> capped = yaml.fields(node, where, "capped: {size: 1048576, max: 1000}", CAPPED_KEYS);
        if (!capped.containsKey("size")) {
            throw yaml.error(node, where + " has no size; write its size in bytes, e.g. capped: {size: 1048576}");
        }
        options.put("capped", BsonBoolean.TRUE);
        options.put("size", yaml.positive(capped.get("size"), where + ".size"));
        if (capped.containsKey("max")) {
            options.put("max", yaml.positive(capped.get("max"), where + ".max"));
        }
    }

    private BsonDocument timeseries(Node node, String where) {
        Map<String, Node> keys = yaml.fields(node, where, "timeseries: {timeField: ts, metaField: sensor, granularity: minutes}",
                TIMESERIES_KEYS);
        if (!keys.containsKey("timeField")) {
            throw yaml.error(node, where + " has no timeField; name the field holding each measurement's "
                    + "date, e.g. timeseries: {timeField: ts}");
        }
        BsonDocument timeseries = new BsonDocument("timeField", new BsonString(yaml.string(keys.get("timeField"), where + ".timeField")));
        if (keys.containsKey("metaField")) {
            timeseries.put("metaField", new BsonString(yaml.string(keys.get("metaField"), where + ".metaField")));
        }
        if (keys.containsKey("granularity")) {
            timeseries.put("granularity", yaml.choice(keys.get("granularity"), where + ".granularity", "seconds", "minutes", "hours"));
        }
        for (String bucket : List.of("bucketMaxSpanSeconds", "bucketRoundingSeconds")) {
            if (keys.containsKey(bucket)) {
                timeseries.put(bucket, yaml.positive(keys.get(bucket), where + "." + bucket));
            }
        }
        return timeseries;
    }

    private BsonDocument clusteredIndex(Node node, String where) {
        Map<String, Node> keys = yaml.fields(node, where, "clusteredIndex: {key: {_id: 1}, unique: true}", CLUSTERED_KEYS);
        BsonDocument key = keys.containsKey("key") ? yaml.document(keys.get("key"), where + ".key", "key: {_id: 1}") : new BsonDocument();
        if (!BsonValues.same(key, new BsonDocument("_id", new BsonInt32(1)))) {
            throw yaml.error(node, "a clustered index is on _id; write clusteredIndex: {key: {_id: 1}, unique: true}");
        }
        if (keys.containsKey("unique") && !yaml.bool(keys.get("unique"), where + ".unique")) {
            throw yaml.error(keys.get("unique"), "a clustered index is always unique; write unique: true");
        }
        BsonDocument clustered = new BsonDocument("key", new BsonDocument("_id", new BsonInt32(1))).append("unique", BsonBoolean.TRUE);
        if (keys.containsKey("name")) {
            clustered.put("name", new BsonString(yaml.string(keys.get("name"), where + ".name")));
        }
        return clustered;
    }

    private BsonDocument changeStreamImages(Node node, String where) {
        Map<String, Node> images = yaml.fields(node, where, "changeStreamPreAndPostImages: {enabled: true}", Set.of("enabled"));
        if (!images.containsKey("enabled")) {
            throw yaml.error(node, "write changeStreamPreAndPostImages: {enabled: true}");
        }
        return new BsonDocument("enabled", BsonBoolean.valueOf(yaml.bool(images.get("enabled"), where + ".enabled")));
    }
}
