package io.monarch.schema;

import io.monarch.api.SchemaSpelling;
import org.bson.BsonDocument;
import org.bson.BsonValue;
import org.bson.json.JsonMode;
import org.bson.json.JsonWriterSettings;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** Equality and short text of BSON values as a schema compares and shows them. */
final class BsonValues {
    static final JsonWriterSettings RELAXED = JsonWriterSettings.builder().outputMode(JsonMode.RELAXED).build();
    private static final Pattern PLAIN_KEY = Pattern.compile("[A-Za-z_$][A-Za-z0-9_$.]*");

    private BsonValues() {
    }

    /** Whether two values mean the same to the server (see {@link SchemaSpelling#same}). */
    static boolean same(BsonValue a, BsonValue b) {
        return SchemaSpelling.same(a, b);
    }

    /** mongosh-like one-line text: {@code {email: 1, "a b": "x"}}, keys unquoted where they can be. */
    static String shortJson(BsonValue value) {
        StringBuilder out = new StringBuilder();
        append(out, value);
        return out.toString();
    }

    /** A document's fields one a line, {@code key: value}, as a plan lists the options of what it creates. */
    static List<String> lines(BsonDocument document) {
        List<String> lines = new ArrayList<>();
        document.forEach((k, v) -> lines.add(k + ": " + shortJson(v)));
        return lines;
    }

    private static void append(StringBuilder out, BsonValue value) {
        if (value.isDocument()) {
            out.append('{');
            boolean first = true;
            for (Map.Entry<String, BsonValue> e : value.asDocument().entrySet()) {
                out.append(first ? "" : ", ");
                first = false;
                out.append(PLAIN_KEY.matcher(e.getKey()).matches() ? e.getKey() : quoted(e.getKey())).append(": ");
                append(out, e.getValue());
            }
            out.append('}');
        } else if (value.isArray()) {
            out.append('[');
            boolean first = true;
            for (BsonValue v : value.asArray()) {
                out.append(first ? "" : ", ");
                first = false;
                append(out, v);
            }
            out.append(']');
        } else {
            String json = new BsonDocument("v", value).toJson(RELAXED);
            out.append(json, json.indexOf(':') + 2, json.length() - 1);
        }
    }

    private static String quoted(String s) {
        String json = new BsonDocument("v", new org.bson.BsonString(s)).toJson(RELAXED);
        return json.substring(json.indexOf(':') + 2, json.length() - 1);
    }
}
