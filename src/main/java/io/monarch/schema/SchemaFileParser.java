package io.monarch.schema;

import io.monarch.config.KeySuggestion;
import org.bson.BsonArray;
import org.bson.BsonBoolean;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonString;
import org.bson.BsonValue;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads one schema file ({@code collections:} and {@code views:}) into {@link CollectionSchema}s. Works on
 * snakeyaml's node tree so that every error names its line, and what to write instead.
 */
final class SchemaFileParser {
    private static final Set<String> TOP_KEYS = Set.of("collections", "views");
    private static final Set<String> COLLECTION_KEYS = Set.of("validator", "validationLevel", "validationAction",
            "collation", "capped", "timeseries", "expireAfterSeconds", "clusteredIndex", "changeStreamPreAndPostImages", "indexes");
    private static final Set<String> VIEW_KEYS = Set.of("viewOn", "pipeline", "collation");
    private static final Set<String> INDEX_KEYS = Set.of("keys", "name", "unique", "sparse", "hidden",
            "partialFilterExpression", "expireAfterSeconds", "collation", "weights", "default_language",
            "language_override", "wildcardProjection", "bits", "min", "max");
    private static final Set<String> COLLATION_KEYS = Set.of("locale", "caseLevel", "caseFirst", "strength",
            "numericOrdering", "alternate", "maxVariable", "normalization", "backwards");
    private static final Set<String> CAPPED_KEYS = Set.of("size", "max");
    private static final Set<String> TIMESERIES_KEYS = Set.of("timeField", "metaField", "granularity",
            "bucketMaxSpanSeconds", "bucketRoundingSeconds");
    private static final Set<String> CLUSTERED_KEYS = Set.of("key", "unique", "name");
    private static final Set<String> KEY_TYPES = Set.of("text", "2dsphere", "2d", "hashed");

    private final Path file;
    private final YamlBson yaml;

    private SchemaFileParser(Path file) {
        this.file = file;
        this.yaml = new YamlBson(file);
    }

    static List<CollectionSchema> parse(Path file) {
        return new SchemaFileParser(file).read();
    }

    private List<CollectionSchema> read() {
        Node root = compose();
        if (root == null) {
            return List.of();
        }
        Map<String, Node> top = keys(mapping(root, "a schema file", "collections:\n  users:\n    indexes:\n      - keys: {email: 1}"),
                TOP_KEYS, "the top level");
        List<CollectionSchema> result = new ArrayList<>();
        Map<String, Node> seen = new LinkedHashMap<>();
        if (top.containsKey("collections")) {
            for (NodeTuple tuple : entries(top.get("collections"), "collections")) {
                String name = collectionName(tuple.getKeyNode(), seen);
                result.add(collection(name, tuple.getKeyNode(), tuple.getValueNode()));
            }
        }
        if (top.containsKey("views")) {
            for (NodeTuple tuple : entries(top.get("views"), "views")) {
                String name = collectionName(tuple.getKeyNode(), seen);
                result.add(view(name, tuple.getKeyNode(), tuple.getValueNode()));
            }
        }
        return result;
    }

    private Node compose() {
        try (Reader reader = Files.newBufferedReader(file)) {
            return new Yaml(new LoaderOptions()).compose(reader);
        } catch (MarkedYAMLException e) {
            int line = e.getProblemMark() != null ? e.getProblemMark().getLine() + 1 : 0;
            throw new SchemaFileException(file, line, "not valid YAML: " + e.getProblem()
                    + " (check the indentation and the ':' after each key)");
        } catch (IOException e) {
            throw new SchemaFileException(file, 0, "cannot read it: " + e.getMessage());
        }
    }

    private List<NodeTuple> entries(Node node, String where) {
        if (isNull(node)) {
            return List.of();
        }
        return mapping(node, where, where + ":\n  users:\n    indexes: ...").getValue();
    }

    private String collectionName(Node keyNode, Map<String, Node> seen) {
        String name = yaml.key(keyNode);
        if (name.isEmpty() || name.contains("$") || name.contains("\0") || name.startsWith("system.")) {
            throw new SchemaFileException(file, line(keyNode), "'" + name + "' is not a name for a collection; "
                    + "use letters, digits, '_', '-' or '.', without '$' and not starting with 'system.'");
        }
        if (seen.containsKey(name)) {
            throw new SchemaFileException(file, line(keyNode), name + " is declared twice in this file (also at line "
                    + line(seen.get(name)) + "); keep one");
        }
        seen.put(name, keyNode);
        return name;
    }

