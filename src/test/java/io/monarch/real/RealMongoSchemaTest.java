package io.monarch.real;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Collation;
import com.mongodb.client.model.CollationStrength;
import com.mongodb.client.model.CreateCollectionOptions;
import com.mongodb.client.model.CreateViewOptions;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.TimeSeriesGranularity;
import com.mongodb.client.model.TimeSeriesOptions;
import com.mongodb.client.model.ValidationOptions;
import io.monarch.schema.CompiledMigration;
import io.monarch.schema.PlanStep;
import io.monarch.schema.Schema;
import io.monarch.schema.SchemaPlan;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.containers.MongoDBContainer;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Schema as code against real MongoDB (mongo:7, a one-node replica set, which has change-stream images):
 * the validators, views, capped and time-series collections the embedded server cannot keep. pull, then
 * plan shows nothing; an edit shows exactly that change; its generated migration applies it and its rollback
 * brings the previous plan back. Skipped, not failed, where there is no Docker engine.
 */
@Testcontainers(disabledWithoutDocker = true)
class RealMongoSchemaTest {
    @Container
    static final MongoDBContainer MONGO = new MongoDBContainer("mongo:7");

    private static final Set<String> OWN = Set.of("monarch_migrations", "monarch_migrations_lock");

    @TempDir
    Path dir;

    private MongoClient client;
    private MongoDatabase db;

    @BeforeEach
    void connect() {
        client = MongoClients.create(MONGO.getReplicaSetUrl());
    }

    @AfterEach
    void close() {
        client.close();
    }

    private MongoDatabase database(String name) {
        db = client.getDatabase(name);
        db.drop();
        return db;
    }

    private Path schemaDir() {
        return dir.resolve("migrations/schema");
    }

    /** The kinds of collection a team has in production, made as a team makes them: with the driver. */
    private void createEverything() {
        db.createCollection("users", new CreateCollectionOptions()
                .validationOptions(new ValidationOptions().validator(Document.parse("{$jsonSchema: {bsonType: 'object', required: ['email']}}")))
                .collation(Collation.builder().locale("fr").collationStrength(CollationStrength.SECONDARY).build()));
        db.getCollection("users").createIndex(Indexes.ascending("email"), new IndexOptions().unique(true));
        db.getCollection("users").createIndex(Indexes.ascending("createdAt"), new IndexOptions().expireAfter(3600L, TimeUnit.SECONDS));
        db.getCollection("articles").createIndex(Indexes.compoundIndex(Indexes.text("title"), Indexes.text("body")),
                new IndexOptions().weights(new Document("title", 10)));
        db.getCollection("articles").createIndex(Indexes.geo2dsphere("place"));
        db.createCollection("events", new CreateCollectionOptions().capped(true).sizeInBytes(1 << 20).maxDocuments(1000));
        db.createCollection("metrics", new CreateCollectionOptions().expireAfter(7, TimeUnit.DAYS)
                .timeSeriesOptions(new TimeSeriesOptions("ts").metaField("sensor").granularity(TimeSeriesGranularity.MINUTES)));
        db.runCommand(Document.parse("{create: 'orders', clusteredIndex: {key: {_id: 1}, unique: true}}"));
        db.createView("active_users", "users", List.of(Document.parse("{$match: {active: true}}")), new CreateViewOptions());
        db.getCollection("users").insertOne(new Document("email", "ada@example.com").append("active", true));
        db.getCollection("monarch_migrations").insertOne(new Document("_id", "M1"));
    }

