package io.monarch.cli;

import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import io.monarch.support.TestProject;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

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

    @Test
    void aBadSchemaFileIsExitTwoWithItsLine() throws Exception {
        TestProject project = TestProject.embedded(dir);
        project.write("migrations/schema/users.yml", "collections:\n  users:\n    indexs:\n      - keys: {email: 1}\n");
        TestProject.Run plan = project.run("plan", "development");
        assertEquals(2, plan.exitCode(), plan.all());
        assertTrue(plan.err().contains("users.yml:3"), plan.err());
    }
}
