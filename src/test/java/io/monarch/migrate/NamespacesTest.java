package io.monarch.migrate;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import io.monarch.support.InProcessMongo;
import io.monarch.support.TestProject;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two projects, billing and orders, migrating one shared database (one server both reach over TCP), each with its own
 * {@code migrations.namespace}; and a project without one, whose tracking is as earlier versions wrote it.
 */
class NamespacesTest {
    @TempDir
    Path dir;
    @RegisterExtension
    final InProcessMongo mongo = new InProcessMongo();
    MongoClient client;
    MongoDatabase shared;

    @BeforeEach
    void connect() {
        client = MongoClients.create(mongo.uri());
        shared = client.getDatabase("app_dev");
    }

    @AfterEach
    void disconnect() {
        client.close();
    }

    private TestProject project(String folder, String namespace) {
        TestProject project = new TestProject(dir.resolve(folder));
        return namespace == null ? project.serverSettings(mongo.uri(), "lock_wait_seconds: 1")
                : project.serverSettings(mongo.uri(), "lock_wait_seconds: 1", "namespace: " + namespace);
    }

    @Test
    void twoProjectsInOneDatabaseNeverSeeEachOthersMigrations() {
        TestProject billing = project("billing", "billing")
                .migration("M20260101000001_Invoices", "db.getCollection(\"invoices\").insertOne(new Document());")
                .repeatable("R_Shared", "db.getCollection(\"billing_runs\").insertOne(new Document());");
        TestProject orders = project("orders", "orders")
                .migration("M20260101000002_Orders", "db.getCollection(\"orders\").insertOne(new Document());")
                .repeatable("R_Shared", "db.getCollection(\"orders_runs\").insertOne(new Document());");

        TestProject.Run first = billing.run("migrate", "development");
        assertEquals(0, first.exitCode(), first.all());
        TestProject.Run second = orders.run("migrate", "development");
        assertEquals(0, second.exitCode(), second.all());
        assertTrue(second.out().contains("APPLIED  R_Shared"), "a name another namespace took is free here: " + second.out());
        assertFalse(second.all().contains("M20260101000001_Invoices"), "billing's migration is not orders' business: " + second.all());

        for (TestProject project : List.of(billing, orders)) {
            TestProject.Run list = project.run("list_migrations", "development");
            assertEquals(0, list.exitCode(), list.all());
            assertFalse(list.out().contains("MISSING"), list.out());
            TestProject.Run validate = project.run("validate", "development");
            assertEquals(0, validate.exitCode(), validate.all());
        }
        assertTrue(billing.run("list_migrations", "development").out().matches("(?s).*M20260101000001_Invoices\\s+APPLIED.*"));
        assertFalse(billing.run("list_migrations", "development").out().contains("M20260101000002_Orders"));

        List<Document> tracking = shared.getCollection("monarch_migrations").find().sort(new Document("name", 1))
                .into(new ArrayList<>());
        assertEquals(List.of("billing:M20260101000001_Invoices", "billing:R_Shared", "orders:M20260101000002_Orders", "orders:R_Shared"),
                tracking.stream().map(d -> d.getString("namespace") + ":" + d.getString("name")).sorted().toList());
        assertEquals(1L, shared.getCollection("billing_runs").countDocuments());
        assertEquals(1L, shared.getCollection("orders_runs").countDocuments());
    }

    @Test
    void aDatabaseTrackedByAnEarlierVersionReadsAsBeforeAndANamespaceCanJoinIt() {
        // as monarch 0.1 left it: no namespace field, a unique index on the name alone, a lock with _id "migrate"
        MongoCollection<Document> tracking = shared.getCollection("monarch_migrations");
        tracking.createIndex(Indexes.ascending("name"), new IndexOptions().unique(true).name("monarch_name_unique"));
        Date then = Date.from(Instant.parse("2026-01-02T03:04:05Z"));
        tracking.insertOne(new Document("name", "M20260101000001_Legacy").append("state", "APPLIED").append("startedAt", then)
                .append("finishedAt", then).append("durationMs", 12L).append("checksum", "0".repeat(64))
                .append("ranBy", new Document("user", "ada")).append("error", null));

        TestProject legacy = project("legacy", null)
                .migration("M20260101000001_Legacy", "db.getCollection(\"legacy\").insertOne(new Document());")
                .migration("M20260101000002_Next", "db.getCollection(\"next\").insertOne(new Document());");
        TestProject.Run list = legacy.run("list_migrations", "development", "--json");
        assertEquals(0, list.exitCode(), list.all());
        assertTrue(list.out().contains("\"appliedAt\": \"2026-01-02 03:04:05Z\""), list.out());
        // its recorded checksum is not this source's: drift, accepted
        TestProject.Run migrate = legacy.run("migrate", "development", "--accept-changed");
        assertEquals(0, migrate.exitCode(), migrate.all());
        assertTrue(migrate.out().contains("APPLIED  M20260101000002_Next") && !migrate.out().contains("APPLIED  M20260101000001_Legacy"),
                migrate.out());
        assertNull(tracking.find(new Document("name", "M20260101000002_Next")).first().get("namespace"),
                "a project without a namespace writes none, as before");
        assertTrue(indexNames(tracking).contains("monarch_name_unique"), "left for an earlier monarch sharing the database");

        // a namespaced project joins: the name-only index would make its own M20260101000002_Next a duplicate
        TestProject billing = project("billing", "billing")
                .migration("M20260101000002_Next", "db.getCollection(\"billing_next\").insertOne(new Document());");
        TestProject.Run joined = billing.run("migrate", "development");
        assertEquals(0, joined.exitCode(), joined.all());
        assertFalse(indexNames(tracking).contains("monarch_name_unique"), indexNames(tracking).toString());
        assertEquals(1L, shared.getCollection("billing_next").countDocuments());
        TestProject.Run legacyAgain = legacy.run("list_migrations", "development");
        assertFalse(legacyAgain.out().contains("MISSING"), legacyAgain.out());
        assertEquals(0, legacy.run("validate", "development").exitCode());
    }

