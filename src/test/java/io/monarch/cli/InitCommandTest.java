package io.monarch.cli;

import io.monarch.support.TestProject;
import io.monarch.support.TestProject.Run;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code monarch init}: the settings, the folders, and a .gitignore for what monarch writes into the project. */
class InitCommandTest {
    @TempDir
    Path dir;

    @Test
    void initWritesAGitignoreForTheEmbeddedDataAndTheBackups() throws Exception {
        Run init = TestProject.runRaw("init", "--settings", dir.resolve("migrations/settings.yml").toString());
        assertEquals(0, init.exitCode(), init.all());
        assertTrue(Files.isDirectory(dir.resolve("migrations/querysets")));
        String ignored = Files.readString(dir.resolve(".gitignore"));
        assertTrue(ignored.lines().toList().containsAll(java.util.List.of("/.monarch/", "/backups/")), ignored);
        assertTrue(init.out().contains("wrote " + dir.resolve(".gitignore")), init.out());
    }

    @Test
    void anExistingGitignoreGetsOnlyTheLinesItLacks() throws Exception {
        Files.writeString(dir.resolve(".gitignore"), "target/\n.monarch\n*.log");   // no newline at the end
        Run init = TestProject.runRaw("init", "--settings", dir.resolve("migrations/settings.yml").toString());
        assertEquals(0, init.exitCode(), init.all());
        assertEquals("target/\n.monarch\n*.log\n\n# monarch: embedded environments' data and compiled migrations, and local backups\n/backups/\n",
                Files.readString(dir.resolve(".gitignore")));

        // a second project's init in the same folder (another settings file) adds nothing more
        Run again = TestProject.runRaw("init", "--settings", dir.resolve("migrations/other.yml").toString());
        assertEquals(0, again.exitCode(), again.all());
        assertTrue(!again.out().contains(".gitignore"), again.out());
        assertEquals(1, Files.readString(dir.resolve(".gitignore")).lines().filter(l -> l.equals("/backups/")).count());
    }

    @Test
    void initRefusesToOverwriteSettings() throws Exception {
        TestProject.embedded(dir);
        Run init = TestProject.runRaw("init", "--settings", dir.resolve("migrations/settings.yml").toString());
        assertEquals(2, init.exitCode(), init.all());
        assertTrue(init.err().contains("already exists; nothing was changed"), init.err());
        assertTrue(!Files.exists(dir.resolve(".gitignore")), "nothing was written");
    }
}
