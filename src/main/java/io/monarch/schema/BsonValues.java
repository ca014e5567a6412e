package io.monarch.schema;

import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.BsonValue;
import org.bson.json.JsonMode;
import org.bson.json.JsonWriterSettings;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** Equality and short text of BSON values as a schema compares and shows them. */
final class BsonValues {
    static final JsonWriterSettings RELAXED = JsonWriterSettings.builder().outputMode(JsonMode.RELAXED).build();
    private static final Pattern PLAIN_KEY = Pattern.compile("[A-Za-z_$][A-Za-z0-9_$.]*");

    private BsonValues() {
    }

    /**
     * Whether two values mean the same to the server: numbers by value whatever their type (YAML's 1 is an
     * int, mongosh's a double), documents in order (an index key's order matters), arrays in order.
     */
    static boolean same(BsonValue a, BsonValue b) {
        if (a == null || b == null) {
            return a == b;
        }
        if (a.isNumber() && b.isNumber() || a.isDecimal128() && b.isNumber() || a.isNumber() && b.isDecimal128()) {
            return decimal(a).compareTo(decimal(b)) == 0;
        }
        if (a.isDocument() && b.isDocument()) {
            BsonDocument x = a.asDocument();
            BsonDocument y = b.asDocument();
            if (x.size() != y.size()) {
                return false;
            }
            Iterator<Map.Entry<String, BsonValue>> i = x.entrySet().iterator();
            Iterator<Map.Entry<String, BsonValue>> j = y.entrySet().iterator();
            while (i.hasNext()) {
                Map.Entry<String, BsonValue> e = i.next();
                Map.Entry<String, BsonValue> f = j.next();
                if (!e.getKey().equals(f.getKey()) || !same(e.getValue(), f.getValue())) {
                    return false;
                }
            }
            return true;
        }
        if (a.isArray() && b.isArray()) {
            BsonArray x = a.asArray();
            BsonArray y = b.asArray();
            if (x.size() != y.size()) {
                return false;
            }
            for (int k = 0; k < x.size(); k++) {
                if (!same(x.get(k), y.get(k))) {
                    return false;
                }
            }
            return true;
        }
        return a.equals(b);
    }

    private static BigDecimal decimal(BsonValue v) {
        if (v.isDecimal128()) {
            return v.asDecimal128().getValue().bigDecimalValue();
        }
        if (v.isDouble()) {
            double d = v.asDouble().getValue();
            return Double.isFinite(d) ? BigDecimal.valueOf(d) : BigDecimal.valueOf(Long.MAX_VALUE).multiply(BigDecimal.valueOf(Math.signum(d) * 10));
        }
        return BigDecimal.valueOf(v.asNumber().longValue());
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
