package io.monarch.migrate;

import io.monarch.support.TestProject;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code R_<Name>} migrations: run after the versioned ones, in name order, and again whenever their source changes. */
class RepeatableMigrationsTest {
    @TempDir
    Path dir;

    private static String log(String what) {
        return "db.getCollection(\"log\").insertOne(new Document(\"ran\", \"" + what + "\"));";
    }

    private static List<String> ran(TestProject project) {
        return project.read("development", db -> db.getCollection("log").find().sort(new Document("_id", 1))
                .map(d -> d.getString("ran")).into(new ArrayList<>()));
    }

    @Test
    void repeatablesRunAfterTheVersionedOnesInNameOrderAndAgainWhenChanged() {
        TestProject project = TestProject.embedded(dir)
                .repeatable("R_OrdersView", log("R_OrdersView v1"))
                .repeatable("R_CustomersView", log("R_CustomersView v1"))
                .migration("M20260101000002_Second", log("M2"))
                .migration("M20260101000001_First", log("M1"));
        TestProject.Run pending = project.run("list_migrations", "development");
        assertTrue(pending.out().matches("(?s).*R_CustomersView\\s+REPEATABLE pending.*"), pending.out());

        TestProject.Run first = project.run("migrate", "development");
        assertEquals(0, first.exitCode(), first.all());
        assertEquals(List.of("M1", "M2", "R_CustomersView v1", "R_OrdersView v1"), ran(project));
        TestProject.Run list = project.run("list_migrations", "development");
        assertTrue(list.out().matches("(?s).*M20260101000002_Second\\s+APPLIED.*R_CustomersView\\s+REPEATABLE current.*"
                + "R_OrdersView\\s+REPEATABLE current.*"), list.out());
        assertTrue(project.run("migrate", "development").out().contains("up to date"), "unchanged: nothing runs");

        project.repeatable("R_OrdersView", log("R_OrdersView v2"))
                .migration("M20260101000003_Third", log("M3"));
        TestProject.Run outdated = project.run("list_migrations", "development");
        assertTrue(outdated.out().matches("(?s).*R_CustomersView\\s+REPEATABLE current.*R_OrdersView\\s+REPEATABLE outdated.*"),
                outdated.out());
        assertFalse(outdated.out().contains("CHANGED"), "a changed repeatable is not drift: " + outdated.out());
        TestProject.Run again = project.run("migrate", "development");
        assertEquals(0, again.exitCode(), again.all());
        assertEquals(List.of("M1", "M2", "R_CustomersView v1", "R_OrdersView v1", "M3", "R_OrdersView v2"), ran(project));
        Document tracked = project.read("development", db -> db.getCollection("monarch_migrations")
                .find(new Document("name", "R_OrdersView")).first());
        assertEquals(true, tracked.getBoolean("repeatable"));
        assertEquals("APPLIED", tracked.getString("state"));
    }

    @Test
    void aRepeatableWaitsWhileVersionedMigrationsAreLeftPending() {
        TestProject project = TestProject.embedded(dir)
                .migration("M20260101000001_First", log("M1"))
                .migration("M20260101000002_Second", log("M2"))
                .repeatable("R_View", log("R_View"));
        TestProject.Run partial = project.run("migrate", "development", "--count", "1");
        assertEquals(0, partial.exitCode(), partial.all());
        assertEquals(1, partial.out().split("R_View will run once no versioned migration is left pending", -1).length - 1,
                "said once: " + partial.out());
        assertEquals(List.of("M1"), ran(project));
        assertEquals(0, project.run("migrate", "development").exitCode());
        assertEquals(List.of("M1", "M2", "R_View"), ran(project));
    }

    @Test
    void aFailingRepeatableIsRecordedFailedAndRetried() {
        TestProject project = TestProject.embedded(dir)
                .repeatable("R_Flaky", "if (db.getCollection(\"switch\").countDocuments() == 0) throw new IllegalStateException(\"off\");"
                        + log("R_Flaky"));
        TestProject.Run failed = project.run("migrate", "development");
        assertEquals(1, failed.exitCode(), failed.all());
        assertTrue(project.run("list_migrations", "development").out().matches("(?s).*R_Flaky\\s+REPEATABLE failed.*"));
        project.with("development", db -> db.getCollection("switch").insertOne(new Document()));
        assertEquals(0, project.run("migrate", "development").exitCode());
        assertEquals(List.of("R_Flaky"), ran(project));
    }

    @Test
    void rollbackLeavesRepeatablesAloneAndATargetMustBeVersioned() {
        TestProject project = TestProject.embedded(dir)
                .migration("M20260101000001_First", log("M1"), "db.getCollection(\"log\").deleteMany(new Document(\"ran\", \"M1\"));")
                .repeatable("R_View", log("R_View"));
        assertEquals(0, project.run("migrate", "development").exitCode());
        TestProject.Run rollback = project.run("rollback", "development", "--all");
        assertEquals(0, rollback.exitCode(), rollback.all());
        assertTrue(rollback.out().contains("ROLLED_BACK  M20260101000001_First") && !rollback.out().contains("R_View"), rollback.out());
        assertEquals(List.of("R_View"), ran(project));

        TestProject.Run to = project.run("migrate", "development", "--to", "R_View");
        assertEquals(2, to.exitCode(), to.all());
        assertTrue(to.err().contains("--to takes a versioned migration"), to.err());
    }

    @Test
    void aRepeatableFileThatIsNotARepeatableMigrationIsRefusedByName() {
        TestProject project = TestProject.embedded(dir).migration("R_NotRepeatable", log("x"));
        TestProject.Run run = project.run("migrate", "development");
        assertEquals(2, run.exitCode(), run.all());
        assertTrue(run.err().contains("R_NotRepeatable.java: an R_<Name> file is a repeatable migration: make it extend "
                + "io.monarch.api.RepeatableMigration"), run.err());
    }

    @Test
    void generateRepeatableWritesAnRFileThatRuns() throws Exception {
        TestProject project = TestProject.embedded(dir);
        TestProject.Run generated = project.run("generate", "--repeatable", "orders_view");
        assertEquals(0, generated.exitCode(), generated.all());
        Path file = dir.resolve("migrations/R_OrdersView.java");
        assertTrue(Files.readString(file).contains("extends RepeatableMigration"), Files.readString(file));
        TestProject.Run migrate = project.run("migrate", "development");
        assertEquals(0, migrate.exitCode(), migrate.all());
        assertTrue(migrate.out().contains("  R_OrdersView: nothing to do yet"), migrate.out());
        assertTrue(project.run("list_migrations", "development").out().contains("REPEATABLE current"));
    }
}
