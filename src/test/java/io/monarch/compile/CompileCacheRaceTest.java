package io.monarch.compile;

import io.monarch.support.ChildJvm;
import io.monarch.support.TestProject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Ten processes started at once on one project with no compiled-classes cache all compile the same sources
 * into the same cache: each must load its migrations, whichever process's classes it ends up with. (One
 * process used to delete a cache folder another was loading from: "does not declare class".)
 */
class CompileCacheRaceTest {
    private static final int PROCESSES = 10;
    private static final List<String> MIGRATIONS = List.of("M20260101000001_CreateUsers", "M20260101000002_AddIndexes",
            "M20260101000003_Backfill");

    @TempDir
    Path dir;

    @Test
    void tenProcessesCompilingAtOnceAllLoadTheirMigrations() throws Exception {
        // embedded:memory: each process has its own in-process server, so only the cache is shared
        TestProject project = new TestProject(dir).settings("""
                environments:
                  development:
                    uri: embedded:memory
                    database: app
                """);
        for (String name : MIGRATIONS) {
            project.migration(name, "db.getCollection(\"things\").insertOne(new Document(\"by\", \"" + name + "\"));");
        }
        Path cache = dir.resolve(".monarch/classes");
        assertFalse(Files.exists(cache));

        List<Process> processes = new ArrayList<>();
        for (int i = 0; i < PROCESSES; i++) {
            // a quicker start: these processes do little but compile and list
            ProcessBuilder child = ChildJvm.monarch(List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xss1m"),
                    "list_migrations", "development", "--settings", project.settingsFile().toString());
            processes.add(child.redirectErrorStream(true).start());
        }
        List<CompletableFuture<String>> outputs = processes.stream().map(p -> CompletableFuture.supplyAsync(() -> {
            try {
                return new String(p.getInputStream().readAllBytes());
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        })).toList();
        for (int i = 0; i < PROCESSES; i++) {
            Process process = processes.get(i);
            assertTrue(process.waitFor(5, TimeUnit.MINUTES), "process " + i + " did not end");
            String output = outputs.get(i).get();
            assertEquals(0, process.exitValue(), "process " + i + ": " + output);
            assertFalse(output.contains("does not declare class"), output);
            for (String name : MIGRATIONS) {
                assertTrue(output.contains(name), "process " + i + " lists " + name + ": " + output);
            }
        }
        try (Stream<Path> folders = Files.list(cache)) {
            List<String> names = folders.map(p -> p.getFileName().toString()).toList();
            assertEquals(MIGRATIONS.size(), names.size(), "one folder per source, no temporary folder left: " + names);
        }
    }
}
