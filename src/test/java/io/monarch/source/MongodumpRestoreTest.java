package io.monarch.source;

import io.monarch.support.Mongodump;
import io.monarch.support.MongodumpArchive.Flip;
import io.monarch.support.TestProject;
import org.bson.BsonDocument;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static io.monarch.support.Mongodump.doc;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Restores of what mongodump 3.4 to 100.x write (built byte for byte as mongodump writes them, by
 * {@link Mongodump}): whole-server dumps, several databases, an oplog, escaped file names, and damaged metadata,
 * which no checksum covers and which is refused before the target changes.
 */
class MongodumpRestoreTest {
    private static final List<BsonDocument> USERS = List.of(doc("{_id: 1, email: 'ada@example.com'}"),
            doc("{_id: 2, email: 'grace@example.com'}"));
    private static final List<BsonDocument> ORDERS = List.of(doc("{_id: 10, total: 5}"));

    @TempDir
    Path dir;
    TestProject project;

    @BeforeEach
    void targetWithACollection() {
        project = TestProject.embedded(dir);
        project.with("development", db -> db.getCollection("keepme").insertOne(new org.bson.Document("_id", "kept")));
    }

    @ParameterizedTest
    @EnumSource(Mongodump.Version.class)
    void aWholeServerArchiveWithAnOplogRestoresItsOneDatabase(Mongodump.Version version) throws Exception {
        Path archive = Mongodump.archive(dir.resolve("all.archive.gz")).version(version).gzip().wholeServer()
                .database("app").collection("users", USERS, Mongodump.index("email_1", doc("{email: 1}")).unique())
                .oplog(List.of(Mongodump.oplogEntry(1700000000, 1, "i", "app.users", doc("{_id: 3}")))).write().path();
        TestProject.Run run = project.run("restore", archive + ":development");
        assertEquals(0, run.exitCode(), run.all());
        assertEquals(Map.of("users", USERS), project.contents("development"), "users only: keepme is replaced, admin left out");
        assertTrue(project.indexes("development", "users").containsKey("email_1"));
        assertTrue(run.err().contains("admin.system.version"), "says what it left out: " + run.err());
        assertTrue(run.err().contains("oplog") && run.err().contains("not replayed"), run.err());
    }

    @Test
    void aFolderOfSeveralDatabasesNeedsFromDbAndTouchesNothingWithout() throws Exception {
        Path dump = Mongodump.folder(dir.resolve("dump")).version(Mongodump.Version.V4_0).wholeServer()
                .database("db1").collection("users", USERS)
                .database("db2").collection("orders", ORDERS)
                .oplog(List.of(Mongodump.oplogEntry(1700000000, 1, "i", "db1.users", doc("{_id: 3}")))).write().path();
        TestProject.Run refused = project.run("restore", dump + ":development");
        assertEquals(2, refused.exitCode(), refused.all());
        assertTrue(refused.err().contains("several databases: db1, db2") && refused.err().contains("--from-db"), refused.err());
        assertEquals(List.of("keepme"), project.names("development"), "nothing was touched");

        TestProject.Run db2 = project.run("restore", dump + ":development", "--from-db", "db2");
        assertEquals(0, db2.exitCode(), db2.all());
        assertEquals(Map.of("orders", ORDERS), project.contents("development"));
        assertEquals(2, project.run("restore", dump + ":development", "--from-db", "db3").exitCode());
    }

    @ParameterizedTest
    @EnumSource(value = Mongodump.Version.class, names = {"V4_0", "V4_2", "V100"})
    void escapedFileNamesComeBackAsTheCollectionsNames(Mongodump.Version version) throws Exception {
        Path dump = Mongodump.folder(dir.resolve("dump")).version(version).gzip().database("test")
                .collection("cafés", USERS).collection("a/b", ORDERS).collection("a b", ORDERS)
                .write().path();
        TestProject.Run run = project.run("restore", dump + ":development");
        assertEquals(0, run.exitCode(), run.all());
        assertEquals(List.of("a b", "a/b", "cafés"), project.names("development"));
        assertEquals(USERS, project.contents("development").get("cafés"));
    }

