package io.monarch.api;

import org.bson.BsonArray;
import org.bson.BsonBoolean;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonInt64;
import org.bson.BsonString;
import org.bson.BsonValue;

import java.math.BigDecimal;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * One spelling for each meaning, so that a declared schema and an environment's compare equal when the
 * server would treat them alike: defaults left out (unique: false, validationLevel: strict, a text weight of
 * 1, ICU's default collation fields), what the server adds dropped (index versions), a capped size as the
 * server rounds it, and an index's collation left out where it only repeats its collection's.
 * <p>{@code monarch plan} compares through it, and so does {@link SchemaSteps} when a generated migration runs,
 * so that what plan calls "no change" a migration calls "already there as declared".
 */
public final class SchemaSpelling {
    /** ICU's defaults for the fields a collation spells out beside its locale (a few locales differ; they are then written). */
    private static final BsonDocument COLLATION_DEFAULTS = new BsonDocument("caseLevel", BsonBoolean.FALSE)
            .append("caseFirst", new BsonString("off")).append("strength", new BsonInt32(3))
            .append("numericOrdering", BsonBoolean.FALSE).append("alternate", new BsonString("non-ignorable"))
            .append("maxVariable", new BsonString("punct")).append("normalization", BsonBoolean.FALSE)
            .append("backwards", BsonBoolean.FALSE);
    private static final Map<String, long[]> BUCKET_DEFAULTS = Map.of(
            "seconds", new long[]{3600, 60}, "minutes", new long[]{86400, 3600}, "hours", new long[]{2592000, 86400});

    private SchemaSpelling() {
    }

    /** A collection's options as {@code create} takes them or listCollections lists them; what schema files have no words for is left out. */
    public static BsonDocument collectionOptions(BsonDocument options) {
        BsonDocument out = new BsonDocument();
        if (options.isDocument("validator") && !options.getDocument("validator").isEmpty()) {
            out.put("validator", options.get("validator"));
        }
        putUnlessDefault(out, options, "validationLevel", "strict");
        putUnlessDefault(out, options, "validationAction", "error");
        putCollation(out, options);
        if (options.getBoolean("capped", BsonBoolean.FALSE).getValue()) {
            out.put("capped", BsonBoolean.TRUE);
            long size = options.containsKey("size") && options.get("size").isNumber() ? options.get("size").asNumber().longValue() : 0;
            // The server keeps at least 4096 bytes and rounds the rest up to whole 256-byte blocks.
            out.put("size", number(size <= 4096 ? 4096 : (size + 255) / 256 * 256));
            if (options.containsKey("max") && options.get("max").isNumber() && options.get("max").asNumber().longValue() > 0) {
                out.put("max", number(options.get("max").asNumber().longValue()));
            }
        }
        if (options.isDocument("timeseries")) {
            out.put("timeseries", timeseries(options.getDocument("timeseries")));
        }
        if (options.containsKey("expireAfterSeconds") && options.get("expireAfterSeconds").isNumber()) {
            out.put("expireAfterSeconds", number(options.get("expireAfterSeconds").asNumber().longValue()));
        }
        if (options.isDocument("clusteredIndex")) {
            BsonDocument clustered = new BsonDocument("key", new BsonDocument("_id", new BsonInt32(1))).append("unique", BsonBoolean.TRUE);
            BsonValue name = options.getDocument("clusteredIndex").get("name");
            if (name != null && name.isString() && !name.asString().getValue().equals("_id_")) {
                clustered.put("name", name);
            }
            out.put("clusteredIndex", clustered);
        }
        if (options.isDocument("changeStreamPreAndPostImages")
                && options.getDocument("changeStreamPreAndPostImages").getBoolean("enabled", BsonBoolean.FALSE).getValue()) {
            out.put("changeStreamPreAndPostImages", new BsonDocument("enabled", BsonBoolean.TRUE));
        }
        return out;
    }

    /** A view's options: what it reads, its pipeline and its collation. */
    public static BsonDocument viewOptions(BsonDocument options) {
        BsonDocument out = new BsonDocument("viewOn", options.get("viewOn"));
        out.put("pipeline", options.isArray("pipeline") ? options.getArray("pipeline") : new BsonArray());
        putCollation(out, options);
        return out;
    }

    /** Granularity "seconds" and the bucket spans a granularity implies are the server's defaults, left out. */
    private static BsonDocument timeseries(BsonDocument timeseries) {
        BsonDocument out = new BsonDocument();
        for (String field : List.of("timeField", "metaField")) {
            if (timeseries.containsKey(field)) {
                out.put(field, timeseries.get(field));
            }
        }
        String granularity = timeseries.isString("granularity") ? timeseries.getString("granularity").getValue()
                : timeseries.containsKey("bucketMaxSpanSeconds") ? null : "seconds";
        if (granularity != null && !granularity.equals("seconds")) {
            out.put("granularity", new BsonString(granularity));
        }
        long[] defaults = granularity == null ? null : BUCKET_DEFAULTS.get(granularity);
        String[] buckets = {"bucketMaxSpanSeconds", "bucketRoundingSeconds"};
        for (int i = 0; i < buckets.length; i++) {
            BsonValue v = timeseries.get(buckets[i]);
            if (v != null && v.isNumber() && (defaults == null || v.asNumber().longValue() != defaults[i])) {
                out.put(buckets[i], number(v.asNumber().longValue()));
            }
        }
        return out;
    }

    /**
     * An index as {@code createIndexes} takes it or listIndexes lists it ({@code {key, name, ...options}}), spelled
     * {@code {key, name, ...options}} as a schema file declares it, with {@code collectionCollation} the collation
     * it inherits. A text index listed as {@code {_fts: "text", _ftsx: 1}} gets its fields back from its weights.
     */
    public static BsonDocument index(BsonDocument spec, BsonDocument collectionCollation) {
        BsonDocument keys = new BsonDocument();
        for (Map.Entry<String, BsonValue> key : listedKeys(spec).entrySet()) {
            BsonValue value = key.getValue();
            keys.put(key.getKey(), value.isNumber() && value.asNumber().doubleValue() == Math.rint(value.asNumber().doubleValue())
                    ? new BsonInt32(value.asNumber().intValue()) : value);
        }
        BsonDocument out = new BsonDocument("key", textKeysSorted(keys)).append("name", spec.get("name"));
        for (String flag : List.of("unique", "sparse", "hidden")) {
            if (truthy(spec.get(flag))) {
                out.put(flag, BsonBoolean.TRUE);
            }
        }
        if (spec.containsKey("partialFilterExpression")) {
            out.put("partialFilterExpression", spec.get("partialFilterExpression"));
        }
        if (spec.containsKey("expireAfterSeconds") && spec.get("expireAfterSeconds").isNumber()) {
            out.put("expireAfterSeconds", number(spec.get("expireAfterSeconds").asNumber().longValue()));
        }
        BsonDocument collation = collation(spec.get("collation"));
        if (!collation.isEmpty() && !same(collation, collation(collectionCollation))) {
            out.put("collation", collation);
        }
        if (spec.isDocument("weights")) {
            BsonDocument weights = new BsonDocument();
            for (Map.Entry<String, BsonValue> w : spec.getDocument("weights").entrySet()) {
                if (!w.getValue().isNumber() || w.getValue().asNumber().intValue() != 1) {
                    weights.put(w.getKey(), w.getValue().isNumber() ? new BsonInt32(w.getValue().asNumber().intValue()) : w.getValue());
                }
            }
            if (!weights.isEmpty()) {
                out.put("weights", weights);
            }
        }
        putUnlessDefault(out, spec, "default_language", "english");
        putUnlessDefault(out, spec, "language_override", "language");
        if (spec.containsKey("wildcardProjection")) {
            out.put("wildcardProjection", spec.get("wildcardProjection"));
        }
        putNumberUnless(out, spec, "bits", 26);
        putNumberUnless(out, spec, "min", -180);
        putNumberUnless(out, spec, "max", 180);
        return out;
    }

    /** MongoDB lists a text index's key as {@code {_fts: "text", _ftsx: 1}}; the fields are the weights' names. */
    private static BsonDocument listedKeys(BsonDocument spec) {
        BsonDocument key = spec.getDocument("key");
        if (!key.containsKey("_fts")) {
            return key;
        }
        BsonDocument weights = spec.isDocument("weights") ? spec.getDocument("weights") : new BsonDocument();
        BsonDocument keys = new BsonDocument();
        for (Map.Entry<String, BsonValue> e : key.entrySet()) {
            if (e.getKey().equals("_fts")) {
                weights.keySet().forEach(field -> keys.put(field, new BsonString("text")));
            } else if (!e.getKey().equals("_ftsx")) {
                keys.put(e.getKey(), e.getValue());
            }
        }
        return keys;
    }

    /** A collation without its ICU version and the fields at their defaults; empty for the simple (binary) one. */
    public static BsonDocument collation(BsonValue value) {
        if (value == null || !value.isDocument()) {
            return new BsonDocument();
        }
        BsonDocument collation = value.asDocument();
        String locale = collation.getString("locale", new BsonString("simple")).getValue();
        if (locale.equals("simple")) {
            return new BsonDocument();
        }
        BsonDocument out = new BsonDocument("locale", new BsonString(locale));
        for (Map.Entry<String, BsonValue> field : COLLATION_DEFAULTS.entrySet()) {
            BsonValue v = collation.get(field.getKey());
            if (v != null && !same(v, field.getValue())) {
                out.put(field.getKey(), v.isNumber() ? new BsonInt32(v.asNumber().intValue()) : v);
            }
        }
        return out;
    }

    /**
     * Whether two values mean the same to the server: numbers by value whatever their type (YAML's 1 is an
     * int, mongosh's a double), documents in order (an index key's order matters), arrays in order.
     */
    public static boolean same(BsonValue a, BsonValue b) {
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

    /** The fields of a text index are one set: their order in the key pattern means nothing. */
    private static BsonDocument textKeysSorted(BsonDocument keys) {
        List<String> text = keys.entrySet().stream().filter(e -> e.getValue().equals(new BsonString("text"))).map(Map.Entry::getKey).sorted().toList();
        if (text.size() < 2) {
            return keys;
        }
        BsonDocument out = new BsonDocument();
        boolean textWritten = false;
        for (Map.Entry<String, BsonValue> e : keys.entrySet()) {
            if (!e.getValue().equals(new BsonString("text"))) {
                out.put(e.getKey(), e.getValue());
            } else if (!textWritten) {
                text.forEach(t -> out.put(t, new BsonString("text")));
                textWritten = true;
            }
        }
        return out;
    }

    private static void putCollation(BsonDocument out, BsonDocument options) {
        BsonDocument collation = collation(options.get("collation"));
        if (!collation.isEmpty()) {
            out.put("collation", collation);
        }
    }

    private static void putUnlessDefault(BsonDocument out, BsonDocument options, String key, String defaultValue) {
        BsonValue v = options.get(key);
        if (v != null && !(v.isString() && v.asString().getValue().equals(defaultValue))) {
            out.put(key, v);
        }
    }

    private static void putNumberUnless(BsonDocument out, BsonDocument options, String key, double defaultValue) {
        BsonValue v = options.get(key);
        if (v != null && !(v.isNumber() && v.asNumber().doubleValue() == defaultValue)) {
            out.put(key, v);
        }
    }

    private static boolean truthy(BsonValue v) {
        return v != null && (v.isBoolean() ? v.asBoolean().getValue() : v.isNumber() && v.asNumber().doubleValue() != 0);
    }

    /** Whole numbers as int where they fit, so that YAML, mongosh and the server's spellings compare and print alike. */
    private static BsonValue number(long n) {
        return n == (int) n ? new BsonInt32((int) n) : new BsonInt64(n);
    }
}
