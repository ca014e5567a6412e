package io.monarch.support;

import org.bson.BsonBinary;
import org.bson.BsonDocument;
import org.bson.BsonDouble;
import org.bson.BsonInt32;
import org.bson.BsonInt64;
import org.bson.BsonJavaScriptWithScope;
import org.bson.BsonString;
import org.bson.BsonTimestamp;
import org.bson.BsonValue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Test inputs exactly as mongodump writes them, built without any of monarch's own dump code: dump folders
 * ({@code mongodump --out}) and archives ({@code mongodump --archive}), for the mongodump versions users still run.
 * Every choice here is a fact of mongo-tools' Go source, written down with its source in
 * {@code src/test/resources/mongodump/FACTS.md}.
 *
 * <pre>{@code
 * Mongodump.folder(dir.resolve("dump")).version(V4_0).wholeServer()
 *         .database("shop").collection("cafés", docs, Mongodump.index("city_1", doc("{city: 1}")))
 *         .database("crm").view("active", "users", List.of(doc("{$match: {active: true}}")))
 *         .oplog(List.of(Mongodump.oplogEntry(1700000000, 1, "i", "shop.cafés", doc("{_id: 9}"))))
 *         .gzip().write();
 * Mongodump.archive(dir.resolve("all.archive.gz")).gzip().wholeServer().database("db1").collection("c", docs)
 *         .flip(MongodumpArchive.Flip.preludeKey("db1.c", "metadata")).write();
 * }</pre>
 */
public final class Mongodump {
    private Mongodump() {
    }

    /** The mongodump releases whose output differs (FACTS.md has the differences). */
    public enum Version {
        /** mongodump r3.4.x (mgo): legacy JSON metadata {options, indexes}, names unescaped, no prelude {@code type}. */
        V3_4("r3.4.24", "3.4.24"),
        /** mongodump r4.0.8 to r4.0.x (mgo): as 3.4 plus {@code uuid} (servers 3.6+), names through url.PathEscape. */
        V4_0("r4.0.28", "4.0.28"),
        /**
         * mongodump r4.2.x (the Go driver): canonical Extended JSON metadata {options, indexes, uuid} with options
         * and uuid always present (the struct's json tags, omitempty included, are ignored), names as 4.0.
         */
        V4_2("r4.2.25", "4.2.25"),
        /**
         * mongodump 100.x (today's Database Tools): canonical Extended JSON metadata with collectionName and type,
         * names through url.QueryEscape and hashed past 238 bytes, prelude {@code type}, prelude.json (100.12+).
         */
        V100("100.18.0", "7.0.14");

        private final String toolVersion;
        private final String serverVersion;

        Version(String toolVersion, String serverVersion) {
            this.toolVersion = toolVersion;
            this.serverVersion = serverVersion;
        }

        /** What {@code git describe} stamped into this mongodump: the archive header's tool_version. */
        public String toolVersion() {
            return toolVersion;
        }

        /** A server this mongodump was typically run against (its buildInfo version). */
        public String serverVersion() {
            return serverVersion;
        }
    }

    /** A dump folder, as {@code mongodump --out <dir>} writes it: {@code <dir>/<db>/<collection>.bson} and so on. */
    public static MongodumpFolder folder(Path dir) {
        return new MongodumpFolder(dir);
    }

    /** An archive file, as {@code mongodump --archive=<file>} writes it (whole-stream gzip with {@code gzip()}). */
    public static MongodumpArchive archive(Path file) {
        return new MongodumpArchive(file);
    }

    /**
     * An index as listIndexes returns it: {@code {v: 2, [unique], key, name, [ns]}}. The {@code ns} field is added
     * when the dump is written, where the server (before 4.4) reports one.
     */
    public static Index index(String name, BsonDocument key) {
        BsonDocument spec = new BsonDocument("v", new BsonInt32(2));
        spec.put("key", key);
        spec.put("name", new BsonString(name));
        return new Index(spec, false);
    }

    /** The {@code _id_} index every collection has; added by the builders when a collection's list lacks one. */
    public static Index idIndex() {
        return index("_id_", new BsonDocument("_id", new BsonInt32(1)));
    }

    /**
     * An index built long ago (shell-created on a 2.x/3.0 server): version {@code v: 1} stored as a double, the key's
     * directions as doubles. Legacy JSON writes it {@code "v":1.0}, canonical {@code {"$numberDouble":"1.0"}}.
     */
    public static Index legacyIndex(String name, BsonDocument key) {
        BsonDocument doubles = new BsonDocument();
        for (Map.Entry<String, BsonValue> e : key.entrySet()) {
            doubles.put(e.getKey(), e.getValue().isNumber() ? new BsonDouble(e.getValue().asNumber().doubleValue()) : e.getValue());
        }
        return index(name, doubles).v(new BsonDouble(1.0));
    }

