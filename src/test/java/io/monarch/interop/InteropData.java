package io.monarch.interop;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Collation;
import com.mongodb.client.model.CollationStrength;
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
import org.bson.BsonNull;
import org.bson.BsonObjectId;
import org.bson.BsonRegularExpression;
import org.bson.BsonString;
import org.bson.BsonValue;
import org.bson.RawBsonDocument;
import org.bson.codecs.BsonDocumentCodec;
import org.bson.types.Decimal128;
import org.bson.types.ObjectId;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The data the interop tests move through MongoDB's tools and monarch: a few hundred documents of the BSON types
 * an application stores (ObjectId, int, long, double, decimal, dates, strings, nested documents, arrays, binary of
 * subtypes 0 and 4, regexes, booleans, nulls), three kinds of {@code _id}, indexes of each kind the embedded server
 * keeps (unique, compound, TTL, partial, with a collation), an empty collection, and one collection past the wire
 * protocol's 48 MB message size.
 */
final class InteropData {
    static final int PEOPLE = 300;
    static final int ORDERS = 500;
    static final int AUDIT = 120;
    /** Over 48 MB: mongodump's cursor must get it in several batches, since no reply may exceed 48 MB. */
    static final int EVENTS = 5_500;
    static final int EVENT_PAYLOAD = 10_000;

    private InteropData() {
    }

    /** people (ObjectId _id), orders (int _id, joined to people by email), audit (string _id), empty. */
    static void seed(MongoDatabase db) {
        Random random = new Random(22);
        List<BsonDocument> people = new ArrayList<>();
        for (int i = 0; i < PEOPLE; i++) {
            people.add(person(i, random));
        }
        MongoCollection<BsonDocument> peopleCollection = db.getCollection("people", BsonDocument.class);
        peopleCollection.insertMany(people);
        peopleCollection.createIndex(Indexes.ascending("email"), new IndexOptions().unique(true).name("email_unique"));
        peopleCollection.createIndex(Indexes.compoundIndex(Indexes.ascending("address.city"), Indexes.descending("score")),
                new IndexOptions().name("city_score"));
        peopleCollection.createIndex(Indexes.ascending("joined"), new IndexOptions().expireAfter(3650L, TimeUnit.DAYS).name("joined_ttl"));
        peopleCollection.createIndex(Indexes.ascending("visits"),
                new IndexOptions().partialFilterExpression(Filters.eq("active", true)).name("visits_active"));
        peopleCollection.createIndex(Indexes.ascending("name"), new IndexOptions().name("name_ci")
                .collation(Collation.builder().locale("en").collationStrength(CollationStrength.SECONDARY).build()));

        List<BsonDocument> orders = new ArrayList<>();
        for (int i = 0; i < ORDERS; i++) {
            orders.add(order(i, random));
        }
        MongoCollection<BsonDocument> ordersCollection = db.getCollection("orders", BsonDocument.class);
        ordersCollection.insertMany(orders);
        ordersCollection.createIndex(Indexes.compoundIndex(Indexes.ascending("email"), Indexes.descending("placedAt")),
                new IndexOptions().name("email_placed"));

        List<BsonDocument> audit = new ArrayList<>();
        for (int i = 0; i < AUDIT; i++) {
            audit.add(new BsonDocument("_id", new BsonString("audit-" + i))
                    .append("at", new BsonDateTime(1_700_000_000_000L + i * 60_000L))
                    .append("what", new BsonString(i % 2 == 0 ? "login" : "logout"))
                    .append("detail", new BsonDocument("ip", new BsonString("10.0.0." + i)).append("ok", BsonBoolean.valueOf(i % 7 != 0))));
        }
        db.getCollection("audit", BsonDocument.class).insertMany(audit);

        db.createCollection("empty");
    }

    /** The email of person {@code i}: what orders join on, and what a mask must hide. */
    static String email(int i) {
        return "person" + i + "@example.com";
    }