    private CollectionSchema collection(String name, Node keyNode, Node node) {
        String where = "collections." + name;
        BsonDocument options = new BsonDocument();
        List<IndexSchema> indexes = new ArrayList<>();
        if (isNull(node)) {
            return new CollectionSchema(name, options, indexes, source(keyNode));
        }
        MappingNode map = mapping(node, where, "\n  " + name + ":\n    indexes:\n      - keys: {email: 1}");
        Map<String, Node> keys = keys(map, COLLECTION_KEYS, where);
        if (keys.containsKey("validator")) {
            options.put("validator", yaml.document(keys.get("validator"), where + ".validator",
                    "validator: {$jsonSchema: {bsonType: object, required: [email]}}"));
        }
        if (keys.containsKey("validationLevel")) {
            options.put("validationLevel", choice(keys.get("validationLevel"), where + ".validationLevel", "strict", "moderate", "off"));
        }
        if (keys.containsKey("validationAction")) {
            options.put("validationAction", choice(keys.get("validationAction"), where + ".validationAction", "error", "warn"));
        }
        if (keys.containsKey("collation")) {
            options.put("collation", collation(keys.get("collation"), where + ".collation"));
        }
        if (keys.containsKey("capped")) {
            Map<String, Node> capped = keys(mapping(keys.get("capped"), where + ".capped", "capped: {size: 1048576, max: 1000}"),
                    CAPPED_KEYS, where + ".capped");
            if (!capped.containsKey("size")) {
                throw new SchemaFileException(file, line(keys.get("capped")), where + ".capped has no size; write its size in bytes, "
                        + "e.g. capped: {size: 1048576}");
            }
            options.put("capped", BsonBoolean.TRUE);
            options.put("size", positive(capped.get("size"), where + ".capped.size"));
            if (capped.containsKey("max")) {
                options.put("max", positive(capped.get("max"), where + ".capped.max"));
            }
        }
        if (keys.containsKey("timeseries")) {
            options.put("timeseries", timeseries(keys.get("timeseries"), where + ".timeseries"));
        }
        if (keys.containsKey("clusteredIndex")) {
            options.put("clusteredIndex", clusteredIndex(keys.get("clusteredIndex"), where + ".clusteredIndex"));
        }
        if (keys.containsKey("expireAfterSeconds")) {
            if (!keys.containsKey("timeseries") && !keys.containsKey("clusteredIndex")) {
                throw new SchemaFileException(file, line(keys.get("expireAfterSeconds")), "only time-series and clustered "
                        + "collections expire as a whole; for a TTL index write it under indexes:, e.g.\n"
                        + "      - keys: {createdAt: 1}\n        expireAfterSeconds: 3600");
            }
            options.put("expireAfterSeconds", nonNegative(keys.get("expireAfterSeconds"), where + ".expireAfterSeconds"));
        }
        if (keys.containsKey("changeStreamPreAndPostImages")) {
            Map<String, Node> images = keys(mapping(keys.get("changeStreamPreAndPostImages"), where + ".changeStreamPreAndPostImages",
                    "changeStreamPreAndPostImages: {enabled: true}"), Set.of("enabled"), where + ".changeStreamPreAndPostImages");
            if (!images.containsKey("enabled")) {
                throw new SchemaFileException(file, line(keys.get("changeStreamPreAndPostImages")),
                        "write changeStreamPreAndPostImages: {enabled: true}");
            }
            options.put("changeStreamPreAndPostImages", new BsonDocument("enabled",
                    BsonBoolean.valueOf(bool(images.get("enabled"), where + ".changeStreamPreAndPostImages.enabled"))));
        }
        if (options.containsKey("capped") && options.containsKey("timeseries")) {
            throw new SchemaFileException(file, line(keys.get("capped")), "a time-series collection cannot be capped; remove one of capped: and timeseries:");
        }
        if (keys.containsKey("indexes")) {
            indexes = indexes(keys.get("indexes"), where);
        }
        return new CollectionSchema(name, options, indexes, source(keyNode));
    }

