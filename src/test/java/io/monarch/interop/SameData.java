package io.monarch.interop;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoCursor;
import com.mongodb.client.MongoDatabase;
import io.monarch.support.TestData;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.RawBsonDocument;
import org.bson.conversions.Bson;
import org.bson.json.JsonMode;
import org.bson.json.JsonWriterSettings;

import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * What two databases (or collections) must agree on after a move: the collections, each one's options and indexes,
 * and every document, type for type and field for field, in {@code _id} order. Documents are compared one pair at a
 * time from two cursors, so a collection of any size is compared in little memory.
 */
final class SameData {
    private static final JsonWriterSettings CANONICAL = JsonWriterSettings.builder().outputMode(JsonMode.EXTENDED).build();
    private static final BsonDocument BY_ID = new BsonDocument("_id", new BsonInt32(1));

    private SameData() {
    }

    /** Every collection of {@code actual} is one of {@code expected}'s with the same options, indexes and documents. */
    static void assertSameDatabase(MongoDatabase expected, MongoDatabase actual) {
        Map<String, BsonDocument> expectedCollections = collections(expected);
        Map<String, BsonDocument> actualCollections = collections(actual);
        assertEquals(expectedCollections.keySet(), actualCollections.keySet(),
                "the collections of " + actual.getName() + " and " + expected.getName());
        for (String name : expectedCollections.keySet()) {
            assertEquals(expectedCollections.get(name), actualCollections.get(name),
                    "the options of " + actual.getName() + "." + name + " and " + expected.getName() + "." + name);
            assertSameCollection(expected.getCollection(name, RawBsonDocument.class), actual.getCollection(name, RawBsonDocument.class));
        }
    }

    /** The same indexes and documents. */
    static void assertSameCollection(MongoCollection<RawBsonDocument> expected, MongoCollection<RawBsonDocument> actual) {
        assertSameIndexes(expected, actual);
        assertSameDocuments(expected, new BsonDocument(), actual);
    }

    static void assertSameIndexes(MongoCollection<?> expected, MongoCollection<?> actual) {
        assertEquals(TestData.indexes(expected), TestData.indexes(actual),
                "the indexes of " + actual.getNamespace() + " and " + expected.getNamespace());
    }

    /** {@code actual} holds exactly the documents of {@code expected} that {@code filter} selects. */
    static void assertSameDocuments(MongoCollection<RawBsonDocument> expected, Bson filter, MongoCollection<RawBsonDocument> actual) {
        String what = actual.getNamespace() + " against " + expected.getNamespace();
        long compared = 0;
        try (MongoCursor<RawBsonDocument> left = expected.find(filter).sort(BY_ID).batchSize(200).iterator();
             MongoCursor<RawBsonDocument> right = actual.find().sort(BY_ID).batchSize(200).iterator()) {
            while (left.hasNext() && right.hasNext()) {
                RawBsonDocument want = left.next();
                RawBsonDocument got = right.next();
                if (!want.getByteBuffer().asNIO().equals(got.getByteBuffer().asNIO())) {
                    fail(what + ": document " + compared + " in _id order differs\n" + difference(json(want), json(got)));
                }
                compared++;
            }
            if (left.hasNext()) {
                fail(what + ": " + compared + " documents, then the first one missing is " + excerpt(json(left.next()), 0));
            }
            if (right.hasNext()) {
                fail(what + ": " + compared + " documents as expected, then one too many: " + excerpt(json(right.next()), 0));
            }
        }
    }

    /** Each collection's options by name; system collections and monarch's lock, which is not user data, left out. */
    private static Map<String, BsonDocument> collections(MongoDatabase db) {
        Map<String, BsonDocument> options = new TreeMap<>();
        for (BsonDocument info : db.listCollections(BsonDocument.class)) {
            String name = info.getString("name").getValue();
            if (!name.startsWith("system.") && !name.equals(TestData.LOCK_COLLECTION)) {
                options.put(name, info.getDocument("options", new BsonDocument()));
            }
        }
        return options;
    }

    private static String json(RawBsonDocument document) {
        return document.toJson(CANONICAL);
    }

    /** Where two documents' canonical Extended JSON first differ, with some context (big documents are long). */
    private static String difference(String expected, String actual) {
        int at = 0;
        while (at < expected.length() && at < actual.length() && expected.charAt(at) == actual.charAt(at)) {
            at++;
        }
        if (at == expected.length() && at == actual.length()) {
            return "the same Extended JSON, other bytes: " + excerpt(expected, 0);
        }
        return "from character " + at + ":\nexpected: " + excerpt(expected, at) + "\n  actual: " + excerpt(actual, at);
    }

    private static String excerpt(String json, int at) {
        int from = Math.max(0, at - 200);
        int to = Math.min(json.length(), at + 300);
        return (from > 0 ? "…" : "") + json.substring(from, to) + (to < json.length() ? "…" : "");
    }
}