    @Test
    void eachNamespaceHasItsOwnLock() {
        TestProject billing = project("billing", "billing")
                .migration("M20260101000001_Invoices", "db.getCollection(\"invoices\").insertOne(new Document());");
        TestProject orders = project("orders", "orders")
                .migration("M20260101000002_Orders", "db.getCollection(\"orders\").insertOne(new Document());");
        // billing's lock, held by a live process elsewhere
        shared.getCollection("monarch_migrations_lock").insertOne(new Document("_id", "migrate:billing").append("operation", "migrate")
                .append("owner", "elsewhere").append("user", "bob").append("host", "ci-7").append("pid", 42)
                .append("acquiredAt", new Date()).append("expiresAt", Date.from(Instant.now().plusSeconds(600))));

        TestProject.Run ordersRun = orders.run("migrate", "development");
        assertEquals(0, ordersRun.exitCode(), "orders does not wait for billing: " + ordersRun.all());
        TestProject.Run billingRun = billing.run("migrate", "development");
        assertEquals(3, billingRun.exitCode(), billingRun.all());
        assertTrue(billingRun.err().contains("development (namespace billing) is being migrated by bob on ci-7"), billingRun.err());
        TestProject.Run status = billing.run("status", "development");
        assertTrue(status.out().contains("bob"), status.all());

        TestProject.Run unlock = billing.run("unlock", "development");
        assertEquals(0, unlock.exitCode(), unlock.all());
        assertEquals(0L, shared.getCollection("monarch_migrations_lock").countDocuments(new Document("_id", "migrate:billing")));
        assertEquals(0, billing.run("migrate", "development").exitCode());
    }

    @Test
    void aRestoreOrCopyRunsBesideNoMigrationOfAnyNamespaceAndNoMigrationBesideIt() {
        TestProject billing = project("billing", "billing")
                .migration("M20260101000001_Invoices", "db.getCollection(\"invoices\").insertOne(new Document());");
        TestProject orders = project("orders", "orders");
        shared.getCollection("invoices").insertOne(new Document("_id", "kept"));
        TestProject.Run backup = orders.run("backup", "development", "--quiet");
        assertEquals(0, backup.exitCode(), backup.all());
        String name = orders.run("list_backups").out().lines().skip(1).findFirst().orElseThrow().split("\\s+")[0];
        MongoCollection<Document> locks = shared.getCollection("monarch_migrations_lock");

        // billing migrates (a live lock of namespace billing): orders' restore replaces the whole database, so it waits
        locks.insertOne(lock("migrate:billing", "migrate"));
        TestProject.Run restore = orders.run("restore", name + ":development");
        assertEquals(3, restore.exitCode(), restore.all());
        assertTrue(restore.err().contains("development (namespace billing) is being migrated by bob on ci-7"), restore.err());
        locks.deleteMany(new Document());

        // orders restores (its live lock): billing's migrate waits for it
        locks.insertOne(lock("migrate:orders", "restore"));
        TestProject.Run migrate = billing.run("migrate", "development");
        assertEquals(3, migrate.exitCode(), migrate.all());
        assertTrue(migrate.err().contains("development (namespace orders) is being restored into by bob on ci-7"), migrate.err());
        assertEquals(0L, shared.getCollection("invoices").countDocuments(new Document("_id", new Document("$ne", "kept"))),
                "the migration did not run");
        locks.deleteMany(new Document());
        assertEquals(0, billing.run("migrate", "development").exitCode(), "and runs once nothing else holds the database");
    }

    private static Document lock(String id, String operation) {
        return new Document("_id", id).append("operation", operation).append("owner", "elsewhere").append("user", "bob")
                .append("host", "ci-7").append("pid", 42).append("acquiredAt", new Date())
                .append("expiresAt", Date.from(Instant.now().plusSeconds(600)));
    }

    @Test
    void aNamespaceThatIsNotANameIsASettingsError() {
        TestProject bad = project("bad", "\"bill ing\"");
        TestProject.Run run = bad.run("list_migrations", "development");
        assertEquals(2, run.exitCode(), run.all());
        assertTrue(run.err().contains("migrations.namespace 'bill ing' is not a namespace"), run.err());
    }

    private static List<String> indexNames(MongoCollection<Document> collection) {
        return collection.listIndexes().map(i -> i.getString("name")).into(new ArrayList<>());
    }
}
