package io.monarch.mongo;

import com.mongodb.MongoNamespace;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import io.monarch.support.TestData;
import org.bson.BsonDocument;
import org.bson.Document;
import org.bson.types.Binary;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What an embedded:<folder> environment keeps: every value, across restarts, in little space, and folders written before. */
class FolderStoreTest {
    @TempDir
    Path dir;

    private void withServer(Path folder, Consumer<MongoDatabase> work) {
        EmbeddedServer server = EmbeddedServer.acquire(Optional.of(folder), 0);
        try (MongoClient client = MongoClients.create(server.connectionString())) {
            work.accept(client.getDatabase("app"));
        } finally {
            server.release();
        }
    }

    private static long size(Path folder) throws Exception {
        return Files.size(folder.resolve("data.mv"));
    }

    @Test
    void everyTypeAndKindOfIdIsKeptAcrossARestart() {
        Path folder = dir.resolve("env");
        List<Object> ids = List.of("text", 42L, 2.5, new ObjectId(), new Document("tenant", 7).append("n", 1),
                new Binary((byte) 4, uuidBytes()), new Date(1_700_000_000_000L), true);
        Map<String, List<BsonDocument>>[] before = new Map[1];
        withServer(folder, db -> {
            TestData.seed(db);
            for (Object id : ids) {
                db.getCollection("ids").insertOne(new Document("_id", id).append("of", String.valueOf(id)));
            }
            before[0] = TestData.contents(db);
        });
        withServer(folder, db -> {
            assertEquals(before[0], TestData.contents(db));
            for (Object id : ids) {
                assertEquals(String.valueOf(id), db.getCollection("ids").find(Filters.eq("_id", id)).first().getString("of"), "by _id " + id);
            }
            assertThrows(MongoWriteException.class, () -> db.getCollection("ids").insertOne(new Document("_id", 42L)));
            assertThrows(MongoWriteException.class, () -> db.getCollection("users").insertOne(
                    new Document("_id", -1).append("email", "user7@example.com")));
        });
    }

    private static byte[] uuidBytes() {
        UUID uuid = UUID.nameUUIDFromBytes(new byte[]{1});
        return java.nio.ByteBuffer.allocate(16).putLong(uuid.getMostSignificantBits()).putLong(uuid.getLeastSignificantBits()).array();
    }

    @Test
    void aLargeCollectionIsQueriedUpdatedAndDeletedAsOnAnyServer() {
        withServer(dir.resolve("env"), db -> {
            MongoCollection<Document> events = db.getCollection("events");
            List<Document> all = IntStream.range(0, 3000).mapToObj(i -> new Document("_id", i).append("kind", i % 3)
                    .append("note", "n".repeat(1000))).toList();
            events.insertMany(all);

            assertEquals(ids(0, 3000, 1), events.find().batchSize(100).map(d -> d.getInteger("_id")).into(new ArrayList<>()));
            assertEquals(ids(0, 3000, 1), events.find().map(d -> d.getInteger("_id")).into(new ArrayList<>()));
            assertEquals(ids(2999, -1, -1), events.find().sort(Sorts.descending("_id")).batchSize(500)
                    .map(d -> d.getInteger("_id")).into(new ArrayList<>()));
            assertEquals(ids(2999, -1, -1), events.find().sort(new Document("$natural", -1)).batchSize(500)
                    .map(d -> d.getInteger("_id")).into(new ArrayList<>()));
            assertEquals(ids(1500, 1510, 1), events.find().skip(1500).limit(10).batchSize(3)
                    .map(d -> d.getInteger("_id")).into(new ArrayList<>()));
            assertEquals(List.of(new Document("_id", 5).append("kind", 2)),
                    events.find(Filters.eq("kind", 2)).projection(Projections.include("kind")).limit(1).skip(1).batchSize(1).into(new ArrayList<>()));
            assertEquals(1000, events.countDocuments(Filters.eq("kind", 1)));

            // more than one reply may carry (48 MB), read without a batchSize as most applications do
            MongoCollection<Document> blobs = db.getCollection("blobs");
            for (int i = 0; i < 60; i++) {
                blobs.insertOne(new Document("_id", i).append("data", new Binary(new byte[1 << 20])));
            }
            assertEquals(ids(0, 60, 1), blobs.find().map(d -> d.getInteger("_id")).into(new ArrayList<>()));

            assertEquals(1000, events.updateMany(Filters.eq("kind", 1), Updates.set("note", "short")).getModifiedCount());
            assertEquals(1000, events.deleteMany(Filters.eq("kind", 0)).getDeletedCount());
            assertEquals(2000, events.countDocuments());
            assertEquals(1000, events.countDocuments(Filters.eq("note", "short")));
        });
    }

