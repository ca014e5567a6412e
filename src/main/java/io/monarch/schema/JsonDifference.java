package io.monarch.schema;

import org.bson.BsonDocument;
import org.bson.BsonValue;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The difference between two documents as lines a reviewer reads: {@code + path: value} added,
 * {@code - path: value} removed, {@code ~ path: old → new} changed. Documents are followed key by key;
 * lists and other values are shown whole.
 */
final class JsonDifference {
    private JsonDifference() {
    }

    static List<String> between(BsonDocument before, BsonDocument after) {
        List<String> lines = new ArrayList<>();
        walk("", before, after, lines);
        if (lines.isEmpty() && !BsonValues.same(before, after)) {
            lines.add("~ the same fields, in another order");
        }
        return lines;
    }

    private static void walk(String path, BsonDocument before, BsonDocument after, List<String> lines) {
        Set<String> keys = new LinkedHashSet<>(before.keySet());
        keys.addAll(after.keySet());
        for (String key : keys) {
            String at = path.isEmpty() ? key : path + "." + key;
            BsonValue was = before.get(key);
            BsonValue is = after.get(key);
            if (was == null) {
                lines.add("+ " + at + ": " + BsonValues.shortJson(is));
            } else if (is == null) {
                lines.add("- " + at + ": " + BsonValues.shortJson(was));
            } else if (was.isDocument() && is.isDocument()) {
                walk(at, was.asDocument(), is.asDocument(), lines);
            } else if (!BsonValues.same(was, is)) {
                lines.add("~ " + at + ": " + BsonValues.shortJson(was) + " → " + BsonValues.shortJson(is));
            }
        }
    }
}