    /** An index spec written exactly as given (no {@code ns} added): for malformed specs. */
    public static Index rawIndex(BsonDocument spec) {
        return new Index(spec.clone(), true);
    }

    /** An index specification as it appears in a metadata file's {@code indexes} list. */
    public record Index(BsonDocument spec, boolean raw) {
        public String name() {
            return spec.containsKey("name") && spec.get("name").isString() ? spec.getString("name").getValue() : "";
        }

        /** {@code unique: true}, placed after {@code v} as the server lists it. */
        public Index unique() {
            BsonDocument out = new BsonDocument();
            for (Map.Entry<String, BsonValue> e : spec.entrySet()) {
                out.put(e.getKey(), e.getValue());
                if (e.getKey().equals("v")) {
                    out.put("unique", org.bson.BsonBoolean.TRUE);
                }
            }
            return new Index(out, raw);
        }

        /** Another option (sparse, expireAfterSeconds, partialFilterExpression, ...), after the others. */
        public Index option(String key, BsonValue value) {
            BsonDocument out = spec.clone();
            out.put(key, value);
            return new Index(out, raw);
        }

        /** The index version as some other BSON value (a double, a decimal, ...), kept in its place. */
        public Index v(BsonValue version) {
            BsonDocument out = spec.clone();
            out.put("v", version);
            return new Index(out, raw);
        }

        /** The spec as a dump of {@code namespace} shows it: with {@code ns} after {@code name} when asked. */
        BsonDocument render(String namespace, boolean withNs) {
            if (raw || !withNs || spec.containsKey("ns")) {
                return spec.clone();
            }
            BsonDocument out = new BsonDocument();
            for (Map.Entry<String, BsonValue> e : spec.entrySet()) {
                out.put(e.getKey(), e.getValue());
                if (e.getKey().equals("name")) {
                    out.put("ns", new BsonString(namespace));
                }
            }
            return out;
        }
    }

    /**
     * An oplog entry as {@code local.oplog.rs} of a 3.6 to 4.x server holds one (mongodump --oplog copies it
     * verbatim): {@code {ts, t, h, v: 2, op, ns, ui, wall, o}}, {@code ui} being the collection's UUID.
     */
    public static BsonDocument oplogEntry(int seconds, int increment, String op, String namespace, BsonDocument o) {
        BsonDocument entry = new BsonDocument("ts", new BsonTimestamp(seconds, increment));
        entry.put("t", new BsonInt64(1));
        entry.put("h", new BsonInt64(0));
        entry.put("v", new BsonInt32(2));
        entry.put("op", new BsonString(op));
        entry.put("ns", new BsonString(namespace));
        entry.put("ui", new BsonBinary(MongodumpContent.namespaceUuid(namespace), org.bson.UuidRepresentation.STANDARD));
        entry.put("wall", new org.bson.BsonDateTime(seconds * 1000L));
        entry.put("o", o);
        return entry;
    }

    /**
     * Documents holding values a server keeps and mongodump copies as they are, but that not every reader takes:
     * binary subtypes other than 0, 3, 4 and 128 (1 function, 2 old binary, 5 MD5, 6 encrypted, 7 column,
     * 8 sensitive, 9 vector) and JavaScript with scope. One value a document, {@code _id} 1 to 8.
     */
    public static List<BsonDocument> unusualValues() {
        byte[] sixteen = new byte[16];
        byte[] oldBinary = {4, 0, 0, 0, 1, 2, 3, 4};   // subtype 2 carries its own int32 length
        byte[] vector = {0x03, 0x00, 1, 2};             // int8 vector: dtype, padding, values
        return List.of(
                valueDocument(1, new BsonBinary((byte) 1, new byte[]{1})),
                valueDocument(2, new BsonBinary((byte) 2, oldBinary)),
                valueDocument(3, new BsonBinary((byte) 5, sixteen)),
                valueDocument(4, new BsonBinary((byte) 6, new byte[]{1, 2, 3})),
                valueDocument(5, new BsonBinary((byte) 7, new byte[]{0})),
                valueDocument(6, new BsonBinary((byte) 8, new byte[]{1})),
                valueDocument(7, new BsonBinary((byte) 9, vector)),
                valueDocument(8, new BsonJavaScriptWithScope("function() { return x; }", new BsonDocument("x", new BsonInt32(1)))));
    }

    private static BsonDocument valueDocument(int id, BsonValue value) {
        BsonDocument d = new BsonDocument("_id", new BsonInt32(id));
        d.put("value", value);
        return d;
    }

    /** Shorthand for {@code BsonDocument.parse}. */
    public static BsonDocument doc(String json) {
        return BsonDocument.parse(json);
    }
}
