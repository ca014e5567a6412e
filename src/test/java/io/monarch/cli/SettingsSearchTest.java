package io.monarch.cli;

import io.monarch.support.ChildJvm;
import io.monarch.support.TestProject.Run;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * monarch run from a folder, as a user types it: it finds migrations/settings.yml upward, and says where it looked
 * when there is none. Each run is a second JVM started in that folder (the folder a process runs in is fixed).
 * The search's rules one by one: config/SettingsLocationTest.
 */
class SettingsSearchTest {
    @TempDir
    Path dir;

    @Test
    void fromAnEmptyFolderInitThenAnySubfolderFindsTheProject() throws Exception {
        Path project = Files.createDirectories(dir.resolve("shop"));
        Run none = monarch(project, null, "list_environments");
        assertEquals(2, none.exitCode(), none.all());
        assertTrue(none.err().contains("no migrations/settings.yml in " + project.toRealPath() + " or any folder above it")
                && none.err().contains("monarch init"), none.err());

        Run init = monarch(project, null, "init");
        assertEquals(0, init.exitCode(), init.all());
        assertTrue(Files.isRegularFile(project.resolve("migrations/settings.yml")), "init writes into the working folder");

        Path deep = Files.createDirectories(project.resolve("src/main/java"));
        Run listed = monarch(deep, null, "list_environments");
        assertEquals(0, listed.exitCode(), listed.all());
        assertTrue(listed.out().contains("development"), listed.out());

        Run again = monarch(deep, null, "init");
        assertEquals(2, again.exitCode(), "init inside a project names its settings and refuses: " + again.all());
        assertTrue(again.err().contains(project.toRealPath().resolve("migrations/settings.yml") + " already exists"), again.err());
    }

    @Test
    void monarchSettingsNamesTheFileAndSettingsOptionBeatsIt() throws Exception {
        Path elsewhere = dir.resolve("elsewhere/monarch.yml");
        Files.createDirectories(elsewhere.getParent());
        Files.writeString(elsewhere, "environments:\n  from_variable:\n    uri: embedded:memory\n    database: a\n");
        Path named = dir.resolve("named.yml");
        Files.writeString(named, "environments:\n  from_option:\n    uri: embedded:memory\n    database: b\n");
        Path work = Files.createDirectories(dir.resolve("work"));

        Run byVariable = monarch(work, elsewhere.toString(), "list_environments");
        assertEquals(0, byVariable.exitCode(), byVariable.all());
        assertTrue(byVariable.out().contains("from_variable"), byVariable.out());

        Run byOption = monarch(work, elsewhere.toString(), "list_environments", "--settings", named.toString());
        assertEquals(0, byOption.exitCode(), byOption.all());
        assertTrue(byOption.out().contains("from_option") && !byOption.out().contains("from_variable"), byOption.out());
    }

    /** {@code monarch <args>} in {@code folder}, with MONARCH_SETTINGS set to {@code variable} (null: unset). */
    private Run monarch(Path folder, String variable, String... args) throws IOException, InterruptedException {
        ProcessBuilder builder = ChildJvm.monarch(args).directory(folder.toFile());
        builder.environment().remove("MONARCH_SETTINGS");
        if (variable != null) {
            builder.environment().put("MONARCH_SETTINGS", variable);
        }
        Path out = Files.createTempFile(dir, "out", ".txt");
        Path err = Files.createTempFile(dir, "err", ".txt");
        Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!process.waitFor(2, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            fail("monarch " + String.join(" ", args) + " still running after 2 minutes");
        }
        return new Run(process.exitValue(), Files.readString(out), Files.readString(err));
    }
}
