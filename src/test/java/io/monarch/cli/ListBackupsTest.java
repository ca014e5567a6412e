package io.monarch.cli;

import io.monarch.support.TestProject;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** list_backups --env and prune --env take an environment's name as every command does: a typo is exit 2, not "no backups". */
class ListBackupsTest {
    @TempDir
    Path dir;

    @Test
    void anEnvironmentNoOneKnowsIsExit2NamingTheEnvironments() {
        TestProject project = TestProject.embedded(dir);
        project.with("development", db -> db.getCollection("notes").insertOne(new Document("text", "kept")));
        assertEquals(0, project.run("backup", "development", "--quiet").exitCode());

        for (String[] command : new String[][]{{"list_backups", "--env", "prod"}, {"list_backups", "--env", "prod", "--json"},
                {"prune", "--env", "prod", "--keep-last", "1"}}) {
            TestProject.Run run = project.run(command);
            assertEquals(2, run.exitCode(), String.join(" ", command) + ": " + run.all());
            assertTrue(run.err().contains("no environment named 'prod'") && run.err().contains("the environments are: development"),
                    run.err());
        }
        TestProject.Run none = project.run("list_backups", "--env", "development");
        assertEquals(0, none.exitCode(), none.all());
        assertTrue(none.out().contains("development__app_dev__"), none.out());
    }

    @Test
    void anEnvironmentGoneFromTheSettingsStillListsItsBackups() {
        TestProject project = TestProject.embedded(dir);
        project.with("development", db -> db.getCollection("notes").insertOne(new Document("text", "kept")));
        assertEquals(0, project.run("backup", "development", "--quiet").exitCode());
        project.settings("""
                environments:
                  dev:
                    uri: embedded:.monarch/development
                    database: app_dev
                """);
        TestProject.Run old = project.run("list_backups", "--env", "development");
        assertEquals(0, old.exitCode(), old.all());
        assertTrue(old.out().contains("development__app_dev__"), old.out());
        TestProject.Run renamed = project.run("list_backups", "--env", "dev");
        assertEquals(0, renamed.exitCode(), renamed.all());
        assertTrue(renamed.out().contains("no backups yet of dev"), renamed.out());
    }
}
