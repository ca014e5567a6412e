package io.monarch.real;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import io.monarch.support.TestProject;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.MongoDBContainer;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Migrations against real MongoDB: mongo:7 standalone (no transactions) and a one-node replica set (where a
 * transactional migration, ALWAYS or AUTO, runs inside one and a failure inside it leaves nothing behind). Skipped, not
 * failed, where there is no Docker engine.
 */
@Testcontainers(disabledWithoutDocker = true)
class RealMongoMigrationsTest {
    @Container
    static final MongoDBContainer REPLICA_SET = new MongoDBContainer("mongo:7");

    @Container
    static final GenericContainer<?> STANDALONE = new GenericContainer<>("mongo:7").withExposedPorts(27017);

    @TempDir
    Path dir;

    private static String standaloneUri() {
        return "mongodb://" + STANDALONE.getHost() + ":" + STANDALONE.getMappedPort(27017);
    }

    private TestProject project(String uri, String database) {
        try (MongoClient client = MongoClients.create(uri)) {
            client.getDatabase(database).drop();
        }
        return new TestProject(dir).settings("""
                environments:
                  development:
                    uri: %s
                    database: %s
                migrations:
                  lock_wait_seconds: 2
                """.formatted(uri, database));
    }

    @Test
    void migrateOnceFailRetryDriftAndRollbackOnStandalone() {
        TestProject project = project(standaloneUri(), "real_migrations");
        project.migration("M20260101000001_CreateUsers", "context.database().getCollection(\"users\").insertOne(new org.bson.Document(\"_id\", 1));",
                "context.database().getCollection(\"users\").drop();");
        project.migration("M20260101000002_Fails", "throw new IllegalStateException(\"not yet\");");
        TestProject.Run first = project.run("migrate", "development");
        assertEquals(1, first.exitCode(), first.all());
        assertTrue(first.all().contains("not yet"), first.all());
        assertTrue(project.run("list_migrations", "development").out().contains("FAILED"));

        project.migration("M20260101000002_Fails", "context.database().getCollection(\"users\").insertOne(new org.bson.Document(\"_id\", 2));",
                "context.database().getCollection(\"users\").deleteOne(new org.bson.Document(\"_id\", 2));");
        TestProject.Run retry = project.run("migrate", "development");
        assertEquals(0, retry.exitCode(), retry.all());
        assertTrue(project.run("migrate", "development").out().contains("up to date"));
        assertEquals(2, users(standaloneUri(), "real_migrations").size());

        project.migration("M20260101000001_CreateUsers", "context.database().getCollection(\"users\").insertOne(new org.bson.Document(\"_id\", 9));",
                "context.database().getCollection(\"users\").drop();");
        assertEquals(3, project.run("migrate", "development").exitCode(), "drift is refused");
        assertEquals(0, project.run("migrate", "development", "--accept-changed").exitCode());

        TestProject.Run rollback = project.run("rollback", "development", "--to", "M20260101000001_CreateUsers");
        assertEquals(0, rollback.exitCode(), rollback.all());
        assertEquals(1, users(standaloneUri(), "real_migrations").size());
    }

