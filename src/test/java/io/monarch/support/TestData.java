package io.monarch.support;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import org.bson.BsonArray;
import org.bson.BsonBinary;
import org.bson.BsonBinarySubType;
import org.bson.BsonBoolean;
import org.bson.BsonDateTime;
import org.bson.BsonDecimal128;
import org.bson.BsonDocument;
import org.bson.BsonDouble;
import org.bson.BsonInt32;
import org.bson.BsonInt64;
import org.bson.BsonJavaScript;
import org.bson.BsonMaxKey;
import org.bson.BsonMinKey;
import org.bson.BsonNull;
import org.bson.BsonObjectId;
import org.bson.BsonRegularExpression;
import org.bson.BsonString;
import org.bson.BsonTimestamp;
import org.bson.BsonValue;
import org.bson.Document;
import org.bson.types.Decimal128;
import org.bson.types.ObjectId;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/** Data a backup must carry whole: every BSON type, documents near 16 MB, indexes of every kind, empty collections. */
public final class TestData {
    private TestData() {
    }

    public static void seed(MongoDatabase db) {
        List<BsonDocument> typed = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            typed.add(everyType(i));
        }
        db.getCollection("types", BsonDocument.class).insertMany(typed);

        List<Document> users = new ArrayList<>();
        for (int i = 0; i < 2500; i++) {
            users.add(new Document("_id", i).append("email", "user" + i + "@example.com").append("plan", i % 3 == 0 ? "pro" : "free")
                    .append("createdAt", new java.util.Date(1_700_000_000_000L + i * 1000L)).append("score", i * 1.5)
                    .append("bio", "x".repeat(200 + i % 500)));
        }
        db.getCollection("users").insertMany(users);
        db.getCollection("users").createIndex(Indexes.ascending("email"), new IndexOptions().unique(true).name("email_unique"));
        db.getCollection("users").createIndex(Indexes.compoundIndex(Indexes.ascending("plan"), Indexes.descending("score")),
                new IndexOptions().name("plan_score"));
        db.getCollection("users").createIndex(Indexes.ascending("createdAt"),
                new IndexOptions().expireAfter(3650L, TimeUnit.DAYS).name("created_ttl"));
        db.getCollection("users").createIndex(Indexes.ascending("score"),
                new IndexOptions().partialFilterExpression(Filters.gt("score", 100)).name("score_partial"));

        // Two documents close to the 16 MB limit.
        byte[] big = new byte[15 * 1024 * 1024];
        Arrays.fill(big, (byte) 7);
        db.getCollection("blobs").insertOne(new Document("_id", "big1").append("data", new org.bson.types.Binary(big)));
        big[0] = 1;
        db.getCollection("blobs").insertOne(new Document("_id", "big2").append("data", new org.bson.types.Binary(big)));

        db.createCollection("empty");
    }

    static BsonDocument everyType(int i) {
        return new BsonDocument("_id", new BsonObjectId(new ObjectId()))
                .append("i", new BsonInt32(i))
                .append("double", new BsonDouble(i + 0.25))
                .append("string", new BsonString("héllo wörld " + i))
                .append("doc", new BsonDocument("nested", new BsonDocument("deep", new BsonInt32(i))))
                .append("array", new BsonArray(List.of(new BsonInt32(1), new BsonString("two"), new BsonArray())))
                .append("binary", new BsonBinary(new byte[]{1, 2, 3, (byte) i}))
                .append("uuid", new BsonBinary(UUID.nameUUIDFromBytes(new byte[]{(byte) i})))
                // user-defined subtype; the embedded server refuses MD5 (0x05) and JavaScript-with-scope,
                // which the Testcontainers suite covers against real MongoDB
                .append("userBinary", new BsonBinary(BsonBinarySubType.USER_DEFINED, new byte[]{9, 8, (byte) i}))
                .append("bool", BsonBoolean.valueOf(i % 2 == 0))
                .append("date", new BsonDateTime(1_700_000_000_000L + i))
                .append("null", BsonNull.VALUE)
                .append("regex", new BsonRegularExpression("^a.*" + i, "im"))
                .append("js", new BsonJavaScript("function() { return " + i + "; }"))
                .append("int64", new BsonInt64(Long.MAX_VALUE - i))
                .append("timestamp", new BsonTimestamp(1_700_000_000 + i, i))
                .append("decimal", new BsonDecimal128(new Decimal128(new BigDecimal("12345.6789" + i))))
                .append("minKey", new BsonMinKey())
                .append("maxKey", new BsonMaxKey());
    }

    /** The lock collection every command that changes an environment takes its lock in: not the user's data. */
    public static final String LOCK_COLLECTION = "monarch_migrations_lock";

    /** Every collection's documents (but the lock's), in _id order, as BSON: what two databases must agree on. */
    public static Map<String, List<BsonDocument>> contents(MongoDatabase db, String... except) {
        Map<String, List<BsonDocument>> all = new TreeMap<>();
        List<String> skip = Arrays.asList(except);
        for (String name : db.listCollectionNames()) {
            if (!skip.contains(name) && !name.startsWith("system.") && !name.equals(LOCK_COLLECTION)) {
                all.put(name, db.getCollection(name, BsonDocument.class).find().sort(new BsonDocument("_id", new BsonInt32(1)))
                        .into(new ArrayList<>()));
            }
        }
        return all;
    }

    /** The index specs of a collection that a restore must rebuild, by name, without the server's own fields. */
    public static Map<String, BsonDocument> indexes(MongoDatabase db, String collection) {
        return indexes(db.getCollection(collection));
    }

    public static Map<String, BsonDocument> indexes(MongoCollection<?> collection) {
        Map<String, BsonDocument> specs = new TreeMap<>();
        for (BsonDocument index : collection.listIndexes(BsonDocument.class)) {
            BsonDocument spec = index.clone();
            spec.remove("v");
            spec.remove("ns");
            specs.put(spec.getString("name").getValue(), spec);
        }
        return specs;
    }

    public static BsonValue id(int i) {
        return new BsonInt32(i);
    }
}
