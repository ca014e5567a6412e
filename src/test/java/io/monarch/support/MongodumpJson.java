package io.monarch.support;

import org.bson.BsonBinary;
import org.bson.BsonDocument;
import org.bson.BsonJavaScriptWithScope;
import org.bson.BsonRegularExpression;
import org.bson.BsonTimestamp;
import org.bson.BsonValue;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;

/**
 * The two JSON dialects mongodump has written metadata in, reproduced byte for byte (FACTS.md, "Metadata JSON").
 * <ul>
 * <li>{@link #legacy}: mongodump 3.4 and 4.0 ({@code common/json} via {@code bsonutil.ConvertBSONValueToJSON}):
 * int32 as a bare number, a double with a ".0" when whole, int64 as {@code {"$numberLong":"5"}}, compact, with
 * '&lt;', '&gt;' and '&amp;' escaped.</li>
 * <li>{@link #canonical}: mongodump 100.x (the Go driver's {@code MarshalExtJSON(canonical=true, escapeHTML=false)}):
 * canonical Extended JSON v2, compact.</li>
 * </ul>
 */
public final class MongodumpJson {
    private static final String LOWER_HEX = "0123456789abcdef";
    private static final long LEGACY_MAX_ISO_DATE = 32535215999000L;   // common/json Date.isFormatable
    private static final DateTimeFormatter GO_MILLIS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    private final boolean canonical;
    private final boolean escapeKeys;
    private final StringBuilder out = new StringBuilder();

    private MongodumpJson(boolean canonical, boolean escapeKeys) {
        this.canonical = canonical;
        this.escapeKeys = escapeKeys;
    }

    public static String legacy(BsonDocument document) {
        MongodumpJson json = new MongodumpJson(false, true);
        json.value(document);
        return json.out.toString();
    }

    public static String canonical(BsonDocument document) {
        return canonical(document, true);
    }

    /**
     * {@code escapeKeys=false}: as the Go driver vendored by mongodump r4.2.0 to r4.2.2 wrote (bsonrw
     * WriteDocumentElement printed {@code "%s":}), a key holding '"' or '\' makes the metadata unparsable.
     */
    public static String canonical(BsonDocument document, boolean escapeKeys) {
        MongodumpJson json = new MongodumpJson(true, escapeKeys);
        json.value(document);
        return json.out.toString();
    }

    private void value(BsonValue v) {
        switch (v.getBsonType()) {
            case DOCUMENT -> document(v.asDocument());
            case ARRAY -> {
                out.append('[');
                boolean first = true;
                for (BsonValue item : v.asArray()) {
                    if (!first) {
                        out.append(',');
                    }
                    first = false;
                    value(item);
                }
                out.append(']');
            }
            case STRING -> string(v.asString().getValue());
            case INT32 -> number("numberInt", Integer.toString(v.asInt32().getValue()), canonical);
            case INT64 -> number("numberLong", Long.toString(v.asInt64().getValue()), true);
            case DOUBLE -> doubleValue(v.asDouble().getValue());
            case DECIMAL128 -> wrapped("numberDecimal", v.asDecimal128().getValue().toString());
            case BOOLEAN -> out.append(v.asBoolean().getValue());
            case NULL -> out.append("null");
            case OBJECT_ID -> wrapped("oid", v.asObjectId().getValue().toHexString());
            case DATE_TIME -> date(v.asDateTime().getValue());
            case BINARY -> binary(v.asBinary());
            case TIMESTAMP -> {
                BsonTimestamp ts = v.asTimestamp();
                out.append("{\"$timestamp\":{\"t\":").append(Integer.toUnsignedString(ts.getTime()))
                        .append(",\"i\":").append(Integer.toUnsignedString(ts.getInc())).append("}}");
            }
            case REGULAR_EXPRESSION -> regex(v.asRegularExpression());
            case MIN_KEY -> out.append("{\"$minKey\":1}");
            case MAX_KEY -> out.append("{\"$maxKey\":1}");
            case UNDEFINED -> out.append("{\"$undefined\":true}");
            case JAVASCRIPT -> {
                out.append("{\"$code\":");
                string(v.asJavaScript().getCode());
                out.append('}');
            }
            case JAVASCRIPT_WITH_SCOPE -> {
                BsonJavaScriptWithScope js = v.asJavaScriptWithScope();
                out.append("{\"$code\":");
                string(js.getCode());
                out.append(",\"$scope\":");
                document(js.getScope());
                out.append('}');
            }
            case SYMBOL -> {
                if (!canonical) {
                    // bsonutil.ConvertBSONValueToJSON has no case for bson.Symbol: mongodump 3.4/4.0 fail on it
                    throw new IllegalArgumentException("mongodump 3.4/4.0 cannot write a symbol into metadata JSON");
                }
                out.append("{\"$symbol\":");
                string(v.asSymbol().getSymbol());
                out.append('}');
            }
            default -> throw new IllegalArgumentException("no metadata JSON for BSON type " + v.getBsonType());
        }
    }

    private void document(BsonDocument document) {
        out.append('{');
        boolean first = true;
        for (Map.Entry<String, BsonValue> entry : document.entrySet()) {
            if (!first) {
                out.append(',');
            }
            first = false;
            if (escapeKeys) {
                string(entry.getKey());
            } else {
                out.append('"').append(entry.getKey()).append('"');
            }
            out.append(':');
            value(entry.getValue());
        }
        out.append('}');
    }

    /** Canonical always wraps; legacy wraps int64 only ({@code json.NumberLong}), int32 is bare. */
    private void number(String type, String digits, boolean wrap) {
        if (wrap) {
            wrapped(type, digits);
        } else {
            out.append(digits);
        }
    }