    @Test
    void pullPlanEditGenerateRunRollbackWithValidatorsViewsCappedAndTimeSeries() throws Exception {
        database("real_schema_edit");
        createEverything();
        Schema.pull(db, schemaDir(), OWN, Optional.empty());
        assertEquals(List.of("active_users.yml", "articles.yml", "events.yml", "metrics.yml", "orders.yml", "users.yml"),
                files());
        SchemaPlan clean = Schema.plan(db, schemaDir(), OWN, true);
        assertFalse(clean.hasChanges(), clean.render());
        assertEquals(List.of(), clean.notes(), "MongoDB keeps everything schema files declare");

        edit("users.yml", "required: [email]", "required: [email, name]");
        edit("users.yml", "expireAfterSeconds: 3600", "expireAfterSeconds: 60");
        edit("events.yml", "size: 1048576", "size: 2097152");
        edit("metrics.yml", "expireAfterSeconds: 604800", "expireAfterSeconds: 86400");
        edit("active_users.yml", "$match: {active: true}", "$match: {active: true, deleted: {$ne: true}}");
        Files.writeString(schemaDir().resolve("orders.yml"), Files.readString(schemaDir().resolve("orders.yml"))
                + "    changeStreamPreAndPostImages: {enabled: true}\n");

        SchemaPlan plan = Schema.plan(db, schemaDir(), OWN, true);
        // Steps follow the declarations (files in name order): options first, then index changes, then views.
        assertEquals(List.of("events: ~ change options size (collMod)",
                "metrics: ~ change options expireAfterSeconds (collMod)",
                "orders: ~ change options changeStreamPreAndPostImages (collMod)",
                "users: ~ change validator (collMod)",
                "users: ~ change TTL of index createdAt_1: 3600 → 60 seconds (collMod)",
                "active_users: ~ change view (drop, then create)"), titles(plan));
        assertTrue(plan.render().contains("      ~ validator.$jsonSchema.required: [\"email\"] → [\"email\", \"name\"]\n"), plan.render());

        Path source = Schema.generate(plan, dir.resolve("migrations"), dir.resolve("templates"), "schema edits", Instant.parse("2026-11-24T12:00:00Z"));
        CompiledMigration migration = CompiledMigration.compile(source);
        migration.run(client, db);
        SchemaPlan after = Schema.plan(db, schemaDir(), OWN, true);
        assertFalse(after.hasChanges(), after.render());
        assertEquals(1L, db.getCollection("users").countDocuments());

        migration.rollback(client, db);
        assertEquals(plan.toDocument(), Schema.plan(db, schemaDir(), OWN, true).toDocument());
    }

    @Test
    void schemaFilesCreateWhatTheyDeclareAndTheRollbackRemovesIt() throws Exception {
        database("real_schema_create");
        Files.createDirectories(schemaDir());
        Files.writeString(schemaDir().resolve("app.yml"), """
                collections:
                  accounts:
                    validator: {$jsonSchema: {bsonType: object, required: [email]}}
                    validationAction: warn
                    collation: {locale: en, strength: 2}
                    indexes:
                      - keys: {email: 1}
                        unique: true
                      - keys: {"$**": 1}
                        name: details_wildcard
                        wildcardProjection: {details: 1}
                  audit:
                    capped: {size: 65536, max: 100}
                  readings:
                    timeseries: {timeField: at, metaField: device, granularity: hours}
                    expireAfterSeconds: 2592000
                  ledger:
                    clusteredIndex: {key: {_id: 1}, unique: true}
                    changeStreamPreAndPostImages: {enabled: true}
                views:
                  verified_accounts:
                    viewOn: accounts
                    pipeline:
                      - $match: {verified: true}
                """);
        // Without prune: MongoDB gives a time-series collection an index on its meta and time fields by itself.
        SchemaPlan plan = Schema.plan(db, schemaDir(), OWN, false);
        assertEquals(List.of("accounts: + create collection", "audit: + create collection", "readings: + create collection",
                "ledger: + create collection", "accounts: + create index email_1 {email: 1} unique",
                "accounts: + create index details_wildcard {\"$**\": 1} wildcardProjection: {details: 1}",
                "verified_accounts: + create view on accounts"), titles(plan));

        CompiledMigration migration = CompiledMigration.compile(
                Schema.generate(plan, dir.resolve("migrations"), dir.resolve("templates"), "create", Instant.parse("2026-11-24T12:30:00Z")));
        migration.run(client, db);
        SchemaPlan after = Schema.plan(db, schemaDir(), OWN, false);
        assertFalse(after.hasChanges(), after.render());
        assertEquals(List.of(), after.notes());
        assertTrue(after.notDeclared().stream().allMatch(n -> n.collection().equals("readings") && n.kind().equals("index")),
                after.render());

        migration.rollback(client, db);
        assertEquals(plan.toDocument(), Schema.plan(db, schemaDir(), OWN, false).toDocument());
    }

    private void edit(String file, String from, String to) throws Exception {
        Path path = schemaDir().resolve(file);
        String before = Files.readString(path);
        assertTrue(before.contains(from), file + " holds no '" + from + "':\n" + before);
        Files.writeString(path, before.replace(from, to));
    }

    private List<String> files() throws Exception {
        try (var list = Files.list(schemaDir())) {
            return list.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static List<String> titles(SchemaPlan plan) {
        return plan.steps().stream().map((PlanStep s) -> s.collection() + ": " + s.symbol() + " " + s.title()).toList();
    }
}
