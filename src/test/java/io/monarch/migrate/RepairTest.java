package io.monarch.migrate;

import io.monarch.Monarch;
import io.monarch.api.ExitCode;
import io.monarch.api.MigrationState;
import io.monarch.api.MigrationStatus;
import io.monarch.api.MonarchException;
import io.monarch.api.RepairOptions;
import io.monarch.api.RepairResult;
import io.monarch.support.TestProject;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code monarch repair <env>}, Flyway's name: a migration whose file is gone is recorded DELETED, a FAILED one is
 * cleared; validate and list_migrations say when to run it, and say what migrate really does.
 */
class RepairTest {
    private static final String GONE = "M20260101000002_Gone";
    private static final String FAILS = "M20260101000003_Fails";

    @TempDir
    Path dir;

    private static String insert(String collection) {
        return "db.getCollection(\"" + collection + "\").insertOne(new Document());";
    }

    /** One applied, one applied whose file is then deleted, one that fails. */
    private TestProject brokenHistory() throws Exception {
        TestProject project = TestProject.embedded(dir)
                .migration("M20260101000001_One", insert("one"))
                .migration(GONE, insert("gone"));
        assertEquals(0, project.run("migrate", "development").exitCode());
        Files.delete(dir.resolve("migrations/" + GONE + ".java"));
        project.migration(FAILS, "throw new IllegalStateException(\"boom\");");
        TestProject.Run failed = project.run("migrate", "development");
        assertEquals(1, failed.exitCode(), failed.all());
        assertTrue(failed.out().contains("warning: " + GONE + " is recorded in development but its source file is gone; "
                + "if it was deleted on purpose, run monarch repair development"), failed.out());
        return project;
    }

    @Test
    void repairRecordsAGoneMigrationDeletedAndClearsAFailureSoMigrateRunsIt() throws Exception {
        TestProject project = brokenHistory();

        TestProject.Run validate = project.run("validate", "development");
        assertEquals(3, validate.exitCode(), validate.all());
        assertTrue(validate.out().matches("(?s).*" + GONE + "\\s+MISSING\\s+tracked here, but its source file is gone: deleted, or "
                + "the data came from newer code\\. If it was deleted on purpose, run monarch repair development.*"), validate.out());
        assertTrue(validate.out().matches("(?s).*" + FAILS + "\\s+FAILED\\s+failed: java.lang.IllegalStateException: boom\\. "
                + "migrate runs it again; to clear the failure instead \\(it becomes PENDING\\), run monarch repair development.*"),
                validate.out());
        assertTrue(validate.out().contains("development: 0 migrations pending, 2 problems to deal with as WHY says"), validate.out());
        assertFalse(validate.out().contains("retries") || validate.out().contains("does not mend"),
                "one story of what migrate does: " + validate.out());
        TestProject.Run list = project.run("list_migrations", "development");
        assertTrue(list.out().contains(GONE + ": tracked here, but its source file is gone") && list.out().contains(
                FAILS + ": failed: java.lang.IllegalStateException: boom. migrate runs it again; to clear the failure instead "
                        + "(it becomes PENDING), run monarch repair development"), list.out());

        TestProject.Run repair = project.run("repair", "development");
        assertEquals(0, repair.exitCode(), repair.all());
        assertTrue(repair.out().contains("DELETED  " + GONE + "  (its source file is gone; kept in the history"), repair.out());
        assertTrue(repair.out().contains("CLEARED  " + FAILS + "  (it failed: java.lang.IllegalStateException: boom; "
                + "it is PENDING, and migrate runs it)"), repair.out());
        assertTrue(repair.out().contains("repaired development: 1 migration recorded DELETED, 1 failure cleared"), repair.out());

        TestProject.Run after = project.run("list_migrations", "development");
        assertTrue(after.out().matches("(?s).*" + GONE + "\\s+DELETED\\s+20\\d\\d-.*"), "still in the history, with when it was applied: "
                + after.out());
        assertTrue(after.out().matches("(?s).*" + FAILS + "\\s+PENDING.*"), after.out());
        assertFalse(after.out().contains("monarch repair"), "nothing left to repair: " + after.out());
        TestProject.Run pending = project.run("validate", "development");
        assertEquals(4, pending.exitCode(), "a DELETED migration is no problem; the cleared one is pending: " + pending.all());

        project.migration(FAILS, insert("fixed"));
        TestProject.Run migrate = project.run("migrate", "development");
        assertEquals(0, migrate.exitCode(), migrate.all());
        assertTrue(migrate.out().contains("APPLIED  " + FAILS) && !migrate.out().contains(GONE), migrate.out());
        assertEquals(0, project.run("validate", "development").exitCode());
        assertEquals("DELETED", project.read("development", db -> db.getCollection("monarch_migrations")
                .find(new Document("name", GONE)).first().getString("state")));
        TestProject.Run again = project.run("repair", "development");
        assertEquals(0, again.exitCode(), again.all());
        assertTrue(again.out().contains("development needs no repair: no migration is MISSING or FAILED"), again.out());
    }

