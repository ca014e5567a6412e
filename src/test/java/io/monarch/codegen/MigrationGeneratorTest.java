package io.monarch.codegen;

import io.monarch.support.TestProject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Generated migrations: unique names in the order they were generated, and a log line that names them once. */
class MigrationGeneratorTest {
    private static final Instant NOW = Instant.parse("2026-11-24T09:30:00.250Z");

    @TempDir
    Path dir;

    @Test
    void migrationsGeneratedInOneSecondGetTimestampsInTheOrderTheyWereMade() throws Exception {
        Path migrations = dir.resolve("migrations");
        Path templates = dir.resolve("templates");
        Path first = MigrationGenerator.generate(migrations, templates, "add_users", NOW);
        Path second = MigrationGenerator.generate(migrations, templates, "add_users_index", NOW);
        Path third = MigrationGenerator.generate(migrations, templates, "add_users", NOW.plusMillis(500));
        assertEquals(List.of("M20261124093000_AddUsers.java", "M20261124093001_AddUsersIndex.java", "M20261124093002_AddUsers.java"),
                Stream.of(first, second, third).map(p -> p.getFileName().toString()).toList());
        try (Stream<Path> files = Files.list(migrations)) {
            assertEquals(3, files.count());
        }
    }

    @Test
    void aMigrationDatedAheadOfTheClockIsStillFollowed() {
        Path migrations = dir.resolve("migrations");
        MigrationGenerator.generate(migrations, dir, "from_a_fast_clock", NOW.plusSeconds(3600));
        Path next = MigrationGenerator.generate(migrations, dir, "next", NOW);
        assertEquals("M20261124103001_Next.java", next.getFileName().toString());
    }

    @Test
    void aGeneratedMigrationLogsUnderItsNameOnce() throws Exception {
        TestProject project = TestProject.embedded(dir);
        assertEquals(0, project.run("generate", "add_indexes").exitCode());
        String name;
        try (Stream<Path> files = Files.list(dir.resolve("migrations"))) {
            name = files.map(p -> p.getFileName().toString()).filter(f -> f.endsWith("_AddIndexes.java")).findFirst().orElseThrow()
                    .replace(".java", "");
        }
        TestProject.Run migrate = project.run("migrate", "development");
        assertEquals(0, migrate.exitCode(), migrate.all());
        assertTrue(migrate.out().contains("  " + name + ": nothing to do yet\n"), migrate.out());
        assertTrue(!migrate.out().contains("AddIndexes: AddIndexes"), migrate.out());
    }
}
