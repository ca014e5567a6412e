package io.monarch.load;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import io.monarch.support.ChildJvm;
import io.monarch.support.InProcessMongo;
import io.monarch.support.TestData;
import io.monarch.support.TestProject;
import org.bson.BsonDocument;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A restore or copy killed outright (kill -9: no chance to clean up) at any point leaves nothing that the next
 * command on the target does not clean up, and never a target half old and half new: killed while loading, its
 * staging collections are dropped; killed between two renames, its swap is finished. And none of them runs
 * while another command holds the environment's lock.
 */
class KilledLoadTest {
    private static final int EVENTS = 40_000;

    @RegisterExtension
    final InProcessMongo mongo = new InProcessMongo();
    @TempDir
    Path dir;
    TestProject project;
    MongoClient client;

    @BeforeEach
    void sourceAndTarget() {
        client = mongo.client();
        MongoDatabase source = client.getDatabase("app");
        String filler = "x".repeat(1000);
        for (int batch = 0; batch < EVENTS / 2000; batch++) {
            List<Document> documents = new ArrayList<>();
            for (int i = 0; i < 2000; i++) {
                documents.add(new Document("_id", batch * 2000 + i).append("filler", filler));
            }
            source.getCollection("events").insertMany(documents);
        }
        for (String small : List.of("accounts", "orders", "plans")) {
            source.getCollection(small).insertOne(new Document("_id", small + " from production"));
        }
        MongoDatabase target = client.getDatabase("target");
        target.getCollection("events").insertOne(new Document("_id", "before the restore"));
        target.getCollection("accounts").insertOne(new Document("_id", "old account"));
        target.getCollection("only_in_target").insertOne(new Document("_id", "old"));
        project = new TestProject(dir).settings("""
                environments:
                  production:
                    uri: %s
                    database: app
                  staging:
                    uri: %s
                    database: target
                backups:
                  local:
                    path: backups
                migrations:
                  lock_ttl_seconds: 1
                  lock_wait_seconds: 1
                """.formatted(mongo.uri(), mongo.uri()));
    }

    @AfterEach
    void disconnect() {
        client.close();
    }

    @Test
    void aRestoreKilledWhileLoadingKeepsWhatItLoadedForResumeWhichLoadsOnlyTheRest() throws Exception {
        Map<String, List<BsonDocument>> before = target();
        String name = backup();
        Process restore = startRestore(List.of(), name);
        // the small collections are in (the archive holds them first), events is loading
        awaitTarget(db -> run(db) != null && run(db).getList("finished", Object.class, List.of()).size() >= 1
                && stagingDocuments(db) >= 5000, restore);
        restore.destroyForcibly().waitFor();
        int loaded = run(client.getDatabase("target")).getList("finished", Object.class).size();
        assertFalse(staging().isEmpty(), "the killed restore left staging collections");

        Thread.sleep(1500); // its heartbeat and its lock expire (lock_ttl_seconds: 1)
        TestProject.Run status = project.run("status", "staging");
        assertEquals(0, status.exitCode(), status.all());
        assertTrue(status.out().contains("resumable: a restore of"), status.out());
        assertTrue(status.out().contains("run it again with --resume"), status.out());
        assertFalse(staging().isEmpty(), "status keeps what a resumable restore loaded");
        Map<String, List<BsonDocument>> now = target();
        now.keySet().removeIf(StagingNames::isStaging);
        assertEquals(before, now, "the target is as it was");

        TestProject.Run resumed = project.run("restore", name + ":staging", "--resume");
        assertEquals(0, resumed.exitCode(), resumed.all());
        assertTrue(resumed.all().contains("resumed: " + loaded + " of 4 collections were loaded by the restore that stopped"),
                resumed.all());
        assertEquals(source(), target(), "every collection is the backup's, document by document");
        assertEquals(List.of(), staging());
        assertEquals(0, lockCollection().countDocuments(), "no lock and no run record is left");
    }