    /** A real listDatabases lists only databases that hold data, and admin, config and local: none of those is a tenant. */
    @Test
    void aTenantPatternMatchesTheDatabasesARealServerLists() {
        try (MongoClient client = MongoClients.create(standaloneUri())) {
            for (String name : List.of("rt_tenant_a", "rt_tenant_b", "rt_tenant_c", "rt_other")) {
                client.getDatabase(name).drop();
            }
            client.getDatabase("rt_tenant_a").getCollection("seed").insertOne(new Document());
            client.getDatabase("rt_tenant_b").getCollection("seed").insertOne(new Document());
            client.getDatabase("rt_other").getCollection("seed").insertOne(new Document());
        }
        TestProject project = new TestProject(dir).settings("""
                environments:
                  tenants:
                    uri: %s
                    databases: {pattern: "rt_tenant_*"}
                migrations:
                  lock_wait_seconds: 2
                """.formatted(standaloneUri()));
        project.migration("M20260101000001_CreateUsers", "context.database().getCollection(\"users\").insertOne(new org.bson.Document(\"_id\", 1));");
        TestProject.Run run = project.run("migrate", "tenants", "--canary", "1");
        assertEquals(0, run.exitCode(), run.all());
        assertTrue(run.out().matches("(?s).*rt_tenant_a\\s+1\\s+MIGRATED.*rt_tenant_b\\s+1\\s+MIGRATED.*"), run.out());
        assertFalse(run.out().contains("rt_other") || run.out().contains("admin"), run.out());
        assertEquals(1, users(standaloneUri(), "rt_tenant_b").size());

        TestProject.Run list = project.run("list_migrations", "tenants");
        assertTrue(list.out().matches("(?s).*rt_tenant_a\\s+1\\s+0\\s+0\\s+0.*"), list.out());
        TestProject.Run typo = project.run("rollback", "tenants", "--tenant", "rt_tenant_c");
        assertEquals(2, typo.exitCode(), typo.all());
        try (MongoClient client = MongoClients.create(standaloneUri())) {
            assertFalse(client.listDatabaseNames().into(new ArrayList<>()).contains("rt_tenant_c"), "a typo creates no database");
        }
    }

    @Test
    void aTransactionalMigrationIsRefusedOnStandalone() {
        TestProject project = project(standaloneUri(), "real_tx_standalone");
        project.write("migrations/M20260101000001_InTransaction.java", transactionalMigration(false));
        TestProject.Run run = project.run("migrate", "development");
        assertEquals(3, run.exitCode(), run.all());
        assertTrue(run.err().contains("asks for a transaction"), run.err());
    }

    @Test
    void aTransactionalMigrationRunsInOneOnAReplicaSetAndAFailureLeavesNothing() {
        TestProject project = project(REPLICA_SET.getReplicaSetUrl(), "real_tx");
        try (MongoClient client = MongoClients.create(REPLICA_SET.getReplicaSetUrl())) {
            client.getDatabase("real_tx").createCollection("users"); // collections are not created inside a transaction
        }
        project.write("migrations/M20260101000001_InTransaction.java", transactionalMigration(true));
        TestProject.Run failing = project.run("migrate", "development");
        assertEquals(1, failing.exitCode(), failing.all());
        assertEquals(0, users(REPLICA_SET.getReplicaSetUrl(), "real_tx").size(), "the transaction was rolled back");

        project.write("migrations/M20260101000001_InTransaction.java", transactionalMigration(false));
        TestProject.Run passing = project.run("migrate", "development");
        assertEquals(0, passing.exitCode(), passing.all());
        assertEquals(2, users(REPLICA_SET.getReplicaSetUrl(), "real_tx").size());
    }

    @Test
    void autoRunsInATransactionOnAReplicaSetAndAFailureLeavesNothing() {
        TestProject project = project(REPLICA_SET.getReplicaSetUrl(), "real_tx_auto");
        try (MongoClient client = MongoClients.create(REPLICA_SET.getReplicaSetUrl())) {
            client.getDatabase("real_tx_auto").createCollection("users");
        }
        project.write("migrations/M20260101000001_Auto.java", modeMigration("AUTO", true));
        TestProject.Run failing = project.run("migrate", "development");
        assertEquals(1, failing.exitCode(), failing.all());
        assertEquals(0, users(REPLICA_SET.getReplicaSetUrl(), "real_tx_auto").size(), "the transaction was rolled back");
        assertTrue(!failing.out().contains("without a transaction"), failing.out());

        project.write("migrations/M20260101000001_Auto.java", modeMigration("AUTO", false));
        TestProject.Run passing = project.run("migrate", "development");
        assertEquals(0, passing.exitCode(), passing.all());
        List<Document> users = users(REPLICA_SET.getReplicaSetUrl(), "real_tx_auto");
        assertEquals(2, users.size());
        assertTrue(users.stream().allMatch(u -> u.getBoolean("inTransaction")), users.toString());
    }