    private CollectionSchema view(String name, Node keyNode, Node node) {
        String where = "views." + name;
        MappingNode map = mapping(node, where, "\n  " + name + ":\n    viewOn: users\n    pipeline:\n      - $match: {active: true}");
        Map<String, Node> keys = keys(map, VIEW_KEYS, where);
        if (!keys.containsKey("viewOn")) {
            throw new SchemaFileException(file, line(map), where + " has no viewOn; name the collection it reads, e.g. viewOn: users");
        }
        BsonDocument options = new BsonDocument("viewOn", new BsonString(string(keys.get("viewOn"), where + ".viewOn")));
        BsonArray pipeline = new BsonArray();
        if (keys.containsKey("pipeline") && !isNull(keys.get("pipeline"))) {
            Node pipelineNode = keys.get("pipeline");
            if (!(pipelineNode instanceof SequenceNode stages)) {
                throw new SchemaFileException(file, line(pipelineNode), where + ".pipeline must be a list of stages, e.g.\n"
                        + "    pipeline:\n      - $match: {active: true}");
            }
            for (Node stage : stages.getValue()) {
                pipeline.add(yaml.document(stage, "a stage of " + where + ".pipeline", "- $match: {active: true}"));
            }
        }
        options.put("pipeline", pipeline);
        if (keys.containsKey("collation")) {
            options.put("collation", collation(keys.get("collation"), where + ".collation"));
        }
        return new CollectionSchema(name, options, List.of(), source(keyNode));
    }

    private List<IndexSchema> indexes(Node node, String collection) {
        String where = collection + ".indexes";
        if (isNull(node)) {
            return List.of();
        }
        if (!(node instanceof SequenceNode sequence)) {
            throw new SchemaFileException(file, line(node), where + " must be a list, one '- keys: {...}' item per index, e.g.\n"
                    + "    indexes:\n      - keys: {email: 1}\n        unique: true");
        }
        List<IndexSchema> indexes = new ArrayList<>();
        Map<String, Integer> names = new LinkedHashMap<>();
        for (Node item : sequence.getValue()) {
            IndexSchema index = index(item, where);
            Integer earlier = names.putIfAbsent(index.name(), line(item));
            if (earlier != null) {
                throw new SchemaFileException(file, line(item), "two indexes of " + collection + " are named " + index.name()
                        + " (the other at line " + earlier + "); give one of them another name");
            }
            indexes.add(index);
        }
        return indexes;
    }

    private IndexSchema index(Node node, String where) {
        MappingNode map = mapping(node, "an index under " + where, "- keys: {email: 1}\n        unique: true");
        Map<String, Node> keys = keys(map, INDEX_KEYS, "an index under " + where);
        if (!keys.containsKey("keys")) {
            throw new SchemaFileException(file, line(map), "this index has no keys; write its key pattern, e.g. keys: {email: 1} "
                    + "(1 ascending, -1 descending, or text, 2dsphere, 2d, hashed)");
        }
        BsonDocument pattern = keyPattern(keys.get("keys"));
        String name = keys.containsKey("name") ? string(keys.get("name"), "name") : IndexSchema.defaultName(pattern);
        String at = "index " + name;
        boolean text = pattern.values().stream().anyMatch(v -> v.equals(new BsonString("text")));
        boolean wildcard = pattern.keySet().stream().anyMatch(k -> k.equals("$**") || k.endsWith(".$**"));
        boolean geo2d = pattern.values().stream().anyMatch(v -> v.equals(new BsonString("2d")));
        BsonDocument options = new BsonDocument();
        for (String flag : List.of("unique", "sparse", "hidden")) {
            if (keys.containsKey(flag) && bool(keys.get(flag), at + "." + flag)) {
                options.put(flag, BsonBoolean.TRUE);
            }
        }
        if (keys.containsKey("partialFilterExpression")) {
            options.put("partialFilterExpression", yaml.document(keys.get("partialFilterExpression"), at + ".partialFilterExpression",
                    "partialFilterExpression: {email: {$exists: true}}"));
        }
        if (keys.containsKey("expireAfterSeconds")) {
            options.put("expireAfterSeconds", nonNegative(keys.get("expireAfterSeconds"), at + ".expireAfterSeconds"));
        }
        if (keys.containsKey("collation")) {
            options.put("collation", collation(keys.get("collation"), at + ".collation"));
        }
        only(keys, "weights", text, "a text index (keys: {bio: text})");
        only(keys, "default_language", text, "a text index (keys: {bio: text})");
        only(keys, "language_override", text, "a text index (keys: {bio: text})");
        only(keys, "wildcardProjection", wildcard, "a wildcard index (keys: {\"$**\": 1})");
        for (String option : List.of("bits", "min", "max")) {
            only(keys, option, geo2d, "a 2d index (keys: {location: 2d})");
        }
        if (keys.containsKey("weights")) {
            BsonDocument weights = yaml.document(keys.get("weights"), at + ".weights", "weights: {title: 10, body: 1}");
            for (var weight : weights.entrySet()) {
                if (!weight.getValue().isNumber() || weight.getValue().asNumber().intValue() < 1) {
                    throw new SchemaFileException(file, line(keys.get("weights")), at + ".weights." + weight.getKey()
                            + " must be a whole number from 1, e.g. weights: {title: 10, body: 1}");
                }
            }
            options.put("weights", weights);
        }
        for (String language : List.of("default_language", "language_override")) {
            if (keys.containsKey(language)) {
                options.put(language, new BsonString(string(keys.get(language), at + "." + language)));
            }
        }
        if (keys.containsKey("wildcardProjection")) {
            options.put("wildcardProjection", yaml.document(keys.get("wildcardProjection"), at + ".wildcardProjection",
                    "wildcardProjection: {details: 1}"));
        }
        for (String option : List.of("bits", "min", "max")) {
            if (keys.containsKey(option)) {
                BsonValue value = yaml.value(keys.get(option));
                if (!value.isNumber()) {
                    throw new SchemaFileException(file, line(keys.get(option)), at + "." + option + " must be a number");
                }
                options.put(option, value);
            }
        }
        return new IndexSchema(name, pattern, options);
    }

