package io.monarch.real;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Collation;
import com.mongodb.client.model.CreateCollectionOptions;
import com.mongodb.client.model.CreateViewOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ValidationOptions;
import io.monarch.support.TestData;
import io.monarch.support.TestProject;
import org.bson.BsonBinary;
import org.bson.BsonBinarySubType;
import org.bson.BsonDocument;
import org.bson.BsonJavaScriptWithScope;
import org.bson.BsonString;
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.containers.MongoDBContainer;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * backup → restore and copy_db against real MongoDB (mongo:7, one-node replica set): what the embedded server
 * cannot hold — views, capped collections, validators, collations, time-series collections, the MD5 binary
 * subtype and JavaScript with scope — must come back exactly. Skipped, not failed, where there is no Docker engine.
 */
@Testcontainers(disabledWithoutDocker = true)
class RealMongoBackupTest {
    @Container
    static final MongoDBContainer MONGO = new MongoDBContainer("mongo:7");

    @TempDir
    Path dir;
    TestProject project;

    @BeforeEach
    void project() {
        String uri = MONGO.getConnectionString();
        project = new TestProject(dir).settings("""
                environments:
                  source:
                    uri: %1$s
                    database: real_source
                  restored:
                    uri: %1$s
                    database: real_restored
                  copied:
                    uri: %1$s
                    database: real_copied
                backups:
                  local:
                    path: backups
                """.formatted(uri));
        try (MongoClient client = MongoClients.create(uri)) {
            for (String db : List.of("real_source", "real_restored", "real_copied")) {
                client.getDatabase(db).drop();
            }
            seed(client.getDatabase("real_source"));
        }
    }

    @Test
    void backupAndRestoreKeepViewsCappedValidatorsAndCollations() {
        TestProject.Run backup = project.run("backup", "source", "--quiet");
        assertEquals(0, backup.exitCode(), backup.all());
        String name = project.run("list_backups", "--json").out().lines().filter(l -> l.contains("\"name\""))
                .findFirst().orElseThrow().replaceAll(".*\"name\": \"([^\"]+)\".*", "$1");
        TestProject.Run restore = project.run("restore", name + ":restored", "--quiet");
        assertEquals(0, restore.exitCode(), restore.all());
        assertSameDatabase("real_source", "real_restored");
    }

    @Test
    void copyDbKeepsViewsCappedValidatorsAndCollations() {
        TestProject.Run copy = project.run("copy_db", "source:copied", "--quiet");
        assertEquals(0, copy.exitCode(), copy.all());
        assertSameDatabase("real_source", "real_copied");
    }

    private static void seed(MongoDatabase db) {
        TestData.seed(db);
        db.getCollection("types", BsonDocument.class).insertOne(new BsonDocument("_id", new BsonString("real-only"))
                .append("md5", new BsonBinary(BsonBinarySubType.MD5, new byte[16]))
                .append("jsScope", new BsonJavaScriptWithScope("function() { return x; }", new BsonDocument("x", new BsonString("y")))));
        db.createCollection("log", new CreateCollectionOptions().capped(true).sizeInBytes(1 << 20).maxDocuments(100));
        db.getCollection("log").insertOne(new Document("line", "first"));
        db.createCollection("orders", new CreateCollectionOptions()
                .validationOptions(new ValidationOptions().validator(Filters.exists("total")))
                .collation(Collation.builder().locale("fr").build()));
        db.getCollection("orders").insertOne(new Document("total", 3));
        // a time-series collection: dumped as its buckets (system.buckets.weather), restored as one again
        db.createCollection("weather", new CreateCollectionOptions().timeSeriesOptions(
                new com.mongodb.client.model.TimeSeriesOptions("ts").metaField("sensor")));
        for (int i = 0; i < 50; i++) {
            db.getCollection("weather").insertOne(new Document("ts", new java.util.Date(1_700_000_000_000L + i * 60_000L))
                    .append("sensor", "s" + i % 3).append("temp", 20 + i % 7));
        }
        db.createView("pro_users", "users", List.of(Filters.eq("plan", "pro")).stream()
                .map(f -> new Document("$match", f)).toList(), new CreateViewOptions());
    }

    private static void assertSameDatabase(String sourceName, String targetName) {
        try (MongoClient client = MongoClients.create(MONGO.getConnectionString())) {
            MongoDatabase source = client.getDatabase(sourceName);
            MongoDatabase target = client.getDatabase(targetName);
            assertEquals(TestData.contents(source, "pro_users"), TestData.contents(target, "pro_users"));
            assertEquals(50, target.getCollection("weather").countDocuments(), "the time-series measurements");
            assertEquals(TestData.indexes(source, "users"), TestData.indexes(target, "users"));
            Map<String, BsonDocument> sourceOptions = options(source);
            Map<String, BsonDocument> targetOptions = options(target);
            assertEquals(sourceOptions, targetOptions);
            assertTrue(targetOptions.get("log").getBoolean("capped").getValue(), targetOptions.toString());
            assertTrue(targetOptions.get("pro_users").containsKey("viewOn"), targetOptions.toString());
            assertEquals(source.getCollection("pro_users").countDocuments(), target.getCollection("pro_users").countDocuments());
        }
    }

    /** Each collection's options (capped, validator, collation, viewOn/pipeline), by name. */
    private static Map<String, BsonDocument> options(MongoDatabase db) {
        Map<String, BsonDocument> options = new java.util.TreeMap<>();
        for (BsonDocument info : db.listCollections(BsonDocument.class)) {
            String name = info.getString("name").getValue();
            if (!name.startsWith("system.")) {
                options.put(name, info.getDocument("options"));
            }
        }
        return options;
    }
}
