package io.monarch.schema;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Collation;
import com.mongodb.client.model.CollationStrength;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.monarch.api.ExitCode;
import io.monarch.api.MonarchException;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The "done when", on the embedded server, for indexes: pull, then plan shows nothing; edit a file,
 * plan shows exactly that; generate, compile and run the migration; plan shows nothing; its rollback brings
 * the previous plan back. Plus what the embedded server cannot keep, said once.
 */
class EmbeddedSchemaTest {
    private static final Set<String> OWN = Set.of("monarch_migrations", "monarch_migrations_lock");

    @TempDir
    Path dir;

    private MongoServer server;
    private MongoClient client;
    private MongoDatabase db;

    @BeforeEach
    void start() {
        server = new MongoServer(new MemoryBackend());
        InetSocketAddress address = server.bind();
        client = MongoClients.create("mongodb://" + address.getHostString() + ":" + address.getPort());
        db = client.getDatabase("app_dev");
    }

    @AfterEach
    void stop() {
        client.close();
        server.shutdownNow();
    }

    private Path schemaDir() {
        return dir.resolve("migrations/schema");
    }

    private void seedIndexes() {
        var users = db.getCollection("users");
        users.insertOne(new Document("_id", 1).append("email", "ada@example.com"));
        users.createIndex(Indexes.ascending("email"), new IndexOptions().unique(true));
        users.createIndex(Indexes.compoundIndex(Indexes.ascending("plan"), Indexes.descending("score")), new IndexOptions().name("plan_score"));
        users.createIndex(Indexes.ascending("createdAt"), new IndexOptions().expireAfter(3600L, TimeUnit.SECONDS));
        users.createIndex(Indexes.ascending("nickname"), new IndexOptions().sparse(true)
                .partialFilterExpression(new Document("nickname", new Document("$exists", true))));
        users.createIndex(Indexes.text("bio"), new IndexOptions().weights(new Document("bio", 5)).defaultLanguage("french"));
        users.createIndex(Indexes.geo2dsphere("home"));
        users.createIndex(Indexes.hashed("tenant"));
        users.createIndex(Indexes.ascending("name"), new IndexOptions().collation(
                Collation.builder().locale("en").collationStrength(CollationStrength.SECONDARY).build()));
        users.createIndex(Indexes.ascending("legacy"), new IndexOptions().hidden(true));
        db.getCollection("orders").createIndex(Indexes.ascending("userId"));
        db.getCollection("monarch_migrations").insertOne(new Document("_id", "M1"));
        db.getCollection("monarch_staging_ab12_users").insertOne(new Document("_id", 1));
    }