    @Test
    void theNextRestoreCleansUpAfterAKilledCopyAndRestoresEverything() throws Exception {
        Process copy = ChildJvm.monarch("copy_db", "production:staging", "--quiet", "--settings", project.settingsFile().toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("copy.log").toFile()).start();
        awaitTarget(db -> stagingDocuments(db) >= 5000, copy);
        copy.destroyForcibly().waitFor();
        assertFalse(staging().isEmpty());

        Thread.sleep(1500);
        TestProject.Run restore = project.run("restore", backup() + ":staging");
        assertEquals(0, restore.exitCode(), restore.all());
        assertTrue(restore.all().contains("dropped the staging collections of a copy_db of production"), restore.all());
        assertEquals(List.of(), staging());
        assertEquals(source(), target());
    }

    @Test
    void aRestoreKilledBetweenTwoRenamesIsFinishedByTheNextCommand() throws Exception {
        Map<String, List<BsonDocument>> before = target();
        Process restore = startRestore(List.of("-Dmonarch.test.swapPauseMillis=60000"), backup());
        killBetweenTwoRenames(restore, before);
        TestProject.Run status = project.run("status", "staging");
        assertEquals(0, status.exitCode(), status.all());
        assertTrue(status.out().contains("finished the swap of a restore"), status.out());
        assertFinishedAsTheSource();
    }

    @Test
    void aCopyKilledBetweenTwoRenamesIsFinishedByTheNextCommand() throws Exception {
        Map<String, List<BsonDocument>> before = target();
        Process copy = ChildJvm.monarch(List.of("-Dmonarch.test.swapPauseMillis=60000"), "copy_db", "production:staging",
                        "--quiet", "--settings", project.settingsFile().toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("copy.log").toFile()).start();
        killBetweenTwoRenames(copy, before);
        // the next command into the environment, whichever it is, finishes the swap before its own work
        TestProject.Run next = project.run("copy_db", "production:staging");
        assertEquals(0, next.exitCode(), next.all());
        assertTrue(next.all().contains("finished the swap of a copy_db of production"), next.all());
        assertFinishedAsTheSource();
    }

    /** Kills the run once its first rename is done (one staging collection gone, the others waiting), and waits out its lock. */
    private void killBetweenTwoRenames(Process run, Map<String, List<BsonDocument>> before) throws Exception {
        awaitTarget(db -> run(db) != null && "swapping".equals(run(db).getString("phase")) && staging().size() == 3, run);
        run.destroyForcibly().waitFor();
        Map<String, List<BsonDocument>> mixed = target();
        assertNotEquals(before, mixed, "one collection was swapped in before the kill");
        assertNotEquals(source(), mixed, "the others were not");
        Thread.sleep(1500); // its heartbeat and lock expire (lock_ttl_seconds: 1)
    }

    private void assertFinishedAsTheSource() {
        assertEquals(source(), target(), "every collection is the source's, document by document");
        assertEquals(List.of(), staging());
        assertEquals(0, lockCollection().countDocuments());
    }

    @Test
    void ctrlCDuringARestoreIntoAnEmbeddedEnvironmentLeavesItAsItWas() throws Exception {
        project.settings("""
                environments:
                  production:
                    uri: %s
                    database: app
                  staging:
                    uri: embedded:.monarch/staging
                    database: target
                backups:
                  local:
                    path: backups
                """.formatted(mongo.uri()));
        project.with("staging", db -> db.getCollection("events").insertOne(new Document("_id", "before the restore")));
        Process restore = startRestore(List.of());
        Path log = dir.resolve("restore.log");
        Path store = dir.resolve(".monarch/staging/data.mv");
        long deadline = System.nanoTime() + 90_000_000_000L;
        // the embedded store's file grows as documents load (it starts at well under 1 MB)
        while (System.nanoTime() < deadline && restore.isAlive() && (!Files.exists(store) || Files.size(store) < (8 << 20))) {
            Thread.sleep(20);
        }
        assertTrue(restore.isAlive(), "the restore was seen loading: " + Files.readString(log));
        new ProcessBuilder("kill", "-INT", Long.toString(restore.pid())).start().waitFor();
        assertEquals(130, restore.waitFor(), Files.readString(log));
        assertEquals(List.of("events"), project.names("staging"), Files.readString(log));
        assertEquals(Map.of("events", List.of(BsonDocument.parse("{_id: 'before the restore'}"))),
                project.contents("staging"));
        assertEquals(0L, (long) project.read("staging", db -> db.getCollection(TestData.LOCK_COLLECTION).countDocuments()));
    }