    private void wrapped(String type, String text) {
        out.append("{\"$").append(type).append("\":\"").append(text).append("\"}");
    }

    private void doubleValue(double d) {
        if (canonical) {
            // bson/extjson_writer.go formatDouble: strconv.FormatFloat(f, 'G', -1, 64), ".0" unless it has 'E' or '.'
            String s = Double.isNaN(d) ? "NaN" : Double.isInfinite(d) ? (d > 0 ? "Infinity" : "-Infinity") : goFormatFloat(d, 'E');
            if (Double.isFinite(d) && s.indexOf('E') < 0 && s.indexOf('.') < 0) {
                s += ".0";
            }
            wrapped("numberDouble", s);
            return;
        }
        // common/json NumberFloat.MarshalJSON: FormatFloat(f, 'g', -1, 64), ".0" when whole and not in e-notation
        if (Double.isInfinite(d)) {
            out.append(d > 0 ? "+Infinity" : "-Infinity");
            return;
        }
        if (Double.isNaN(d)) {
            out.append("NaN");
            return;
        }
        String s = goFormatFloat(d, 'e');
        if (d == Math.rint(d) && s.indexOf('e') < 0) {
            s += ".0";
        }
        out.append(s);
    }

    private void date(long millis) {
        if (canonical) {
            out.append("{\"$date\":{\"$numberLong\":\"").append(millis).append("\"}}");
        } else if (millis < LEGACY_MAX_ISO_DATE) {
            wrapped("date", GO_MILLIS.format(Instant.ofEpochMilli(millis)));
        } else {
            out.append("{\"$date\":{\"$numberLong\":\"").append(millis).append("\"}}");
        }
    }

    private void binary(BsonBinary binary) {
        String base64 = Base64.getEncoder().encodeToString(binary.getData());
        String subtype = String.valueOf(LOWER_HEX.charAt((binary.getType() >> 4) & 0xF)) + LOWER_HEX.charAt(binary.getType() & 0xF);
        if (canonical) {
            out.append("{\"$binary\":{\"base64\":\"").append(base64).append("\",\"subType\":\"").append(subtype).append("\"}}");
        } else {
            out.append("{\"$binary\":\"").append(base64).append("\",\"$type\":\"").append(subtype).append("\"}");
        }
    }

    private void regex(BsonRegularExpression regex) {
        if (canonical) {
            char[] options = regex.getOptions().toCharArray();
            Arrays.sort(options);
            out.append("{\"$regularExpression\":{\"pattern\":");
            string(regex.getPattern());
            out.append(",\"options\":");
            string(new String(options));
            out.append("}}");
        } else {
            out.append("{\"$regex\":");
            string(regex.getPattern());
            out.append(",\"$options\":");
            string(regex.getOptions());
            out.append('}');
        }
    }

    /**
     * Go's JSON string escaping. Legacy (common/json, always HTML-safe): '&lt;', '&gt;', '&amp;' and every control
     * character except \n and \r become a six-character escape (backslash, u, 00XX).
     * Canonical (escapeHTML=false): \t, \b, \f also get short forms and
     * '&lt;&gt;&amp;' stay. Both escape U+2028/U+2029 and turn a lone surrogate into the escape of U+FFFD.
     */
    private void string(String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c == '\n') {
                out.append("\\n");
            } else if (c == '\r') {
                out.append("\\r");
            } else if (canonical && c == '\t') {
                out.append("\\t");
            } else if (canonical && c == '\b') {
                out.append("\\b");
            } else if (canonical && c == '\f') {
                out.append("\\f");
            } else if (c < 0x20 || (!canonical && (c == '<' || c == '>' || c == '&'))) {
                out.append("\\u00").append(LOWER_HEX.charAt(c >> 4)).append(LOWER_HEX.charAt(c & 0xF));
            } else if (c == '\u2028' || c == '\u2029') {
                out.append("\\u202").append(LOWER_HEX.charAt(c & 0xF));
            } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                out.append(c).append(s.charAt(++i));
            } else if (Character.isSurrogate(c)) {
                out.append("\\ufffd");
            } else {
                out.append(c);
            }
        }
        out.append('"');
    }

    /**
     * Go's {@code strconv.FormatFloat(d, 'g' or 'G', -1, 64)}: the shortest digits that read back, in e-notation
     * when the exponent is below -4 or at least 6 (the precision Go uses for this choice when printing shortest),
     * with a signed exponent of at least two digits.
     */
    static String goFormatFloat(double d, char e) {
        if (d == 0) {
            return (1 / d < 0) ? "-0" : "0";
        }
        BigDecimal exact = new BigDecimal(Double.toString(Math.abs(d))).stripTrailingZeros();
        String digits = exact.unscaledValue().toString();
        int exponent = digits.length() - exact.scale() - 1;
        StringBuilder s = new StringBuilder(d < 0 ? "-" : "");
        if (exponent < -4 || exponent >= 6) {
            s.append(digits.charAt(0));
            if (digits.length() > 1) {
                s.append('.').append(digits, 1, digits.length());
            }
            int abs = Math.abs(exponent);
            s.append(e).append(exponent < 0 ? '-' : '+').append(abs < 10 ? "0" : "").append(abs);
        } else if (exponent < 0) {
            s.append("0.").append("0".repeat(-exponent - 1)).append(digits);
        } else if (digits.length() <= exponent + 1) {
            s.append(digits).append("0".repeat(exponent + 1 - digits.length()));
        } else {
            s.append(digits, 0, exponent + 1).append('.').append(digits, exponent + 1, digits.length());
        }
        return s.toString();
    }
}