    @Test
    void pullThenPlanShowsNothingEditThenGenerateThenPlanShowsNothingAndRollbackBringsThePlanBack() throws Exception {
        seedIndexes();
        PullResult pulled = Schema.pull(db, schemaDir(), OWN, Optional.empty());
        assertEquals(List.of(schemaDir().resolve("orders.yml"), schemaDir().resolve("users.yml")), pulled.files());
        assertTrue(pulled.notes().get(0).contains("embedded"), pulled.notes().toString());
        String usersFile = Files.readString(schemaDir().resolve("users.yml"));
        assertTrue(usersFile.contains("      - keys: {email: 1}\n        unique: true\n"), usersFile);
        assertTrue(usersFile.contains("      - keys: {bio: text}\n        weights: {bio: 5}\n        default_language: french\n"), usersFile);

        SchemaPlan clean = Schema.plan(db, schemaDir(), OWN, true);
        assertFalse(clean.hasChanges(), clean.render());
        assertTrue(clean.notDeclared().isEmpty(), clean.render());

        // The edit a developer makes: a new index, email no longer unique, a shorter TTL, legacy_1 removed.
        String edited = usersFile
                .replace("      - keys: {email: 1}\n        unique: true\n", "      - keys: {email: 1}\n      - keys: {signupSource: 1}\n"
                        + "        partialFilterExpression: {signupSource: {$ne: \"say \\\"hi\\\" \\\\d\"}}\n")
                .replace("expireAfterSeconds: 3600", "expireAfterSeconds: 60")
                .replace("      - keys: {legacy: 1}\n        hidden: true\n", "");
        assertFalse(edited.equals(usersFile));
        Files.writeString(schemaDir().resolve("users.yml"), edited);

        SchemaPlan kept = Schema.plan(db, schemaDir(), OWN, false);
        assertEquals(List.of("users: ~ recreate index email_1 (drop, then create: unique changed)",
                "users: ~ recreate index createdAt_1 (drop, then create: expireAfterSeconds changed; this server has no collMod)",
                "users: + create index signupSource_1 {signupSource: 1} partialFilterExpression: {signupSource: {$ne: \"say \\\"hi\\\" \\\\d\"}}"),
                titles(kept));
        assertEquals(List.of("index legacy_1 of users"), kept.notDeclared().stream().map(NotDeclared::describe).toList());

        SchemaPlan plan = Schema.plan(db, schemaDir(), OWN, true);
        assertEquals(List.of("users: - drop index legacy_1 {legacy: 1} hidden",
                "users: ~ recreate index email_1 (drop, then create: unique changed)",
                "users: ~ recreate index createdAt_1 (drop, then create: expireAfterSeconds changed; this server has no collMod)",
                "users: + create index signupSource_1 {signupSource: 1} partialFilterExpression: {signupSource: {$ne: \"say \\\"hi\\\" \\\\d\"}}"),
                titles(plan));
        assertEquals(1, plan.notes().stream().filter(n -> n.contains("no collMod")).count(), "said once: " + plan.notes());
        String text = plan.render();
        assertTrue(text.startsWith("users\n  - drop index legacy_1 {legacy: 1} hidden\n"), text);
        assertTrue(text.contains("\n4 changes to app_dev\n"), text);
        org.bson.BsonDocument json = plan.toDocument();
        assertEquals(4, json.getInt32("changes").getValue());
        assertEquals("drop_index", json.getArray("steps").get(0).asDocument().getString("kind").getValue());
        assertEquals(org.bson.BsonDocument.parse("{createIndexes: 'users', indexes: [{key: {legacy: 1}, name: 'legacy_1', hidden: true}]}"),
                json.getArray("steps").get(0).asDocument().getArray("rollback").get(0));

        Path source = Schema.generate(plan, dir.resolve("migrations"), dir.resolve("templates"), "tidy user indexes",
                Instant.parse("2026-11-24T09:30:00Z"));
        assertEquals("M20261124093000_TidyUserIndexes.java", source.getFileName().toString());
        CompiledMigration migration = CompiledMigration.compile(source);
        migration.run(client, db);

        SchemaPlan after = Schema.plan(db, schemaDir(), OWN, true);
        assertFalse(after.hasChanges(), after.render());
        assertEquals(1L, db.getCollection("users").countDocuments(), "documents are untouched");

        migration.rollback(client, db);
        assertEquals(plan.toDocument(), Schema.plan(db, schemaDir(), OWN, true).toDocument(), "rollback brings the previous plan back");
    }

    @Test
    void theLibraryAppliesAndRollsBackAPlanAsItsMigrationWould() {
        seedIndexes();
        Schema.pull(db, schemaDir(), OWN, Optional.of("orders"));
        assertEquals(List.of(schemaDir().resolve("orders.yml")), fileList());
        SchemaPlan plan = Schema.plan(db, schemaDir(), OWN, false);
        assertEquals(List.of("collection users (1 document)"), plan.notDeclared().stream().map(NotDeclared::describe).toList());
        assertFalse(plan.hasChanges(), "what is only not declared is no change");

        SchemaPlan prune = Schema.plan(db, schemaDir(), OWN, true);
        assertEquals(List.of("users: - drop collection (it holds 1 documents: the migration stops there until they are moved or deleted)"),
                titles(prune));
        MonarchException refused = assertThrows(MonarchException.class, () -> Schema.apply(prune, db));
        assertEquals(ExitCode.REFUSED, refused.exitCode());
        assertEquals(1L, db.getCollection("users").countDocuments(), "nothing is lost");

        db.getCollection("users").deleteMany(new Document());
        SchemaPlan empty = Schema.plan(db, schemaDir(), OWN, true);
        Schema.apply(empty, db);
        assertFalse(db.listCollectionNames().into(new java.util.ArrayList<>()).contains("users"));
        Schema.rollback(empty, db);
        assertEquals(empty.toDocument(), Schema.plan(db, schemaDir(), OWN, true).toDocument(), "its indexes are back from their specs");
    }