    private static BsonDocument person(int i, Random random) {
        byte[] avatar = new byte[16 + i % 48];
        random.nextBytes(avatar);
        return new BsonDocument("_id", new BsonObjectId(new ObjectId(new Date(1_600_000_000_000L + i * 1000L), i)))
                .append("n", new BsonInt32(i))
                .append("name", new BsonString((i % 2 == 0 ? "Ada " : "grace ") + "Person " + i))
                .append("email", new BsonString(email(i)))
                .append("phone", new BsonString("+44 20 7946 " + String.format("%04d", i)))
                .append("joined", new BsonDateTime(1_700_000_000_000L + i * 86_400_000L))
                .append("balance", new BsonDecimal128(new Decimal128(new BigDecimal(i + ".0" + i % 10))))
                .append("visits", new BsonInt64(10_000_000_000L + i))
                .append("score", new BsonDouble(i * 1.25))
                .append("active", BsonBoolean.valueOf(i % 3 != 0))
                .append("nickname", i % 5 == 0 ? BsonNull.VALUE : new BsonString("p" + i))
                .append("tags", new BsonArray(List.of(new BsonString("t" + i % 4), new BsonInt32(i % 10), new BsonArray())))
                .append("address", new BsonDocument("city", new BsonString(List.of("London", "Paris", "Zürich").get(i % 3)))
                        .append("geo", new BsonDocument("lat", new BsonDouble(51.5 + i / 1000.0)).append("lng", new BsonDouble(-0.12))))
                .append("avatar", new BsonBinary(avatar))
                .append("uuid", new BsonBinary(UUID.nameUUIDFromBytes(new byte[]{(byte) i, (byte) (i >> 8)})))
                .append("pattern", new BsonRegularExpression("^person" + i + "\\b", "im"));
    }

    private static BsonDocument order(int i, Random random) {
        BsonArray items = new BsonArray();
        for (int k = 0; k <= i % 4; k++) {
            items.add(new BsonDocument("sku", new BsonString("sku-" + random.nextInt(1000)))
                    .append("qty", new BsonInt32(1 + k))
                    .append("price", new BsonDecimal128(new Decimal128(new BigDecimal(random.nextInt(10_000) + ".99")))));
        }
        return new BsonDocument("_id", new BsonInt32(i))
                .append("email", new BsonString(email(i % PEOPLE)))
                .append("placedAt", new BsonDateTime(1_700_000_000_000L + i * 3_600_000L))
                .append("items", items)
                .append("total", new BsonDouble(i * 3.5))
                .append("paid", BsonBoolean.valueOf(i % 4 != 0));
    }

    /** {@value #EVENTS} documents of about {@value #EVENT_PAYLOAD} bytes of random binary each: about 55 MB. */
    static void seedEvents(MongoDatabase db) {
        Random random = new Random(48);
        MongoCollection<RawBsonDocument> events = db.getCollection("events", RawBsonDocument.class);
        List<RawBsonDocument> batch = new ArrayList<>();
        BsonDocumentCodec codec = new BsonDocumentCodec();
        for (int i = 0; i < EVENTS; i++) {
            byte[] payload = new byte[EVENT_PAYLOAD];
            random.nextBytes(payload);
            BsonValue id = new BsonObjectId(new ObjectId(new Date(1_650_000_000_000L + i), i));
            batch.add(new RawBsonDocument(new BsonDocument("_id", id).append("seq", new BsonInt32(i))
                    .append("at", new BsonDateTime(1_650_000_000_000L + i * 10L))
                    .append("payload", new BsonBinary(BsonBinarySubType.BINARY, payload)), codec));
            if (batch.size() == 500) {
                events.insertMany(batch);
                batch.clear();
            }
        }
        if (!batch.isEmpty()) {
            events.insertMany(batch);
        }
        events.createIndex(Indexes.ascending("seq"), new IndexOptions().unique(true).name("seq_unique"));
    }
}
