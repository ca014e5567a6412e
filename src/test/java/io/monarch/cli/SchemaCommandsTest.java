package io.monarch.cli;

import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import io.monarch.support.TestProject;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Schema as code as a user runs it: schema pull, plan (exit 0 / 4), generate --from-schema, migrate, rollback —
 * on the embedded server, for indexes (the embedded server keeps no validators or views; the Testcontainers
 * suite covers those).
 */
class SchemaCommandsTest {
    @TempDir
    Path dir;

    @Test
    void pullPlanGenerateMigrateAndRollBack() throws Exception {
        TestProject project = TestProject.embedded(dir);
        project.with("development", db -> {
            db.getCollection("users").insertOne(new Document("email", "ada@example.com"));
            db.getCollection("users").createIndex(Indexes.ascending("email"), new IndexOptions().unique(true));
        });

        TestProject.Run pull = project.run("schema", "pull", "development");
        assertEquals(0, pull.exitCode(), pull.all());
        Path users = dir.resolve("migrations/schema/users.yml");
        assertTrue(Files.readString(users).contains("keys: {email: 1}"), Files.readString(users));
        TestProject.Run same = project.run("plan", "development");
        assertEquals(0, same.exitCode(), same.all());

        Files.writeString(users, Files.readString(users).replace("        unique: true\n",
                "        unique: true\n      - keys: {createdAt: 1}\n        expireAfterSeconds: 3600\n"));
        TestProject.Run pending = project.run("plan", "development");
        assertEquals(4, pending.exitCode(), pending.all());
        assertTrue(pending.out().contains("+ create index") && pending.out().contains("createdAt"), pending.out());
        TestProject.Run json = project.run("plan", "development", "--json");
        assertEquals(4, json.exitCode(), json.all());
        assertTrue(Document.parse(json.out()).toJson().contains("createdAt"), json.out());

        TestProject.Run generate = project.run("generate", "add_ttl", "--from-schema", "development");
        assertEquals(0, generate.exitCode(), generate.all());
        assertTrue(generate.out().matches("(?s)created .*M\\d{14}_AddTtl\\.java\\s*"), generate.out());
        TestProject.Run migrate = project.run("migrate", "development");
        assertEquals(0, migrate.exitCode(), migrate.all());
        assertEquals(0, project.run("plan", "development").exitCode(), "the migration applied exactly the plan");

        TestProject.Run rollback = project.run("rollback", "development");
        assertEquals(0, rollback.exitCode(), rollback.all());
        assertEquals(4, project.run("plan", "development").exitCode(), "rollback brings the previous plan back");
    }

    /**
     * Environment A (development) got users and its email index from a hand-written migration, then by hand a legacy
     * index and an empty scratch collection; the schema files add orders and a TTL index and, with --prune, drop what
     * they do not declare. Returns the project, with the migration generated against A and nothing applied elsewhere.
     */
    private TestProject generatedAgainstDevelopment() throws Exception {
        TestProject project = new TestProject(dir).settings("""
                environments:
                  development:
                    uri: embedded:.monarch/development
                    database: app_dev
                  staging:
                    uri: embedded:.monarch/staging
                    database: app
                  qa:
                    uri: embedded:.monarch/qa
                    database: app
                  tenants:
                    uri: embedded:.monarch/tenants
                    databases: [tenant_new]
                migrations:
                  lock_wait_seconds: 2
                """);
        project.migration("M20000101000000_CreateUsers",
                "db.getCollection(\"users\").createIndex(Indexes.ascending(\"email\"), new IndexOptions().unique(true));");
        assertEquals(0, project.run("migrate", "development").exitCode());
        project.with("development", db -> {
            db.getCollection("users").insertOne(new Document("email", "ada@example.com"));
            db.getCollection("users").createIndex(Indexes.ascending("legacy"));
            db.createCollection("scratch");
        });
        project.write("migrations/schema/app.yml", """
                collections:
                  users:
                    indexes:
                      - keys: {email: 1}
                        unique: true
                      - keys: {createdAt: 1}
                        expireAfterSeconds: 3600
                  orders:
                    indexes:
                      - keys: {userId: 1}
                """);
        TestProject.Run generate = project.run("generate", "orders_and_ttl", "--from-schema", "development", "--prune");
        assertEquals(0, generate.exitCode(), generate.all());
        return project;
    }