    @Test
    void newCollectionsAndViewsAreCreatedAndWhatTheEmbeddedServerCannotKeepIsSaidOnce() throws Exception {
        Files.createDirectories(schemaDir());
        Files.writeString(schemaDir().resolve("accounts.yml"), """
                collections:
                  accounts:
                    validator:
                      $jsonSchema:
                        bsonType: object
                        required: [email]
                    validationLevel: moderate
                    collation: {locale: en, strength: 2}
                    indexes:
                      - keys: {email: 1}
                        unique: true
                views:
                  active_accounts:
                    viewOn: accounts
                    pipeline:
                      - $match: {active: true}
                """);
        SchemaPlan plan = Schema.plan(db, schemaDir(), OWN, false);
        assertEquals(List.of("accounts: + create collection", "accounts: + create index email_1 {email: 1} unique",
                "active_accounts: + create view on accounts"), titles(plan));
        assertTrue(plan.render().contains("      validator: {$jsonSchema: {bsonType: \"object\", required: [\"email\"]}}\n"), plan.render());

        Path source = Schema.generate(plan, dir.resolve("migrations"), dir.resolve("templates"), "accounts", Instant.parse("2026-11-24T10:00:00Z"));
        CompiledMigration.compile(source).run(client, db);

        SchemaPlan after = Schema.plan(db, schemaDir(), OWN, false);
        assertFalse(after.hasChanges(), after.render());
        assertEquals(1, after.notes().size(), after.notes().toString());
        assertEquals("the embedded server (mongo-java-server) keeps no collection options and has no views, so these are "
                + "not compared here: validator, validationLevel, collation of accounts; view active_accounts (MongoDB compares them)",
                after.notes().get(0));
        assertEquals(after.notes(), Schema.plan(db, schemaDir(), OWN, false).notes(), "the same once more: no perpetual difference");
    }

    @Test
    void planAndPullLeaveOutMonarchsOwnCollectionsAndRefuseThemInSchemaFiles() throws Exception {
        seedIndexes();
        Schema.pull(db, schemaDir(), OWN, Optional.empty());
        assertEquals(List.of(schemaDir().resolve("orders.yml"), schemaDir().resolve("users.yml")), fileList());
        Files.writeString(schemaDir().resolve("tracking.yml"), "collections:\n  monarch_migrations: {}\n");
        MonarchException e = assertThrows(MonarchException.class, () -> Schema.plan(db, schemaDir(), OWN, false));
        assertEquals(ExitCode.USAGE, e.exitCode());
        assertEquals("tracking.yml:2: monarch_migrations is monarch's own collection; remove it from the schema files", e.getMessage());
    }

    @Test
    void pullingACollectionDeclaredInAnotherFileIsRefusedNamingIt() throws Exception {
        seedIndexes();
        Files.createDirectories(schemaDir());
        Files.writeString(schemaDir().resolve("all.yml"), "collections:\n  orders: {}\n  users: {}\n");
        MonarchException e = assertThrows(MonarchException.class, () -> Schema.pull(db, schemaDir(), OWN, Optional.of("users")));
        assertEquals(ExitCode.USAGE, e.exitCode());
        assertTrue(e.getMessage().startsWith("users is already declared at " + schemaDir().resolve("all.yml:3")), e.getMessage());
        MonarchException missing = assertThrows(MonarchException.class, () -> Schema.pull(db, schemaDir(), OWN, Optional.of("nope")));
        assertEquals("app_dev has no collection nope; it has: orders, users", missing.getMessage());
    }

    private List<Path> fileList() {
        try (var files = Files.list(schemaDir())) {
            return files.sorted().toList();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> titles(SchemaPlan plan) {
        return plan.steps().stream().map(s -> s.collection() + ": " + s.symbol() + " " + s.title()).toList();
    }
}