    private BsonDocument keyPattern(Node node) {
        BsonDocument keys = yaml.document(node, "keys", "keys: {email: 1}   or   keys: {lastName: 1, firstName: 1}");
        if (keys.isEmpty()) {
            throw new SchemaFileException(file, line(node), "keys is empty; name at least one field, e.g. keys: {email: 1}");
        }
        BsonDocument pattern = new BsonDocument();
        for (var entry : keys.entrySet()) {
            BsonValue value = entry.getValue();
            if (value.isNumber() && value.asNumber().doubleValue() != 0) {
                double d = value.asNumber().doubleValue();
                pattern.put(entry.getKey(), d == Math.rint(d) ? new BsonInt32((int) d) : value);
            } else if (value.isString() && KEY_TYPES.contains(value.asString().getValue())) {
                pattern.put(entry.getKey(), value);
            } else {
                throw new SchemaFileException(file, line(node), "keys." + entry.getKey() + " is " + BsonValues.shortJson(value)
                        + "; write 1 (ascending), -1 (descending), text, 2dsphere, 2d or hashed");
            }
        }
        return pattern;
    }

    private BsonDocument collation(Node node, String where) {
        Map<String, Node> keys = keys(mapping(node, where, "collation: {locale: en, strength: 2}"), COLLATION_KEYS, where);
        if (!keys.containsKey("locale")) {
            throw new SchemaFileException(file, line(node), where + " has no locale; write e.g. collation: {locale: en, strength: 2}");
        }
        BsonDocument collation = new BsonDocument();
        for (var entry : keys.entrySet()) {
            String key = entry.getKey();
            Node value = entry.getValue();
            switch (key) {
                case "caseLevel", "numericOrdering", "normalization", "backwards" ->
                        collation.put(key, BsonBoolean.valueOf(bool(value, where + "." + key)));
                case "strength" -> {
                    BsonValue strength = yaml.value(value);
                    if (!strength.isInt32() || strength.asInt32().getValue() < 1 || strength.asInt32().getValue() > 5) {
                        throw new SchemaFileException(file, line(value), where + ".strength must be 1 to 5 (1 base letters, "
                                + "2 accents, 3 case, the default)");
                    }
                    collation.put(key, strength);
                }
                case "caseFirst" -> collation.put(key, choice(value, where + "." + key, "upper", "lower", "off"));
                case "alternate" -> collation.put(key, choice(value, where + "." + key, "non-ignorable", "shifted"));
                case "maxVariable" -> collation.put(key, choice(value, where + "." + key, "punct", "space"));
                default -> collation.put(key, new BsonString(string(value, where + "." + key)));
            }
        }
        return collation;
    }

    private BsonDocument timeseries(Node node, String where) {
        Map<String, Node> keys = keys(mapping(node, where, "timeseries: {timeField: ts, metaField: sensor, granularity: minutes}"),
                TIMESERIES_KEYS, where);
        if (!keys.containsKey("timeField")) {
            throw new SchemaFileException(file, line(node), where + " has no timeField; name the field holding each measurement's "
                    + "date, e.g. timeseries: {timeField: ts}");
        }
        BsonDocument timeseries = new BsonDocument("timeField", new BsonString(string(keys.get("timeField"), where + ".timeField")));
        if (keys.containsKey("metaField")) {
            timeseries.put("metaField", new BsonString(string(keys.get("metaField"), where + ".metaField")));
        }
        if (keys.containsKey("granularity")) {
            timeseries.put("granularity", choice(keys.get("granularity"), where + ".granularity", "seconds", "minutes", "hours"));
        }
        for (String bucket : List.of("bucketMaxSpanSeconds", "bucketRoundingSeconds")) {
            if (keys.containsKey(bucket)) {
                timeseries.put(bucket, positive(keys.get(bucket), where + "." + bucket));
            }
        }
        return timeseries;
    }