    @Test
    void aGeneratedMigrationAppliesItsPlanOnTheEnvironmentItWasPlannedAgainstSayingWhatItDoes() throws Exception {
        TestProject project = generatedAgainstDevelopment();
        TestProject.Run migrate = project.run("migrate", "development");
        assertEquals(0, migrate.exitCode(), migrate.all());
        for (String line : List.of("created collection orders", "dropped index legacy_1 on users", "created index createdAt_1 on users",
                "created index userId_1 on orders", "dropped collection scratch")) {
            assertTrue(migrate.out().contains("_OrdersAndTtl: " + line + "\n"), line + " in:\n" + migrate.out());
        }
        assertEquals(0, project.run("plan", "development", "--prune").exitCode(), "the migration applied exactly the plan");
    }

    @Test
    void whereACollectionAndAnIndexAreAlreadyThereAsDeclaredTheyAreSkippedWithALineAndTheRestApplied() throws Exception {
        TestProject project = generatedAgainstDevelopment();
        project.with("staging", db -> db.getCollection("orders").createIndex(Indexes.ascending("userId")));
        TestProject.Run migrate = project.run("migrate", "staging");
        assertEquals(0, migrate.exitCode(), migrate.all());
        for (String line : List.of("already there as declared: collection orders", "already gone: index legacy_1 on users",
                "created index createdAt_1 on users", "already there as declared: index userId_1 on orders", "already gone: collection scratch")) {
            assertTrue(migrate.out().contains("_OrdersAndTtl: " + line + "\n"), line + " in:\n" + migrate.out());
        }
        assertEquals(0, project.run("plan", "staging", "--prune").exitCode(), "staging matches the schema files");
    }

    @Test
    void anIndexOfTheSameNameWithAnotherKeyStopsTheMigrationNamingBothAndAFixedRetryFinishesIt() throws Exception {
        TestProject project = generatedAgainstDevelopment();
        project.with("qa", db -> db.getCollection("users").createIndex(Indexes.ascending("created"), new IndexOptions().name("createdAt_1")));
        TestProject.Run migrate = project.run("migrate", "qa");
        assertEquals(1, migrate.exitCode(), migrate.all());
        assertTrue(migrate.err().contains("index createdAt_1 on users is there but not as declared: declared {\"key\": {\"createdAt\": 1}, "
                + "\"name\": \"createdAt_1\", \"expireAfterSeconds\": 3600}; found {\"key\": {\"created\": 1}, \"name\": \"createdAt_1\"}"),
                migrate.err());
        assertEquals(Map.of("_id_", "{\"_id\": 1}", "createdAt_1", "{\"created\": 1}", "email_1", "{\"email\": 1}"),
                keys(project, "qa", "users"), "the index found is left as it is");

        project.with("qa", db -> db.getCollection("users").dropIndex("createdAt_1"));
        TestProject.Run retry = project.run("migrate", "qa");
        assertEquals(0, retry.exitCode(), retry.all());
        assertTrue(retry.out().contains("already there as declared: collection orders\n"), retry.out());
        assertEquals(0, project.run("plan", "qa", "--prune").exitCode(), "qa matches the schema files");
    }

    @Test
    void aFreshTenantGetsTheSchemaWithWhatIsAlreadyGoneSaidSo() throws Exception {
        TestProject project = generatedAgainstDevelopment();
        TestProject.Run migrate = project.run("migrate", "tenants");
        assertEquals(0, migrate.exitCode(), migrate.all());
        assertTrue(migrate.out().contains("already gone: index legacy_1 on users\n"), migrate.out());
        assertTrue(migrate.out().contains("already gone: collection scratch\n"), migrate.out());
        TestProject.Run plan = project.run("plan", "tenants", "--tenant", "tenant_new", "--prune");
        assertEquals(0, plan.exitCode(), plan.all());
    }

    /** Each index's name and key pattern, as JSON. */
    private static Map<String, String> keys(TestProject project, String environment, String collection) {
        return project.read(environment, db -> {
            Map<String, String> keys = new TreeMap<>();
            db.getCollection(collection).listIndexes().forEach(index -> keys.put(index.getString("name"), ((Document) index.get("key")).toJson()));
            return keys;
        });
    }

    @Test
    void aBadSchemaFileIsExitTwoWithItsLine() throws Exception {
        TestProject project = TestProject.embedded(dir);
        project.write("migrations/schema/users.yml", "collections:\n  users:\n    indexs:\n      - keys: {email: 1}\n");
        TestProject.Run plan = project.run("plan", "development");
        assertEquals(2, plan.exitCode(), plan.all());
        assertTrue(plan.err().contains("users.yml:3"), plan.err());
    }
}
