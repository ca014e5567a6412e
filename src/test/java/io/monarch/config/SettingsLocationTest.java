package io.monarch.config;

import io.monarch.api.ExitCode;
import io.monarch.api.MonarchException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Which settings file a command means: --settings, else MONARCH_SETTINGS, else the nearest migrations/settings.yml upward. */
class SettingsLocationTest {
    @TempDir
    Path dir;
    Path project;
    Path deep;

    @BeforeEach
    void aProjectWithSubfolders() throws IOException {
        assumeTrue(SettingsLocation.search(dir).isEmpty(), "a migrations/settings.yml above " + dir + " would be found first");
        project = dir.resolve("shop");
        deep = Files.createDirectories(project.resolve("src/main/java"));
        touch(project.resolve("migrations/settings.yml"));
    }

    @Test
    void theProjectFolderItselfFindsItsOwn() {
        assertEquals(project.resolve("migrations/settings.yml"), SettingsLocation.find(null, null, project));
    }

    @Test
    void aSubfolderFindsTheProjectsSettingsAsGitFindsDotGit() {
        assertEquals(project.resolve("migrations/settings.yml"), SettingsLocation.find(null, null, deep));
        // inside migrations/ too: migrations/migrations/settings.yml is not there, ../migrations/settings.yml is
        assertEquals(project.resolve("migrations/settings.yml"), SettingsLocation.find(null, null, project.resolve("migrations")));
    }

    @Test
    void theNearestProjectWins() throws IOException {
        Path inner = project.resolve("tools/reports");
        touch(inner.resolve("migrations/settings.yml"));
        Files.createDirectories(inner.resolve("lib"));
        assertEquals(inner.resolve("migrations/settings.yml"), SettingsLocation.find(null, null, inner.resolve("lib")));
    }

    @Test
    void settingsOptionBeatsTheVariableWhichBeatsTheSearch() throws IOException {
        Path other = touch(dir.resolve("elsewhere/monarch.yml"));
        Path named = touch(dir.resolve("named.yml"));
        assertEquals(other, SettingsLocation.find(null, other.toString(), deep));
        assertEquals(named, SettingsLocation.find(named, other.toString(), deep));
        assertEquals(deep.resolve("relative.yml"), SettingsLocation.find(Path.of("relative.yml"), null, deep), "relative to the working folder");
    }

    @Test
    void aVariableNamingNoFileSaysSo() {
        MonarchException e = assertThrows(MonarchException.class,
                () -> SettingsLocation.find(null, dir.resolve("gone.yml").toString(), deep));
        assertEquals(ExitCode.USAGE, e.exitCode());
        assertTrue(e.getMessage().contains("MONARCH_SETTINGS is " + dir.resolve("gone.yml")), e.getMessage());
    }

    @Test
    void noneFoundSaysWhereItLookedAndWhatToDo() throws IOException {
        Path empty = Files.createDirectories(dir.resolve("empty/sub"));
        MonarchException e = assertThrows(MonarchException.class, () -> SettingsLocation.find(null, null, empty));
        assertEquals(ExitCode.USAGE, e.exitCode());
        assertTrue(e.getMessage().contains("no migrations/settings.yml in " + empty + " or any folder above it"), e.getMessage());
        assertTrue(e.getMessage().contains("monarch init") && e.getMessage().contains("--settings"), e.getMessage());
    }

    @Test
    void initWritesIntoTheWorkingFolderUnlessAProjectIsFoundOrNamed() throws IOException {
        Path empty = Files.createDirectories(dir.resolve("empty"));
        assertEquals(empty.resolve("migrations/settings.yml"), SettingsLocation.forInit(null, null, empty));
        // inside a project, init names the project's file (and then refuses to overwrite it)
        assertEquals(project.resolve("migrations/settings.yml"), SettingsLocation.forInit(null, null, deep));
        assertEquals(empty.resolve("x.yml"), SettingsLocation.forInit(null, "x.yml", empty), "MONARCH_SETTINGS names where init writes");
        assertEquals(empty.resolve("y.yml"), SettingsLocation.forInit(Path.of("y.yml"), "x.yml", empty));
    }

    private static Path touch(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, "environments: {}\n");
        return file;
    }
}
