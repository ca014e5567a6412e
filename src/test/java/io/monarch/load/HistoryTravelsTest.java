package io.monarch.load;

import io.monarch.support.Mongodump;
import io.monarch.support.TestProject;
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static io.monarch.support.Mongodump.doc;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Migration history travels with the data: a backup's manifest records the source's migrations and its archive
 * keeps the tracking collection; restore and copy_db bring it along and say where the target now stands.
 */
class HistoryTravelsTest {
    private static final String M1 = "M20260101000001_CreateUsers";
    private static final String M2 = "M20260101000002_AddPlan";
    private static final String M3 = "M20260101000003_AddRegion";

    @TempDir
    Path dir;
    TestProject project;

    @BeforeEach
    void productionAtM2DevelopmentAtM3() {
        project = new TestProject(dir).settings("""
                environments:
                  development:
                    uri: embedded:.monarch/development
                    database: app_dev
                  production:
                    uri: embedded:.monarch/production
                    database: app
                backups:
                  local:
                    path: backups
                """);
        project.migration(M1, "db.getCollection(\"users\").insertOne(new Document(\"_id\", \"ada\"));");
        project.migration(M2, "db.getCollection(\"plans\").insertOne(new Document(\"_id\", \"free\"));");
        assertEquals(0, project.run("migrate", "production").exitCode());
        project.migration(M3, "db.getCollection(\"regions\").updateOne(new Document(\"_id\", \"eu\"), "
                + "new Document(\"$set\", new Document(\"n\", 1)), new UpdateOptions().upsert(true));");
        assertEquals(0, project.run("migrate", "development").exitCode());
    }

    @Test
    void aRestoreBringsTheBackupsHistoryAndSaysWhatIsPending() throws Exception {
        assertEquals(0, project.run("backup", "production").exitCode());
        String name = backupName();
        TestProject.Run list = project.run("list_backups");
        assertTrue(list.out().contains("LAST MIGRATION") && list.out().contains(M2), list.out());
        assertTrue(project.run("list_backups", "--json").out().contains("\"lastMigration\": \"" + M2 + "\""));

        TestProject.Run restore = project.run("restore", name + ":development");
        assertEquals(0, restore.exitCode(), restore.all());
        assertTrue(restore.out().contains("development's data is at " + M2 + "; 1 migration of this project is pending"
                + " — run 'monarch migrate development'"), restore.out());
        assertEquals(List.of(M1, M2), applied("development"), "the history is the backup's, not development's");
        TestProject.Run migrate = project.run("migrate", "development");
        assertEquals(0, migrate.exitCode(), migrate.all());
        assertTrue(migrate.out().contains(M3) && !migrate.out().contains(M1), migrate.out());
    }

    @Test
    void aHistoryFromNewerCodeShowsItsMigrationsAsMissing() throws Exception {
        assertEquals(0, project.run("backup", "development").exitCode());
        Files.delete(dir.resolve("migrations/" + M3 + ".java"));
        TestProject.Run restore = project.run("restore", backupName() + ":production");
        assertEquals(0, restore.exitCode(), restore.all());
        assertTrue(restore.err().contains("names migrations this project does not have") && restore.err().contains(M3),
                restore.err());
    }

    @Test
    void copyDbBringsTheSourcesHistory() {
        TestProject.Run copy = project.run("copy_db", "production:development");
        assertEquals(0, copy.exitCode(), copy.all());
        assertEquals(List.of(M1, M2), applied("development"));
        assertTrue(copy.out().contains("1 migration of this project is pending"), copy.out());
    }

    @Test
    void aDumpWithoutHistoryKeepsTheTargetsAndSaysItMayNotMatch() throws Exception {
        Path dump = Mongodump.archive(dir.resolve("plain.archive")).database("app")
                .collection("users", List.of(doc("{_id: 'grace'}"))).write().path();
        TestProject.Run restore = project.run("restore", dump + ":development");
        assertEquals(0, restore.exitCode(), restore.all());
        assertTrue(restore.out().contains("holds no migration history, so development keeps its own"), restore.out());
        assertEquals(List.of(M1, M2, M3), applied("development"));
    }

    private List<String> applied(String environment) {
        return project.read(environment, db -> db.getCollection("monarch_migrations").find(new Document("state", "APPLIED"))
                .map(d -> d.getString("name")).into(new ArrayList<>())).stream().sorted().toList();
    }

    private String backupName() throws Exception {
        try (Stream<Path> files = Files.list(dir.resolve("backups"))) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".json")).findFirst().orElseThrow()
                    .replace(".json", "");
        }
    }
}
