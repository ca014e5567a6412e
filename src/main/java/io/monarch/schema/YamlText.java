package io.monarch.schema;

import org.bson.BsonDocument;
import org.bson.BsonValue;

import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Writes BSON values as YAML that {@link YamlBson} reads back to the same values: short documents and lists
 * in flow style ({@code {email: 1}}), longer ones as indented blocks; strings plain where YAML would not
 * take them for something else, double-quoted otherwise; other BSON types as extended JSON.
 */
final class YamlText {
    private static final int LINE_WIDTH = 80;
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z_$][A-Za-z0-9_.$/-]*");
    private static final Set<String> YAML_WORDS = Set.of("y", "n", "yes", "no", "on", "off", "true", "false", "null", "~");

    private final StringBuilder out = new StringBuilder();

    String text() {
        return out.toString();
    }

    void comment(String line) {
        out.append("# ").append(line).append('\n');
    }

    /** {@code key:} opening a nested block. */
    void open(int indent, String key) {
        out.append(" ".repeat(indent)).append(scalarText(key)).append(":\n");
    }

    /** {@code key: value}, the value in flow style when short, else as a block under the key. */
    void entry(int indent, String key, BsonValue value) {
        String prefix = " ".repeat(indent) + scalarText(key) + ":";
        String flow = flow(value);
        if (prefix.length() + 1 + flow.length() <= LINE_WIDTH || !isContainer(value) || isEmpty(value)) {
            out.append(prefix).append(' ').append(flow).append('\n');
            return;
        }
        out.append(prefix).append('\n');
        block(indent + 2, value);
    }

    /** The entries of a document as {@code - key: value} items of a list, the first one after the dash. */
    void listItem(int indent, List<Map.Entry<String, BsonValue>> entries) {
        boolean first = true;
        for (Map.Entry<String, BsonValue> e : entries) {
            int at = out.length();
            entry(indent + 2, e.getKey(), e.getValue());
            if (first) {
                out.replace(at, at + indent + 2, " ".repeat(indent) + "- ");
                first = false;
            }
        }
    }

    private void block(int indent, BsonValue value) {
        if (value.isDocument()) {
            for (Map.Entry<String, BsonValue> e : value.asDocument().entrySet()) {
                entry(indent, e.getKey(), e.getValue());
            }
            return;
        }
        for (BsonValue item : value.asArray()) {
            if (item.isDocument() && !item.asDocument().isEmpty()) {
                listItem(indent, List.copyOf(item.asDocument().entrySet()));
            } else if (isContainer(item) && indent + 2 + flow(item).length() > LINE_WIDTH && !isEmpty(item)) {
                out.append(" ".repeat(indent)).append("-\n");
                block(indent + 2, item);
            } else {
                out.append(" ".repeat(indent)).append("- ").append(flow(item)).append('\n');
            }
        }
    }

    static String flow(BsonValue value) {
        if (value.isDocument()) {
            StringBuilder s = new StringBuilder("{");
            boolean first = true;
            for (Map.Entry<String, BsonValue> e : value.asDocument().entrySet()) {
                s.append(first ? "" : ", ").append(scalarText(e.getKey())).append(": ").append(flow(e.getValue()));
                first = false;
            }
            return s.append('}').toString();
        }
        if (value.isArray()) {
            StringBuilder s = new StringBuilder("[");
            boolean first = true;
            for (BsonValue item : value.asArray()) {
                s.append(first ? "" : ", ").append(flow(item));
                first = false;
            }
            return s.append(']').toString();
        }
        return scalar(value);
    }

    private static String scalar(BsonValue value) {
        switch (value.getBsonType()) {
            case STRING:
                return scalarText(value.asString().getValue());
            case INT32:
                return Integer.toString(value.asInt32().getValue());
            case INT64:
                return Long.toString(value.asInt64().getValue());
            case BOOLEAN:
                return Boolean.toString(value.asBoolean().getValue());
            case NULL:
                return "null";
            case DOUBLE:
                return doubleText(value.asDouble().getValue());
            default:
                // dates, ObjectIds, decimals, binaries...: extended JSON, which is also YAML flow
                String json = new BsonDocument("v", value).toJson(BsonValues.RELAXED);
                return json.substring(json.indexOf(':') + 2, json.length() - 1);
        }
    }

    private static String doubleText(double d) {
        if (Double.isNaN(d)) {
            return ".nan";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? ".inf" : "-.inf";
        }
        String plain = BigDecimal.valueOf(d).toPlainString();
        return plain.contains(".") ? plain : plain + ".0";
    }

    /** A string as YAML reads it back as that same string. */
    static String scalarText(String s) {
        if (PLAIN.matcher(s).matches() && !YAML_WORDS.contains(s.toLowerCase(Locale.ROOT))) {
            return s;
        }
        StringBuilder quoted = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> quoted.append("\\\"");
                case '\\' -> quoted.append("\\\\");
                case '\n' -> quoted.append("\\n");
                case '\t' -> quoted.append("\\t");
                case '\r' -> quoted.append("\\r");
                default -> {
                    if (c < 0x20) {
                        quoted.append(String.format("\\u%04x", (int) c));
                    } else {
                        quoted.append(c);
                    }
                }
            }
        }
        return quoted.append('"').toString();
    }

    private static boolean isContainer(BsonValue value) {
        return value.isArray() || value.isDocument();
    }

    private static boolean isEmpty(BsonValue value) {
        return value.isArray() ? value.asArray().isEmpty() : value.isDocument() && value.asDocument().isEmpty();
    }
}
