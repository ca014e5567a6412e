package io.monarch.migrate;

import io.monarch.Monarch;
import io.monarch.api.MigrateOptions;
import io.monarch.api.MigrationRun;
import io.monarch.api.MigrationState;
import io.monarch.api.MigrationStatus;
import io.monarch.api.RollbackOptions;
import io.monarch.support.TestProject;
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** migrate --to / --count, rollback --count / --all, and rollback of a changed migration, as a user types them. */
class TargetsAndStepsTest {
    @TempDir
    Path dir;
    TestProject project;

    @BeforeEach
    void fiveSteps() {
        project = TestProject.embedded(dir);
        for (int i = 1; i <= 5; i++) {
            step(i, "");
        }
    }

    private void step(int i, String extra) {
        project.migration(name(i), "db.getCollection(\"steps\").insertOne(new Document(\"_id\", " + i + "));" + extra,
                "db.getCollection(\"steps\").deleteOne(Filters.eq(\"_id\", " + i + "));");
    }

    private static String name(int i) {
        return "M2026010100000" + i + "_Step" + i;
    }

    private List<Integer> steps() {
        return project.read("development", db -> db.getCollection("steps").find().sort(new Document("_id", 1))
                .map(d -> d.getInteger("_id")).into(new ArrayList<>()));
    }

    @Test
    void migrateToAppliesUpToAndIncludingItAndCountTheNextN() {
        TestProject.Run to = project.run("migrate", "development", "--to", name(2));
        assertEquals(0, to.exitCode(), to.all());
        assertEquals(List.of(1, 2), steps());
        TestProject.Run again = project.run("migrate", "development", "--to", name(2));
        assertTrue(again.out().contains("nothing to apply to development up to " + name(2)), again.out());

        TestProject.Run count = project.run("migrate", "development", "--count", "2");
        assertEquals(0, count.exitCode(), count.all());
        assertEquals(List.of(1, 2, 3, 4), steps());
        TestProject.Run dry = project.run("migrate", "development", "--count", "5", "--dry-run");
        assertTrue(dry.out().contains(name(5)), dry.out());
        assertEquals(0, project.run("migrate", "development").exitCode());
        assertEquals(List.of(1, 2, 3, 4, 5), steps());
    }

    @Test
    void badTargetsAreUsageErrors() {
        TestProject.Run both = project.run("migrate", "development", "--to", name(2), "--count", "1");
        assertEquals(2, both.exitCode(), both.all());
        assertTrue(both.err().contains("give --to or --count, not both"), both.err());
        TestProject.Run unknown = project.run("migrate", "development", "--to", "M20990101000000_Nope");
        assertEquals(2, unknown.exitCode(), unknown.all());
        assertTrue(unknown.err().contains("no migration named 'M20990101000000_Nope'"), unknown.err());
        TestProject.Run zero = project.run("migrate", "development", "--count", "0");
        assertEquals(2, zero.exitCode(), "--count 0 is not 'all': " + zero.all());
        assertTrue(zero.err().contains("--count must be 1 or more, not 0"), zero.err());
        assertEquals(2, project.run("rollback", "development", "--count", "0").exitCode());
        TestProject.Run rollbackBoth = project.run("rollback", "development", "--all", "--count", "2");
        assertEquals(2, rollbackBoth.exitCode(), rollbackBoth.all());
        assertEquals(List.of(), steps(), "nothing ran");
    }

    @Test
    void rollbackCountUndoesTheNewestNAndAllUndoesEverything() {
        assertEquals(0, project.run("migrate", "development").exitCode());
        TestProject.Run two = project.run("rollback", "development", "--count", "2");
        assertEquals(0, two.exitCode(), two.all());
        assertTrue(two.out().indexOf("ROLLED_BACK  " + name(5)) < two.out().indexOf("ROLLED_BACK  " + name(4)), "newest first: " + two.out());
        assertEquals(List.of(1, 2, 3), steps());

        TestProject.Run all = project.run("rollback", "development", "--all");
        assertEquals(0, all.exitCode(), all.all());
        assertEquals(List.of(), steps());
        TestProject.Run nothing = project.run("rollback", "development", "--all");
        assertTrue(nothing.out().contains("nothing to roll back"), nothing.out());
    }

    @Test
    void aRolledBackRowShowsItsRollbackTimeInItsOwnColumnNotUnderAppliedAt() {
        assertEquals(0, project.run("migrate", "development", "--count", "2").exitCode());
        TestProject.Run before = project.run("list_migrations", "development");
        assertTrue(!before.out().contains("ROLLED BACK AT"), "no rollback, no column: " + before.out());
        assertEquals(0, project.run("rollback", "development").exitCode());

        TestProject.Run list = project.run("list_migrations", "development");
        String header = list.out().lines().findFirst().orElseThrow();
        assertTrue(header.matches("NAME\\s+STATE\\s+APPLIED AT\\s+ROLLED BACK AT\\s+TOOK\\s+DRIFT"), header);
        String row = list.out().lines().filter(l -> l.startsWith(name(2))).findFirst().orElseThrow();
        assertTrue(row.matches(name(2) + "\\s+ROLLED_BACK\\s+-\\s+\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\dZ\\s+\\d+ ms"), row);
        String applied = list.out().lines().filter(l -> l.startsWith(name(1))).findFirst().orElseThrow();
        assertTrue(applied.matches(name(1) + "\\s+APPLIED\\s+\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\dZ\\s+-\\s+\\d+ ms"), applied);

        List<MigrationStatus> rows = Monarch.load(project.settingsFile()).listMigrations("development");
        assertNull(rows.get(1).appliedAt());
        assertNotNull(rows.get(1).rolledBackAt());
        assertNotNull(rows.get(0).appliedAt());
    }

    @Test
    void rollbackOfAChangedMigrationIsRefusedUnlessAccepted() {
        assertEquals(0, project.run("migrate", "development").exitCode());
        step(5, "/* changed */");
        TestProject.Run refused = project.run("rollback", "development");
        assertEquals(3, refused.exitCode(), refused.all());
        assertTrue(refused.err().contains(name(5) + " changed since it was applied") && refused.err().contains("--accept-changed"),
                refused.err());
        assertEquals(List.of(1, 2, 3, 4, 5), steps(), "nothing was rolled back");
        TestProject.Run older = project.run("rollback", "development", "--to", name(3));
        assertEquals(3, older.exitCode(), "the changed one is in the range too: " + older.all());

        TestProject.Run accepted = project.run("rollback", "development", "--accept-changed");
        assertEquals(0, accepted.exitCode(), accepted.all());
        assertEquals(List.of(1, 2, 3, 4), steps());
    }

    @Test
    void theLibraryOffersTheSameTargets() {
        Monarch monarch = Monarch.load(project.settingsFile());
        assertEquals(List.of(name(1), name(2), name(3)), monarch.migrate("development", MigrateOptions.DEFAULT.withTo(name(3)))
                .ran().stream().map(MigrationRun::name).toList());
        assertEquals(List.of(name(4)), monarch.migrate("development", MigrateOptions.DEFAULT.withCount(1))
                .ran().stream().map(MigrationRun::name).toList());
        List<MigrationRun> undone = monarch.rollback("development", RollbackOptions.newest(2));
        assertEquals(List.of(name(4), name(3)), undone.stream().map(MigrationRun::name).toList());
        assertTrue(undone.stream().allMatch(r -> r.state() == MigrationState.ROLLED_BACK));
        assertEquals(List.of(name(2), name(1)), monarch.rollback("development", RollbackOptions.ALL)
                .stream().map(MigrationRun::name).toList());
    }
}
