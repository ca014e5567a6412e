package io.monarch.schema;

import org.bson.BsonDocument;
import org.bson.BsonString;
import org.bson.BsonValue;

import java.util.Map;
import java.util.Objects;

/**
 * One index of a collection: its name, its key pattern and its options (unique, sparse, hidden,
 * partialFilterExpression, expireAfterSeconds, collation, weights, default_language, language_override,
 * wildcardProjection, 2d bits/min/max), as MongoDB spells them in {@code createIndexes}.
 */
public record IndexSchema(String name, BsonDocument keys, BsonDocument options) {
    public IndexSchema {
        Objects.requireNonNull(name, "name");
        keys = keys.clone();
        options = options.clone();
    }

    /** The name MongoDB gives an index that is created without one: {@code email_1}, {@code a_1_b_-1}, {@code bio_text}. */
    public static String defaultName(BsonDocument keys) {
        StringBuilder name = new StringBuilder();
        for (var entry : keys.entrySet()) {
            if (name.length() > 0) {
                name.append('_');
            }
            name.append(entry.getKey()).append('_').append(keyValueText(entry.getValue()));
        }
        return name.toString();
    }

    private static String keyValueText(BsonValue value) {
        if (value.isString()) {
            return value.asString().getValue();
        }
        if (value.isNumber()) {
            double d = value.asNumber().doubleValue();
            return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
        }
        return value.toString();
    }

    /** The index in one line, as a plan shows it: {@code email_1 {email: 1} unique, expireAfterSeconds: 3600}. */
    String describe() {
        StringBuilder s = new StringBuilder(name).append(' ').append(BsonValues.shortJson(keys));
        String sep = " ";
        for (Map.Entry<String, BsonValue> option : options.entrySet()) {
            s.append(sep);
            sep = ", ";
            if (option.getValue().isBoolean() && option.getValue().asBoolean().getValue()) {
                s.append(option.getKey());
            } else {
                s.append(option.getKey()).append(": ").append(BsonValues.shortJson(option.getValue()));
            }
        }
        return s.toString();
    }

    /** The document {@code createIndexes} takes for this index. */
    public BsonDocument spec() {
        BsonDocument spec = new BsonDocument("key", keys.clone()).append("name", new BsonString(name));
        spec.putAll(options.clone());
        return spec;
    }

    public boolean isText() {
        return keys.values().stream().anyMatch(v -> v.isString() && v.asString().getValue().equals("text"));
    }

    public boolean hasTtl() {
        return options.containsKey("expireAfterSeconds");
    }
}
