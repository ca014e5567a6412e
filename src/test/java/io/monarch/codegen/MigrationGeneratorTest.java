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

    /**
     * Each generated file's commented example compiles once uncommented, whatever the team's template imports: the
     * example brings its own (a repeatable one's List and Aggregates were missing).
     */
    @Test
    void theCommentedExamplesCompileOnceUncommented() throws Exception {
        TestProject project = TestProject.embedded(dir)
                .write("templates/migration.yml", "header: |\n  Ours.\nimports:\n  - org.bson.Document\n")
                .write("templates/query_set.yml", "header: |\n  Ours.\nimports: []\n");
        for (String[] command : new String[][]{{"generate", "add_indexes"}, {"generate", "--repeatable", "orders_view"},
                {"generate_query_set", "open_orders"}}) {
            assertEquals(0, project.run(command).exitCode(), String.join(" ", command));
        }
        try (Stream<Path> files = Files.walk(dir.resolve("migrations"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                // the example's lines: code after "// ", not the sentences that introduce it
                Files.writeString(file, Files.readString(file).replaceAll("(?m)^(\\s*)// (db\\.|context\\.|String )", "$1$2"));
            }
        }
        TestProject.Run migrate = project.run("migrate", "development");
        assertEquals(0, migrate.exitCode(), migrate.all());
        assertTrue(migrate.out().contains("APPLIED  R_OrdersView"), migrate.out());
        assertTrue(project.names("development").contains("orders_view"), project.names("development").toString());
        TestProject.Run querySets = project.run("list_query_sets");
        assertEquals(0, querySets.exitCode(), querySets.all());
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
