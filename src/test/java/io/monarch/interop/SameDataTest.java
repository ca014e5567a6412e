package io.monarch.interop;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Updates;
import io.monarch.support.InProcessMongo;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonInt64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The interop tests' oracle tells apart what a faithful copy must not change: it would pass anything otherwise. */
class SameDataTest {
    @RegisterExtension
    final InProcessMongo mongo = new InProcessMongo();
    MongoClient client;
    MongoDatabase source;
    MongoDatabase copy;

    @BeforeEach
    void twoEqualDatabases() {
        client = mongo.client();
        source = client.getDatabase("source");
        copy = client.getDatabase("copy");
        InteropData.seed(source);
        InteropData.seed(copy);
        SameData.assertSameDatabase(source, copy);
    }

    @AfterEach
    void close() {
        client.close();
    }

    @Test
    void theSameNumberAsAnotherType() {
        source.getCollection("orders").updateOne(Filters.eq("_id", 7), Updates.set("total", new BsonInt32(24)));
        differs(db -> db.getCollection("orders").updateOne(Filters.eq("_id", 7), Updates.set("total", new BsonInt64(24))),
                "\"total\": {\"$numberInt\"");
    }

    @Test
    void fieldsInAnotherOrder() {
        BsonDocument first = copy.getCollection("audit", BsonDocument.class).find().first();
        List<String> keys = new ArrayList<>(first.keySet());
        Collections.reverse(keys);
        BsonDocument reordered = new BsonDocument("_id", first.get("_id"));
        keys.stream().filter(k -> !k.equals("_id")).forEach(k -> reordered.append(k, first.get(k)));
        differs(db -> { // a delete and an insert: the embedded server's replaceOne keeps the old order
            db.getCollection("audit").deleteOne(Filters.eq("_id", first.get("_id")));
            db.getCollection("audit", BsonDocument.class).insertOne(reordered);
        }, "document 0");
    }

    @Test
    void aMissingDocument() {
        differs(db -> db.getCollection("people").deleteOne(Filters.eq("n", 299)), "missing");
    }

    @Test
    void anExtraDocument() {
        differs(db -> db.getCollection("audit").insertOne(new org.bson.Document("_id", "zzz")), "one too many");
    }

    @Test
    void anExtraIndex() {
        differs(db -> db.getCollection("audit").createIndex(Indexes.ascending("at"), new IndexOptions().name("at_1")), "indexes");
    }

    @Test
    void anIndexsOption() {
        differs(db -> {
            db.getCollection("people").dropIndex("joined_ttl");
            db.getCollection("people").createIndex(Indexes.ascending("joined"), new IndexOptions().expireAfter(1L, TimeUnit.DAYS).name("joined_ttl"));
        }, "indexes");
    }

    @Test
    void aMissingCollection() {
        differs(db -> db.getCollection("empty").drop(), "collections");
    }

    private void differs(Consumer<MongoDatabase> change, String saying) {
        change.accept(copy);
        AssertionError error = assertThrows(AssertionError.class, () -> SameData.assertSameDatabase(source, copy));
        assertTrue(error.getMessage().contains(saying), error.getMessage());
    }
}