    @Test
    void aRestoreWaitsForTheLockAMigrateHoldsThenRefusesNamingIt() {
        Map<String, List<BsonDocument>> before = target();
        String name = backup();
        lockCollection().insertOne(new Document("_id", "migrate").append("operation", "migrate").append("owner", "someone")
                .append("user", "alice").append("host", "build-box-7").append("pid", 4242)
                .append("acquiredAt", new Date()).append("expiresAt", new Date(System.currentTimeMillis() + 60_000)));
        TestProject.Run restore = project.run("restore", name + ":staging");
        assertEquals(3, restore.exitCode(), restore.all());
        assertTrue(restore.err().contains("staging is being migrated by alice on build-box-7 (pid 4242)"), restore.err());
        TestProject.Run copy = project.run("copy_db", "production:staging");
        assertEquals(3, copy.exitCode(), copy.all());
        assertEquals(before, target(), "nothing was touched");
    }

    private Process startRestore(List<String> jvmOptions, String... name) throws Exception {
        String backup = name.length > 0 ? name[0] : backup();
        return ChildJvm.monarch(jvmOptions, "restore", backup + ":staging", "--quiet", "--settings", project.settingsFile().toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("restore.log").toFile()).start();
    }

    private String backup() {
        TestProject.Run backup = project.run("backup", "production", "--compression", "none", "--quiet");
        assertEquals(0, backup.exitCode(), backup.all());
        try (Stream<Path> files = Files.list(dir.resolve("backups"))) {
            return files.map(f -> f.getFileName().toString()).filter(f -> f.endsWith(".json")).sorted()
                    .reduce((a, b) -> b).orElseThrow().replace(".json", "");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private void awaitTarget(Predicate<MongoDatabase> condition, Process process) throws Exception {
        long deadline = System.nanoTime() + 90_000_000_000L;
        while (System.nanoTime() < deadline && process.isAlive()) {
            if (condition.test(client.getDatabase("target"))) {
                return;
            }
            Thread.sleep(5);
        }
        throw new AssertionError("the run was not seen at the point to kill it; it printed: "
                + (Files.exists(dir.resolve("restore.log")) ? Files.readString(dir.resolve("restore.log")) : "")
                + (Files.exists(dir.resolve("copy.log")) ? Files.readString(dir.resolve("copy.log")) : ""));
    }

    private static long stagingDocuments(MongoDatabase db) {
        long documents = 0;
        for (String name : db.listCollectionNames()) {
            if (StagingNames.isStaging(name)) {
                documents += db.getCollection(name).estimatedDocumentCount();
            }
        }
        return documents;
    }

    private Document run(MongoDatabase db) {
        return db.getCollection(TestData.LOCK_COLLECTION).find(Filters.regex("_id", "^run:")).first();
    }

    private List<String> staging() {
        return client.getDatabase("target").listCollectionNames().into(new ArrayList<>()).stream()
                .filter(StagingNames::isStaging).toList();
    }

    private MongoCollection<Document> lockCollection() {
        return client.getDatabase("target").getCollection(TestData.LOCK_COLLECTION);
    }

    private Map<String, List<BsonDocument>> target() {
        return TestData.contents(client.getDatabase("target"));
    }

    private Map<String, List<BsonDocument>> source() {
        return TestData.contents(client.getDatabase("app"));
    }
}