    private BsonDocument clusteredIndex(Node node, String where) {
        Map<String, Node> keys = keys(mapping(node, where, "clusteredIndex: {key: {_id: 1}, unique: true}"), CLUSTERED_KEYS, where);
        BsonDocument key = keys.containsKey("key") ? yaml.document(keys.get("key"), where + ".key", "key: {_id: 1}") : new BsonDocument();
        if (!BsonValues.same(key, new BsonDocument("_id", new BsonInt32(1)))) {
            throw new SchemaFileException(file, line(node), "a clustered index is on _id; write clusteredIndex: {key: {_id: 1}, unique: true}");
        }
        if (keys.containsKey("unique") && !bool(keys.get("unique"), where + ".unique")) {
            throw new SchemaFileException(file, line(keys.get("unique")), "a clustered index is always unique; write unique: true");
        }
        BsonDocument clustered = new BsonDocument("key", new BsonDocument("_id", new BsonInt32(1))).append("unique", BsonBoolean.TRUE);
        if (keys.containsKey("name")) {
            clustered.put("name", new BsonString(string(keys.get("name"), where + ".name")));
        }
        return clustered;
    }

    private void only(Map<String, Node> keys, String option, boolean applies, String kind) {
        if (keys.containsKey(option) && !applies) {
            throw new SchemaFileException(file, line(keys.get(option)), option + " belongs to " + kind + "; remove it here, "
                    + "or change this index's keys");
        }
    }

    private MappingNode mapping(Node node, String where, String example) {
        if (node instanceof MappingNode m) {
            return m;
        }
        throw new SchemaFileException(file, line(node), where + " must be a mapping of 'key: value' lines; write e.g."
                + (example.startsWith("\n") ? "" : " ") + example);
    }

    /** The keys of a mapping; an unknown one is an error naming the closest known key. */
    private Map<String, Node> keys(MappingNode map, Set<String> allowed, String where) {
        Map<String, Node> result = new LinkedHashMap<>();
        for (NodeTuple tuple : map.getValue()) {
            String key = yaml.key(tuple.getKeyNode());
            if (!allowed.contains(key)) {
                throw new SchemaFileException(file, line(tuple.getKeyNode()), "unknown key '" + key + "' under " + where
                        + KeySuggestion.closest(key, allowed) + "; the keys allowed here are: "
                        + String.join(", ", allowed.stream().sorted().toList()));
            }
            if (result.containsKey(key)) {
                throw new SchemaFileException(file, line(tuple.getKeyNode()), "'" + key + "' is written twice under " + where + "; keep one");
            }
            result.put(key, tuple.getValueNode());
        }
        return result;
    }

    private String string(Node node, String where) {
        if (node instanceof ScalarNode s && !isNull(node) && !s.getValue().isBlank()) {
            return s.getValue();
        }
        throw new SchemaFileException(file, line(node), where + " must be a single word or quoted string");
    }

    private BsonString choice(Node node, String where, String... choices) {
        String value = string(node, where);
        for (String choice : choices) {
            if (choice.equals(value)) {
                return new BsonString(value);
            }
        }
        throw new SchemaFileException(file, line(node), where + " is '" + value + "'; write one of " + String.join(", ", choices));
    }

    private boolean bool(Node node, String where) {
        BsonValue value = node instanceof ScalarNode ? yaml.value(node) : null;
        if (value != null && value.isBoolean()) {
            return value.asBoolean().getValue();
        }
        throw new SchemaFileException(file, line(node), where + " must be true or false");
    }

    private BsonValue positive(Node node, String where) {
        BsonValue value = node instanceof ScalarNode ? yaml.value(node) : null;
        if (value != null && (value.isInt32() || value.isInt64()) && value.asNumber().longValue() > 0) {
            return value;
        }
        throw new SchemaFileException(file, line(node), where + " must be a whole number above 0");
    }

    private BsonValue nonNegative(Node node, String where) {
        BsonValue value = node instanceof ScalarNode ? yaml.value(node) : null;
        if (value != null && (value.isInt32() || value.isInt64()) && value.asNumber().longValue() >= 0) {
            return value;
        }
        throw new SchemaFileException(file, line(node), where + " must be a whole number of seconds, 0 or more");
    }

    private String source(Node keyNode) {
        return file.getFileName() + ":" + line(keyNode);
    }

    private static boolean isNull(Node node) {
        return node instanceof ScalarNode s && Tag.NULL.equals(s.getTag());
    }

    private static int line(Node node) {
        return YamlBson.line(node);
    }
}