    @Test
    void alwaysRunsInATransactionOnAReplicaSet() {
        TestProject project = project(REPLICA_SET.getReplicaSetUrl(), "real_tx_always");
        try (MongoClient client = MongoClients.create(REPLICA_SET.getReplicaSetUrl())) {
            client.getDatabase("real_tx_always").createCollection("users");
        }
        project.write("migrations/M20260101000001_Auto.java", modeMigration("ALWAYS", false));
        TestProject.Run run = project.run("migrate", "development");
        assertEquals(0, run.exitCode(), run.all());
        assertTrue(users(REPLICA_SET.getReplicaSetUrl(), "real_tx_always").stream().allMatch(u -> u.getBoolean("inTransaction")));
    }

    @Test
    void autoRunsPlainlyOnStandaloneAndSaysSoWhileAlwaysIsRefused() {
        TestProject project = project(standaloneUri(), "real_tx_auto_standalone");
        project.write("migrations/M20260101000001_Auto.java", modeMigration("ALWAYS", false));
        TestProject.Run refused = project.run("migrate", "development");
        assertEquals(3, refused.exitCode(), refused.all());
        assertTrue(refused.err().contains("asks for a transaction"), refused.err());
        assertEquals(0, users(standaloneUri(), "real_tx_auto_standalone").size());

        project.write("migrations/M20260101000001_Auto.java", modeMigration("AUTO", false));
        TestProject.Run plain = project.run("migrate", "development");
        assertEquals(0, plain.exitCode(), plain.all());
        assertTrue(plain.out().contains("runs without a transaction: development has none"), plain.out());
        List<Document> users = users(standaloneUri(), "real_tx_auto_standalone");
        assertEquals(2, users.size());
        assertTrue(users.stream().noneMatch(u -> u.getBoolean("inTransaction")), users.toString());
    }

    /** A migration of the given transaction mode that writes two users, saying whether it was in a transaction. */
    private static String modeMigration(String mode, boolean failAfterWrites) {
        return """
                import io.monarch.api.*;
                import org.bson.Document;

                public class M20260101000001_Auto extends Migration {
                    @Override
                    public void run(MigrationContext context) {
                        var users = context.database().getCollection("users");
                        for (int id = 1; id <= 2; id++) {
                            Document user = new Document("_id", id).append("inTransaction", context.inTransaction());
                            if (context.inTransaction()) {
                                users.insertOne(context.session(), user);
                            } else {
                                users.insertOne(user);
                            }
                        }
                        if (%s) {
                            throw new IllegalStateException("failing after two writes");
                        }
                    }

                    @Override
                    public TransactionMode transactionMode() {
                        return TransactionMode.%s;
                    }
                }
                """.formatted(failAfterWrites, mode);
    }

    private static String transactionalMigration(boolean failAfterWrites) {
        return """
                import io.monarch.api.*;
                import org.bson.Document;

                public class M20260101000001_InTransaction extends Migration {
                    @Override
                    public void run(MigrationContext context) {
                        var users = context.database().getCollection("users");
                        users.insertOne(context.session(), new Document("_id", 1));
                        users.insertOne(context.session(), new Document("_id", 2));
                        if (%s) {
                            throw new IllegalStateException("failing after two writes");
                        }
                    }

                    @Override
                    public boolean transactional() {
                        return true;
                    }
                }
                """.formatted(failAfterWrites);
    }

    private static List<Document> users(String uri, String database) {
        try (MongoClient client = MongoClients.create(uri)) {
            MongoDatabase db = client.getDatabase(database);
            return db.getCollection("users").find().into(new ArrayList<>());
        }
    }
}