    @Test
    void aUniqueIndexRefusesDuplicatesWhenCreatedInsertedOrUpdated() {
        withServer(dir.resolve("env"), db -> {
            MongoCollection<Document> users = db.getCollection("users");
            users.insertMany(List.of(user(1, "a"), user(2, "b"), user(3, "b")));
            assertThrows(com.mongodb.MongoException.class,
                    () -> users.createIndex(Indexes.ascending("email"), new IndexOptions().unique(true)));
            users.deleteOne(Filters.eq("_id", 3));
            users.createIndex(Indexes.ascending("email"), new IndexOptions().unique(true));

            assertThrows(MongoWriteException.class, () -> users.insertOne(user(4, "a")));
            assertThrows(MongoWriteException.class, () -> users.updateOne(Filters.eq("_id", 2), Updates.set("email", "a")));
            users.updateOne(Filters.eq("_id", 2), Updates.set("email", "c"));
            users.insertOne(user(5, "b"));
            assertEquals(List.of("a", "b", "c"), emails(users));
        });
    }

    private static Document user(int id, String email) {
        return new Document("_id", id).append("email", email);
    }

    private static List<Integer> ids(int from, int to, int step) {
        List<Integer> ids = new ArrayList<>();
        for (int i = from; i != to; i += step) {
            ids.add(i);
        }
        return ids;
    }

    @Test
    void droppedCollectionsGiveTheirSpaceBack() throws Exception {
        Path folder = dir.resolve("env");
        withServer(folder, db -> {
            String filler = "x".repeat(2000);
            for (int batch = 0; batch < 20; batch++) {
                int first = batch * 1000;
                db.getCollection("big").insertMany(IntStream.range(first, first + 1000)
                        .mapToObj(i -> new Document("_id", i).append("filler", filler)).toList());
            }
            db.getCollection("kept").insertOne(new Document("_id", 1).append("note", "still here"));
        });
        long full = size(folder);
        assertTrue(full > 40_000_000, "the folder holds the 40 MB written: " + full);

        withServer(folder, db -> db.getCollection("big").drop());
        long after = size(folder);
        assertTrue(after < 4_000_000, "dropping 40 MB gave the space back: " + full + " -> " + after + " bytes");
        withServer(folder, db -> assertEquals("still here", db.getCollection("kept").find().first().getString("note")));
    }

    /** monarch 0.1 ran mongo-java-server's H2 backend as it is: Java-serialized documents. */
    @Test
    void aFolderWrittenByMonarch01KeepsWorkingAndIsRewrittenWhenCompacted() throws Exception {
        Path folder = dir.resolve("env");
        Files.createDirectories(folder);
        MongoServer old = new MongoServer(new H2Backend(folder.resolve("data.mv").toString()));
        old.bind("127.0.0.1", 0);
        try (MongoClient client = MongoClients.create("mongodb://127.0.0.1:" + old.getLocalAddress().getPort())) {
            MongoDatabase db = client.getDatabase("app");
            db.getCollection("users").insertMany(List.of(new Document("_id", new ObjectId()).append("email", "a@x"),
                    new Document("_id", "b").append("email", "b@x")));
            db.getCollection("users").createIndex(Indexes.ascending("email"), new IndexOptions().unique(true));
            db.getCollection("big").insertMany(IntStream.range(0, 5000)
                    .mapToObj(i -> new Document("_id", i).append("filler", "y".repeat(3000))).toList());
        } finally {
            old.shutdownNow();
        }

        withServer(folder, db -> {
            assertEquals(List.of("a@x", "b@x"), emails(db));
            assertThrows(MongoWriteException.class, () -> db.getCollection("users").insertOne(new Document("email", "b@x")));
            db.getCollection("users").insertOne(new Document("_id", "c").append("email", "c@x"));
            db.getCollection("users").renameCollection(new MongoNamespace("app", "people"));
        });
        withServer(folder, db -> {
            assertEquals(List.of("a@x", "b@x", "c@x"), emails(db.getCollection("people")));
            db.getCollection("big").drop();
        });
        withServer(folder, db -> {
            assertEquals(List.of("a@x", "b@x", "c@x"), emails(db.getCollection("people")));
            assertThrows(MongoWriteException.class, () -> db.getCollection("people").insertOne(new Document("email", "a@x")));
            db.getCollection("people").insertOne(new Document("_id", "d").append("email", "d@x"));
        });
        withServer(folder, db -> assertEquals(List.of("a@x", "b@x", "c@x", "d@x"), emails(db.getCollection("people"))));
    }

    private static List<String> emails(MongoDatabase db) {
        return emails(db.getCollection("users"));
    }

    private static List<String> emails(MongoCollection<Document> collection) {
        return collection.find().sort(Sorts.ascending("email")).map(d -> d.getString("email")).into(new ArrayList<>());
    }
}