    @Test
    void aProtectedEnvironmentIsRepairedOnlyWithForceAndItsName() throws Exception {
        brokenHistory();
        Path settings = dir.resolve("migrations/settings.yml");
        Files.writeString(settings, Files.readString(settings).replace("database: app_dev", "database: app_dev\n    protected: true"));
        TestProject project = new TestProject(dir);
        for (String[] refused : new String[][]{{"repair", "development"}, {"repair", "development", "--force"},
                {"repair", "development", "--force", "--confirm", "staging"}}) {
            TestProject.Run run = project.run(refused);
            assertEquals(3, run.exitCode(), String.join(" ", refused) + ": " + run.all());
            assertTrue(run.err().contains(refused.length == 2 ? "development is protected: changing its migration history needs "
                    + "--force, and typing its name when asked (with no terminal: --force --confirm development)"
                    : "is not 'development'; nothing was changed"), run.err());
        }
        assertEquals(3, project.run("validate", "development").exitCode(), "nothing was changed");
        TestProject.Run forced = project.run("repair", "development", "--force", "--confirm", "development");
        assertEquals(0, forced.exitCode(), forced.all());
        assertEquals(4, project.run("validate", "development").exitCode(), "no problem left, the cleared one pending");
    }

    @Test
    void theLibraryRepairsAndADeletedMigrationWhoseFileComesBackIsNotRunAgain() throws Exception {
        TestProject project = brokenHistory();
        Monarch monarch = Monarch.load(project.settingsFile());
        RepairResult result = monarch.repair("development", RepairOptions.DEFAULT);
        assertEquals(List.of(GONE), result.deleted().stream().map(MigrationStatus::name).toList());
        assertEquals(List.of(FAILS), result.cleared().stream().map(MigrationStatus::name).toList());
        assertEquals(MigrationState.FAILED, result.cleared().get(0).state(), "each as it stood before");
        assertFalse(monarch.repair("development").changed());

        project.migration(GONE, insert("gone"));   // the file comes back: repair said it went, so migrate leaves it
        project.migration(FAILS, insert("fixed"));
        assertEquals(List.of(FAILS), monarch.migrate("development").ran().stream().map(r -> r.name()).toList());
        assertEquals(ExitCode.REFUSED, monarch.validate("development").exitCode());
        TestProject.Run validate = project.run("validate", "development");
        assertTrue(validate.out().contains("recorded DELETED by monarch repair, but its source is back: migrate skips it. Delete "
                + "the file again, or run it with monarch migrate_one " + GONE + " development"), validate.out());

        MonarchException unknown = assertThrows(MonarchException.class, () -> monarch.repair("staging"));
        assertEquals(ExitCode.USAGE, unknown.exitCode());
    }

    /** After a copy (or restore), a history naming a migration this project lacks: newer code, or a file deleted. */
    @Test
    void aCopiedHistoryNamingAGoneMigrationSaysBothPossibilities() throws Exception {
        TestProject project = TestProject.embedded(dir).settings("""
                environments:
                  development:
                    uri: embedded:.monarch/development
                    database: app_dev
                  review:
                    uri: embedded:.monarch/review
                    database: app_review
                """).migration("M20260101000001_One", insert("one")).migration(GONE, insert("gone"));
        assertEquals(0, project.run("migrate", "development").exitCode());
        Files.delete(dir.resolve("migrations/" + GONE + ".java"));
        TestProject.Run copy = project.run("copy_db", "development:review");
        assertEquals(0, copy.exitCode(), copy.all());
        assertTrue(copy.err().contains("names migrations this project does not have: " + GONE + ". Either the data came from "
                + "newer code (bring this project up to date), or their files were deleted (if on purpose, run 'monarch repair "
                + "review' to record them DELETED)"), copy.err());
    }
}
