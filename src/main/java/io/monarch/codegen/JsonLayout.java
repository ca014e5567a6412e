package io.monarch.codegen;

import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.BsonString;
import org.bson.BsonValue;
import org.bson.json.JsonMode;
import org.bson.json.JsonWriterSettings;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Relaxed extended JSON laid out for a reader: whatever fits on a line stays on one, and only what does not
 * is broken over indented lines, so a command reads as in the MongoDB manual.
 */
final class JsonLayout {
    private static final JsonWriterSettings RELAXED = JsonWriterSettings.builder().outputMode(JsonMode.RELAXED).build();

    private final int width;

    JsonLayout(int width) {
        this.width = width;
    }

    String layout(BsonDocument document) {
        return layout(document, 0, 0);
    }

    /** @param used the characters already on the line before the value */
    private String layout(BsonValue value, int indent, int used) {
        String flat = oneLine(value);
        boolean container = value.isDocument() || value.isArray();
        if (used + flat.length() <= width || !container || isEmpty(value)) {
            return flat;
        }
        String inner = " ".repeat(indent + 2);
        List<String> parts = new ArrayList<>();
        if (value.isDocument()) {
            for (Map.Entry<String, BsonValue> e : value.asDocument().entrySet()) {
                String key = quoted(e.getKey()) + ": ";
                parts.add(inner + key + layout(e.getValue(), indent + 2, indent + 2 + key.length()));
            }
            return "{\n" + String.join(",\n", parts) + "\n" + " ".repeat(indent) + "}";
        }
        for (BsonValue item : value.asArray()) {
            parts.add(inner + layout(item, indent + 2, indent + 2));
        }
        return "[\n" + String.join(",\n", parts) + "\n" + " ".repeat(indent) + "]";
    }

    private static String oneLine(BsonValue value) {
        if (value.isDocument()) {
            return value.asDocument().toJson(RELAXED);
        }
        if (value.isArray()) {
            List<String> items = new ArrayList<>();
            for (BsonValue item : (BsonArray) value) {
                items.add(oneLine(item));
            }
            return "[" + String.join(", ", items) + "]";
        }
        String json = new BsonDocument("v", value).toJson(RELAXED);
        return json.substring(json.indexOf(':') + 2, json.length() - 1);
    }

    private static String quoted(String key) {
        return oneLine(new BsonString(key));
    }

    private static boolean isEmpty(BsonValue value) {
        return value.isDocument() ? value.asDocument().isEmpty() : value.asArray().isEmpty();
    }
}
