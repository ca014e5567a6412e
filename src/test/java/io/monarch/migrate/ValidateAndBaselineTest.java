package io.monarch.migrate;

import io.monarch.Monarch;
import io.monarch.api.ExitCode;
import io.monarch.api.MigrationState;
import io.monarch.api.ValidateResult;
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

/** validate for CI (exit 0, 4, 3) and baseline to adopt a database that predates monarch. */
class ValidateAndBaselineTest {
    @TempDir
    Path dir;

    private static String insert(String collection) {
        return "db.getCollection(\"" + collection + "\").insertOne(new Document());";
    }

    @Test
    void validateExits0UpToDate4Pending3OnDriftFailedOrMissing() throws Exception {
        TestProject project = TestProject.embedded(dir).migration("M20260101000001_One", insert("one"));
        TestProject.Run pending = project.run("validate", "development");
        assertEquals(4, pending.exitCode(), pending.all());
        assertTrue(pending.out().matches("(?s).*M20260101000001_One\\s+PENDING\\s+migrate runs it.*"), pending.out());
        assertTrue(pending.out().contains("development: 1 migration pending"), pending.out());
        assertEquals(List.of(), project.names("development"), "validate changes nothing, not even the tracking collection");

        assertEquals(0, project.run("migrate", "development").exitCode());
        TestProject.Run upToDate = project.run("validate", "development");
        assertEquals(0, upToDate.exitCode(), upToDate.all());
        assertTrue(upToDate.out().contains("development is up to date"), upToDate.out());

        project.migration("M20260101000001_One", insert("changed"));
        TestProject.Run drift = project.run("validate", "development");
        assertEquals(3, drift.exitCode(), drift.all());
        assertTrue(drift.out().matches("(?s).*M20260101000001_One\\s+CHANGED\\s+its source changed since it was applied.*"), drift.out());
        project.migration("M20260101000001_One", insert("one"));

        project.migration("M20260101000002_Fails", "throw new IllegalStateException(\"boom\");");
        assertEquals(1, project.run("migrate", "development").exitCode());
        TestProject.Run failed = project.run("validate", "development");
        assertEquals(3, failed.exitCode(), failed.all());
        assertTrue(failed.out().contains("failed: java.lang.IllegalStateException: boom"), failed.out());

        Files.delete(dir.resolve("migrations/M20260101000002_Fails.java"));
        project.migration("M20260101000003_Three", insert("three"));
        TestProject.Run json = project.run("validate", "development", "--json");
        assertEquals(3, json.exitCode(), json.all());
        Document report = Document.parse(json.out());
        assertEquals("problems", report.getString("status"));
        assertEquals(3, report.getInteger("exitCode"));
        assertEquals(List.of("M20260101000002_Fails:MISSING"), report.getList("problems", Document.class).stream()
                .map(d -> d.getString("name") + ":" + d.getString("state")).toList());
        assertEquals(List.of("M20260101000003_Three:PENDING"), report.getList("pending", Document.class).stream()
                .map(d -> d.getString("name") + ":" + d.getString("state")).toList());
    }

    @Test
    void theLibrarySaysTheSameWithoutThrowing() {
        TestProject project = TestProject.embedded(dir).migration("M20260101000001_One", insert("one"))
                .repeatable("R_View", insert("view"));
        Monarch monarch = Monarch.load(project.settingsFile());
        ValidateResult before = monarch.validate("development");
        assertEquals(ExitCode.PENDING, before.exitCode());
        assertEquals(4, before.exitCode().code());
        assertEquals(List.of("M20260101000001_One", "R_View"), before.pending().stream().map(s -> s.name()).toList());
        monarch.migrate("development");
        assertTrue(monarch.validate("development").upToDate());
        project.repeatable("R_View", insert("view2"));
        ValidateResult outdated = monarch.validate("development");
        assertEquals(ExitCode.PENDING, outdated.exitCode(), "an outdated repeatable is pending, not a problem");
        assertEquals(MigrationState.OUTDATED, outdated.pending().get(0).state());
    }

    @Test
    void baselineRecordsMigrationsWithoutRunningThemAndMigrateGoesOnFromThere() {
        TestProject project = TestProject.embedded(dir)
                .migration("M20260101000001_CreateUsers", insert("one"))
                .migration("M20260101000002_IndexUsers", insert("two"), insert("undo_two"))
                .migration("M20260101000003_AddPlans", insert("three"), insert("undo_three"));
        project.with("development", db -> db.getCollection("users").insertOne(new Document("name", "ada"))); // predates monarch

        TestProject.Run baseline = project.run("baseline", "development", "--to", "M20260101000002_IndexUsers");
        assertEquals(0, baseline.exitCode(), baseline.all());
        assertTrue(baseline.out().contains("BASELINE  M20260101000001_CreateUsers") && baseline.out().contains("BASELINE  M20260101000002_IndexUsers"),
                baseline.out());
        assertTrue(baseline.out().contains("recorded 2 migrations as BASELINE in development"), baseline.out());
        assertFalse(project.names("development").contains("one"), "nothing ran: " + project.names("development"));
        TestProject.Run list = project.run("list_migrations", "development");
        assertTrue(list.out().matches("(?s).*CreateUsers\\s+BASELINE.*IndexUsers\\s+BASELINE.*AddPlans\\s+PENDING.*"), list.out());
        assertEquals(4, project.run("validate", "development").exitCode());
        List<Document> tracked = project.read("development", db -> db.getCollection("monarch_migrations")
                .find(new Document("state", "BASELINE")).into(new ArrayList<>()));
        assertEquals(2, tracked.size());

        TestProject.Run migrate = project.run("migrate", "development");
        assertEquals(0, migrate.exitCode(), migrate.all());
        assertTrue(migrate.out().contains("APPLIED  M20260101000003_AddPlans") && !migrate.out().contains("IndexUsers"), migrate.out());
        assertEquals(0, project.run("validate", "development").exitCode());

        TestProject.Run all = project.run("rollback", "development", "--all");
        assertEquals(0, all.exitCode(), all.all());
        assertTrue(all.out().contains("ROLLED_BACK  M20260101000003_AddPlans") && !all.out().contains("IndexUsers"),
                "--all undoes what monarch ran, not the baseline: " + all.out());
        TestProject.Run intoBaseline = project.run("rollback", "development", "--to", "M20260101000001_CreateUsers");
        assertEquals(3, intoBaseline.exitCode(), intoBaseline.all());
        assertTrue(intoBaseline.err().contains("M20260101000002_IndexUsers: recorded by baseline, never run here"), intoBaseline.err());
    }

    @Test
    void baselineIsRefusedWhereAnythingIsTrackedAndNeedsAKnownMigration() {
        TestProject project = TestProject.embedded(dir)
                .migration("M20260101000001_One", insert("one"))
                .migration("M20260101000002_Two", insert("two"));
        TestProject.Run unknown = project.run("baseline", "development", "--to", "M20260101000009_Nope");
        assertEquals(2, unknown.exitCode(), unknown.all());
        TestProject.Run noTo = project.run("baseline", "development");
        assertEquals(2, noTo.exitCode(), noTo.all());

        assertEquals(0, project.run("migrate", "development", "--count", "1").exitCode());
        TestProject.Run refused = project.run("baseline", "development", "--to", "M20260101000002_Two");
        assertEquals(3, refused.exitCode(), refused.all());
        assertTrue(refused.err().contains("development already tracks 1 migration (M20260101000001_One)"), refused.err());
        assertEquals(1L, (long) project.read("development", db -> db.getCollection("monarch_migrations").countDocuments()));
    }
}