    @Test
    void aLegacyDumpWithADecimalIndexVersionAndAViewRestores() throws Exception {
        Path dump = Mongodump.folder(dir.resolve("dump")).version(Mongodump.Version.V3_4).database("app")
                .collection("users", USERS, Mongodump.legacyIndex("email_1", doc("{email: 1.0}")))
                .view("active", "users", List.of(doc("{$match: {_id: 1}}"))).empty("none").write().path();
        TestProject.Run run = project.run("restore", dump + ":development");
        assertEquals(0, run.exitCode(), run.all());
        assertEquals(List.of("none", "users"), project.names("development"));
        assertTrue(project.indexes("development", "users").containsKey("email_1"));
        assertTrue(run.err().contains("view active was not restored"), "the embedded server has no views, and says so: " + run.err());
    }

    @Test
    void malformedMetadataIsRefusedNamingTheFileAndNothingChanges() throws Exception {
        Path dump = Mongodump.folder(dir.resolve("dump")).version(Mongodump.Version.V4_0).database("app")
                .collection("users", USERS).collection("orders", ORDERS)
                .metadataText("app.users", "{\"options\":{},\"indexes\":[{\"v\":2,\"key\":{\"_id\":1},\"name\":\"_id_\"")
                .write().path();
        assertRefused(dump.toString(), "users.metadata.json", "not valid JSON");
    }

    @Test
    void metadataWithAKeyMongodumpNeverWritesOrAnIndexWithoutKeyIsRefused() throws Exception {
        Path unknown = Mongodump.folder(dir.resolve("unknown")).database("app").collection("users", USERS)
                .editMetadata("app.users", m -> m.append("indexez", m.get("indexes"))).write().path();
        assertRefused(unknown.toString(), "'indexez'", "never writes");
        Path keyless = Mongodump.folder(dir.resolve("keyless")).database("app")
                .collection("users", USERS, Mongodump.rawIndex(doc("{v: 2, name: 'email_1'}"))).write().path();
        assertRefused(keyless.toString(), "email_1", "no key");
    }

    @Test
    void aFlippedByteWhereNoChecksumLooksIsRefused() throws Exception {
        for (Flip flip : List.of(Flip.preludeKey("app.users", "metadata"), Flip.preludeText("app.users", "unique"),
                Flip.headerKey("server_version"))) {
            Path archive = Mongodump.archive(dir.resolve("flipped.archive")).database("app")
                    .collection("users", USERS, Mongodump.index("email_1", doc("{email: 1}")).unique()).flip(flip).write().path();
            TestProject.Run run = project.run("restore", archive + ":development");
            assertEquals(1, run.exitCode(), flip + ": " + run.all());
            assertTrue(run.err().contains("damaged") && run.err().contains("was not changed"), flip + ": " + run.err());
            assertEquals(List.of("keepme"), project.names("development"));
        }
    }

    @Test
    void someCollectionsOnlyLeaveTheOthersAsTheyWere() throws Exception {
        Path dump = Mongodump.archive(dir.resolve("app.archive")).database("app").collection("users", USERS)
                .collection("orders", ORDERS).collection("accounts", ORDERS).write().path();
        TestProject.Run run = project.run("restore", dump + ":development", "--collection", "orders", "--collection", "acc*");
        assertEquals(0, run.exitCode(), run.all());
        assertEquals(List.of("accounts", "keepme", "orders"), project.names("development"));
        TestProject.Run none = project.run("restore", dump + ":development", "--collection", "nothing*");
        assertEquals(2, none.exitCode(), none.all());
        assertTrue(none.err().contains("matches no collection"), none.err());
    }

    @Test
    void valuesTheEmbeddedServerCannotStoreAreRefusedNamingTheDocument() throws Exception {
        Path dump = Mongodump.folder(dir.resolve("dump")).database("app").collection("users", USERS)
                .collection("odd", Mongodump.unusualValues()).write().path();
        assertRefused(dump.toString(), "collection odd, document _id 1: value is a binary of subtype 1", "cannot store");
        Path scope = Mongodump.archive(dir.resolve("scope.archive")).database("app")
                .collection("code", List.of(Mongodump.unusualValues().get(7))).write().path();
        assertRefused(scope.toString(), "document _id 8: value is JavaScript with scope", "cannot store");
    }

    private void assertRefused(String input, String names, String says) {
        TestProject.Run run = project.run("restore", input + ":development");
        assertEquals(1, run.exitCode(), run.all());
        assertTrue(run.err().contains(names) && run.err().contains(says), run.err());
        assertTrue(run.err().contains("development was not changed"), run.err());
        assertFalse(run.err().contains("Exception"), "no raw Java exception: " + run.err());
        assertEquals(List.of("keepme"), project.names("development"));
    }
}
