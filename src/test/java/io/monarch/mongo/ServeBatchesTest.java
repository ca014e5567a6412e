package io.monarch.mongo;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.BsonValue;
import org.bson.Document;
import org.bson.RawBsonDocument;
import org.bson.types.Binary;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a client of {@code monarch serve} reads back, on both embedded back ends: MongoDB's batches (a first batch of
 * 101 documents or the batchSize asked for, every batch ended at 16 MiB) for a collection larger than one reply
 * may carry (48 MB), every document exactly once.
 */
class ServeBatchesTest {
    private static final int MAX_BATCH_BYTES = 16 << 20;
    private static final int EVENTS = 50_000;
    private static final int BLOBS = 20;

    @TempDir
    Path dir;

    @Test
    void aMemoryEnvironmentAnswersInMongodbsBatches() {
        withServer(Optional.empty(), ServeBatchesTest::answersInMongodbsBatches);
    }

    @Test
    void aFolderEnvironmentAnswersInMongodbsBatches() {
        withServer(Optional.of(dir.resolve("env")), ServeBatchesTest::answersInMongodbsBatches);
    }

    private void withServer(Optional<Path> folder, Consumer<MongoDatabase> work) {
        EmbeddedServer server = EmbeddedServer.acquire(folder, 0);
        try (MongoClient client = MongoClients.create(server.connectionString())) {
            MongoDatabase db = client.getDatabase("batches");
            try {
                work.accept(db);
            } finally {
                db.drop(); // embedded:memory is the process's: give its heap back
            }
        } finally {
            server.release();
        }
    }

    private static void answersInMongodbsBatches(MongoDatabase db) {
        // 50,000 documents of ~1.2 KB (60 MB) and 20 of 1 MiB
        MongoCollection<Document> events = db.getCollection("events");
        for (int from = 0; from < EVENTS; from += 10_000) {
            events.insertMany(IntStream.range(from, from + 10_000)
                    .mapToObj(i -> new Document("_id", i).append("note", "n".repeat(1200))).toList());
        }
        MongoCollection<Document> blobs = db.getCollection("blobs");
        for (int i = 0; i < BLOBS; i++) {
            blobs.insertOne(new Document("_id", i).append("data", new Binary(new byte[1 << 20])));
        }

        List<List<RawBsonDocument>> found = read(db, new Document("find", "events"), null);
        assertEquals(101, found.get(0).size(), "a find without a batchSize: 101 documents first");
        assertFull(found, "find events");
        assertEveryDocumentOnce(EVENTS, found);

        List<List<RawBsonDocument>> largeFound = read(db, new Document("find", "blobs"), null);
        assertFull(largeFound, "find blobs");
        assertTrue(largeFound.get(0).size() < 101 && largeFound.size() > 1, "the first batch ends at 16 MiB: " + sizes(largeFound));
        assertEveryDocumentOnce(BLOBS, largeFound);

        List<List<RawBsonDocument>> batched = read(db, new Document("find", "events").append("batchSize", 700), 700);
        for (List<RawBsonDocument> batch : batched.subList(0, batched.size() - 1)) {
            assertEquals(700, batch.size(), "batchSize 700: " + sizes(batched));
        }
        assertEveryDocumentOnce(EVENTS, batched);

        List<List<RawBsonDocument>> aggregated = read(db, new Document("aggregate", "events").append("pipeline", List.of())
                .append("cursor", new Document()), null);
        assertEquals(101, aggregated.get(0).size(), "an aggregate without a batchSize: 101 documents first");
        assertFull(aggregated, "aggregate events");
        assertEveryDocumentOnce(EVENTS, aggregated);

        List<List<RawBsonDocument>> largeAggregated = read(db, new Document("aggregate", "blobs").append("pipeline", List.of())
                .append("cursor", new Document("batchSize", 1000)), null);
        assertFull(largeAggregated, "aggregate blobs");
        assertEveryDocumentOnce(BLOBS, largeAggregated);

        List<List<RawBsonDocument>> listed = read(db, new Document("listCollections", 1).append("cursor", new Document("batchSize", 1)), null);
        assertEquals(List.of(1, 1), listed.stream().map(List::size).toList(), "listCollections, batchSize 1");
    }

    /**
     * Every batch of a cursor: the command's first, then getMore's with {@code batchSize} (null: none) until the
     * server closes the cursor.
     */
    private static List<List<RawBsonDocument>> read(MongoDatabase db, Document command, Integer batchSize) {
        List<List<RawBsonDocument>> batches = new ArrayList<>();
        RawBsonDocument reply = db.runCommand(command, RawBsonDocument.class);
        String collection = command.values().iterator().next() instanceof String name ? name : "$cmd.listCollections";
        while (true) {
            BsonDocument cursor = reply.getDocument("cursor");
            BsonArray batch = cursor.containsKey("firstBatch") ? cursor.getArray("firstBatch") : cursor.getArray("nextBatch");
            batches.add(batch.stream().map(BsonValue::asDocument).map(d -> (RawBsonDocument) d).toList());
            long id = cursor.getInt64("id").longValue();
            if (id == 0) {
                return batches;
            }
            assertFalse(batch.isEmpty(), "an open cursor's batch holds a document: " + command);
            Document getMore = new Document("getMore", id).append("collection", collection);
            if (batchSize != null) {
                getMore.append("batchSize", batchSize);
            }
            reply = db.runCommand(getMore, RawBsonDocument.class);
        }
    }

    /** Every batch holds at most 16 MiB of documents, and all but the last stopped only where the next would not fit. */
    private static void assertFull(List<List<RawBsonDocument>> batches, String what) {
        for (int i = 0; i < batches.size(); i++) {
            List<RawBsonDocument> batch = batches.get(i);
            assertFalse(batch.isEmpty(), what + ": batch " + i + " is empty");
            long bytes = bytes(batch);
            assertTrue(bytes <= MAX_BATCH_BYTES, what + ": batch " + i + " holds " + bytes + " bytes, over 16 MiB");
            if (i > 0 && i < batches.size() - 1) {
                int next = batches.get(i + 1).get(0).getByteBuffer().remaining();
                assertTrue(bytes + next > MAX_BATCH_BYTES, what + ": getMore " + i + " ended early, at " + bytes + " bytes");
            }
        }
    }

    private static void assertEveryDocumentOnce(int count, List<List<RawBsonDocument>> batches) {
        List<Integer> ids = batches.stream().flatMap(List::stream).map(d -> d.getInt32("_id").intValue()).toList();
        Set<Integer> distinct = new HashSet<>(ids);
        assertEquals(count, ids.size(), "documents read");
        assertEquals(count, distinct.size(), "distinct documents read");
        assertTrue(IntStream.range(0, count).allMatch(distinct::contains), "every _id read");
    }

    private static long bytes(List<RawBsonDocument> batch) {
        return batch.stream().mapToLong(d -> d.getByteBuffer().remaining()).sum();
    }

    private static List<String> sizes(List<List<RawBsonDocument>> batches) {
        return batches.stream().map(b -> b.size() + " (" + bytes(b) + " B)").toList();
    }
}
