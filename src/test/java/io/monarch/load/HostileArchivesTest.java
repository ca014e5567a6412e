package io.monarch.load;

import io.monarch.support.Mongodump;
import io.monarch.support.TestProject;
import org.bson.BsonDocument;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static io.monarch.support.Mongodump.doc;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Archives crafted to hurt: names MongoDB does not take, monarch's own collections arriving with the data, and user
 * collections named with monarch's reserved staging prefix. Names are checked before anything changes; monarch's
 * own collections from outside are never trusted blindly; a prefix alone never gets user data dropped.
 */
class HostileArchivesTest {
    private static final List<BsonDocument> USERS = List.of(doc("{_id: 1, email: 'ada@example.com'}"));

    @TempDir
    Path dir;
    TestProject project;

    @BeforeEach
    void targetWithACollection() {
        project = TestProject.embedded(dir);
        project.with("development", db -> db.getCollection("keepme").insertOne(new org.bson.Document("_id", "kept")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ".hidden", "a$b", "nul\0name"})
    void aCollectionNameMongoDbDoesNotTakeIsRefusedBeforeAnythingChanges(String name) throws Exception {
        Path archive = Mongodump.archive(dir.resolve("bad.archive")).database("app").collection("users", USERS)
                .collection(name, List.of(doc("{_id: 2}"))).write().path();
        TestProject.Run run = project.run("restore", archive + ":development");
        assertEquals(1, run.exitCode(), run.all());
        assertTrue(run.err().contains("bad.archive") && run.err().contains("collection name"), run.err());
        assertFalse(run.err().contains("Exception"), run.err());
        assertEquals(Map.of("keepme", List.of(doc("{_id: 'kept'}"))), project.contents("development"), "nothing changed");
        TestProject.Run status = project.run("status", "development");
        assertEquals(0, status.exitCode(), "later commands are not stuck: " + status.all());
        assertEquals(0, project.run("restore", Mongodump.archive(dir.resolve("good.archive")).database("app")
                .collection("users", USERS).write().path() + ":development").exitCode());
    }

    @Test
    void aRunRecordStuckInASwapThatCannotBeFinishedIsSetAsideAndNothingElseFails() throws Exception {
        project.with("development", db -> db.getCollection("monarch_migrations_lock").insertOne(new org.bson.Document("_id", "run:0badc0de")
                .append("operation", "restore").append("source", "crafted.archive").append("user", "someone").append("host", "elsewhere")
                .append("pid", 1).append("startedAt", new java.util.Date(0)).append("heartbeatAt", new java.util.Date(0))
                .append("phase", "swapping").append("plan", org.bson.Document.parse(
                        "{renames: [{from: 'monarch_staging_0badc0de_users', to: ''}], views: [], keep: null}"))));
        project.with("development", db -> db.getCollection("monarch_staging_0badc0de_users").insertOne(new org.bson.Document("_id", 1)));
        TestProject.Run status = project.run("status", "development");
        assertEquals(0, status.exitCode(), status.all());
        assertTrue(status.all().contains("set aside as 'broken:0badc0de'") && status.all().contains("during its swap"), status.all());
        TestProject.Run again = project.run("status", "development");
        assertEquals(0, again.exitCode(), again.all());
        TestProject.Run restore = project.run("restore", Mongodump.archive(dir.resolve("good.archive")).database("app")
                .collection("users", USERS).write().path() + ":development");
        assertEquals(0, restore.exitCode(), restore.all());
        assertEquals(USERS, project.contents("development").get("users"));
    }

    @Test
    void aTrackingCollectionOfOtherDocumentsIsLeftOutAndTheTargetKeepsItsHistory() throws Exception {
        project.migration("M20260101000000_First", "");
        assertEquals(0, project.run("migrate", "development").exitCode());
        Path archive = Mongodump.archive(dir.resolve("foreign.archive")).database("app").collection("users", USERS)
                .collection("monarch_migrations", List.of(doc("{_id: 1, whatever: true}")))
                .collection("monarch_migrations_lock", List.of(doc("{_id: 'lock', owner: 'someone'}"))).write().path();
        TestProject.Run run = project.run("restore", archive + ":development");
        assertEquals(0, run.exitCode(), run.all());
        assertTrue(run.err().contains("left out: monarch_migrations of the source"), run.err());
        assertTrue(run.err().contains("left out: monarch_migrations_lock"), run.err());
        assertEquals(USERS, project.contents("development").get("users"));
        TestProject.Run list = project.run("list_migrations", "development");
        assertEquals(0, list.exitCode(), list.all());
        assertTrue(list.out().contains("M20260101000000_First"), list.out());
        assertEquals(0, project.run("validate", "development").exitCode(), "the target's own history is intact");
    }

    @Test
    void aUserCollectionWithTheStagingPrefixIsBackedUpRestoredAndNeverDropped() throws Exception {
        project.settings("""
                environments:
                  development:
                    uri: embedded:.monarch/development
                    database: app_dev
                  other:
                    uri: embedded:.monarch/development
                    database: app_other
                backups:
                  local:
                    path: backups
                migrations:
                  lock_wait_seconds: 2
                """);
        project.with("development", db -> db.getCollection("monarch_staging_abc123_notes").insertOne(new org.bson.Document("_id", "mine")));
        TestProject.Run backup = project.run("backup", "development", "--quiet");
        assertEquals(0, backup.exitCode(), backup.all());
        assertTrue(backup.out().contains("2 documents"), "the prefixed collection is data like any other: " + backup.out());
        String name = backup.out().lines().findFirst().orElseThrow().split("\\s+")[1];
        TestProject.Run restore = project.run("restore", name + ":other");
        assertEquals(0, restore.exitCode(), restore.all());
        assertEquals(List.of(doc("{_id: 'mine'}")), project.contents("other").get("monarch_staging_abc123_notes"));
        assertEquals(0, project.run("status", "other").exitCode());
        assertEquals(0, project.run("status", "development").exitCode());
        assertEquals(List.of(doc("{_id: 'mine'}")), project.contents("other").get("monarch_staging_abc123_notes"), "not dropped later");
        assertEquals(List.of(doc("{_id: 'mine'}")), project.contents("development").get("monarch_staging_abc123_notes"));
    }
}
