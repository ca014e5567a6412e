package io.monarch.schema;

import org.bson.BsonBoolean;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonString;
import org.bson.BsonValue;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.SequenceNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a collection's {@code indexes:} list: each index's key pattern, its name (MongoDB's default where none
 * is written, never two alike), and its options, each allowed only on the kind of index it belongs to.
 */
final class IndexParser {
    private static final Set<String> INDEX_KEYS = Set.of("keys", "name", "unique", "sparse", "hidden",
            "partialFilterExpression", "expireAfterSeconds", "collation", "weights", "default_language",
            "language_override", "wildcardProjection", "bits", "min", "max");
    private static final Set<String> KEY_TYPES = Set.of("text", "2dsphere", "2d", "hashed");

    private final StrictYaml yaml;
    private final CollationParser collations;

    IndexParser(StrictYaml yaml, CollationParser collations) {
        this.yaml = yaml;
        this.collations = collations;
    }

    /** @param collection where the list is, for messages: {@code collections.users} */
    List<IndexSchema> parse(Node node, String collection) {
        String where = collection + ".indexes";
        if (StrictYaml.isNull(node)) {
            return List.of();
        }
        if (!(node instanceof SequenceNode sequence)) {
            throw yaml.error(node, where + " must be a list, one '- keys: {...}' item per index, e.g.\n"
                    + "    indexes:\n      - keys: {email: 1}\n        unique: true");
        }
        List<IndexSchema> indexes = new ArrayList<>();
        Map<String, Integer> names = new LinkedHashMap<>();
        for (Node item : sequence.getValue()) {
            IndexSchema index = index(item, where);
            Integer earlier = names.putIfAbsent(index.name(), StrictYaml.line(item));
            if (earlier != null) {
                throw yaml.error(item, "two indexes of " + collection + " are named " + index.name()
                        + " (the other at line " + earlier + "); give one of them another name");
            }
            indexes.add(index);
        }
        return indexes;
    }

    private IndexSchema index(Node node, String where) {
        Map<String, Node> keys = yaml.fields(node, "an index under " + where, "- keys: {email: 1}\n        unique: true", INDEX_KEYS);
        if (!keys.containsKey("keys")) {
            throw yaml.error(node, "this index has no keys; write its key pattern, e.g. keys: {email: 1} "
                    + "(1 ascending, -1 descending, or text, 2dsphere, 2d, hashed)");
        }
        BsonDocument pattern = keyPattern(keys.get("keys"));
        String name = keys.containsKey("name") ? yaml.string(keys.get("name"), "name") : IndexSchema.defaultName(pattern);
        String at = "index " + name;
        boolean text = pattern.values().stream().anyMatch(v -> v.equals(new BsonString("text")));
        boolean wildcard = pattern.keySet().stream().anyMatch(k -> k.equals("$**") || k.endsWith(".$**"));
        boolean geo2d = pattern.values().stream().anyMatch(v -> v.equals(new BsonString("2d")));
        BsonDocument options = new BsonDocument();
        for (String flag : List.of("unique", "sparse", "hidden")) {
            if (keys.containsKey(flag) && yaml.bool(keys.get(flag), at + "." + flag)) {
                options.put(flag, BsonBoolean.TRUE);
            }
        }
        if (keys.containsKey("partialFilterExpression")) {
            options.put("partialFilterExpression", yaml.document(keys.get("partialFilterExpression"), at + ".partialFilterExpression",
                    "partialFilterExpression: {email: {$exists: true}}"));
        }
        if (keys.containsKey("expireAfterSeconds")) {
            options.put("expireAfterSeconds", yaml.seconds(keys.get("expireAfterSeconds"), at + ".expireAfterSeconds"));
        }
        if (keys.containsKey("collation")) {
            options.put("collation", collations.parse(keys.get("collation"), at + ".collation"));
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
                    throw yaml.error(keys.get("weights"), at + ".weights." + weight.getKey()
                            + " must be a whole number from 1, e.g. weights: {title: 10, body: 1}");
                }
            }
            options.put("weights", weights);
        }
        for (String language : List.of("default_language", "language_override")) {
            if (keys.containsKey(language)) {
                options.put(language, new BsonString(yaml.string(keys.get(language), at + "." + language)));
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
                    throw yaml.error(keys.get(option), at + "." + option + " must be a number");
                }
                options.put(option, value);
            }
        }
        return new IndexSchema(name, pattern, options);
    }

    private BsonDocument keyPattern(Node node) {
        BsonDocument keys = yaml.document(node, "keys", "keys: {email: 1}   or   keys: {lastName: 1, firstName: 1}");
        if (keys.isEmpty()) {
            throw yaml.error(node, "keys is empty; name at least one field, e.g. keys: {email: 1}");
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
                throw yaml.error(node, "keys." + entry.getKey() + " is " + BsonValues.shortJson(value)
                        + "; write 1 (ascending), -1 (descending), text, 2dsphere, 2d or hashed");
            }
        }
        return pattern;
    }

    /** An option that belongs to one kind of index only ({@code weights} to a text index) is an error elsewhere. */
    private void only(Map<String, Node> keys, String option, boolean applies, String kind) {
        if (keys.containsKey(option) && !applies) {
            throw yaml.error(keys.get(option), option + " belongs to " + kind + "; remove it here, "
                    + "or change this index's keys");
        }
    }
}
