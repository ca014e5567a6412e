package io.monarch.migrate;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import io.monarch.support.ChildJvm;
import io.monarch.support.InProcessMongo;
import io.monarch.support.TestProject;
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two migrates at once, a live lock, a dead holder's lock, and a migration a killed run left RUNNING, against
 * one server both runs reach over TCP, as two developers' terminals would.
 */
class LockAndConcurrencyTest {
    private static final String COUNT_RUN = """
            context.database().getCollection("counters").updateOne(
                com.mongodb.client.model.Filters.eq("_id", "%s"),
                com.mongodb.client.model.Updates.inc("runs", 1),
                new com.mongodb.client.model.UpdateOptions().upsert(true));
            Thread.sleep(300);
            """;

    @TempDir
    Path dir;
    @RegisterExtension
    final InProcessMongo mongo = new InProcessMongo();
    String uri;
    TestProject project;

    @BeforeEach
    void serverAndProject() {
        uri = mongo.uri();
        project = TestProject.server(dir, uri);
        for (int i = 1; i <= 3; i++) {
            String name = "M2026010100000" + i + "_Step" + i;
            project.migration(name, COUNT_RUN.formatted(name));
        }
        // compile once, so that both racers start equal
        assertEquals(0, project.run("list_migrations", "development").exitCode());
    }

    @Test
    void twoThreadsMigratingAtOnceApplyEachMigrationOnce() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<Future<TestProject.Run>> runs = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            runs.add(pool.submit((Callable<TestProject.Run>) () -> project.run("migrate", "development")));
        }
        List<TestProject.Run> results = new ArrayList<>();
        for (Future<TestProject.Run> run : runs) {
            results.add(run.get());
        }
        pool.shutdown();
        assertAppliedOnceEach(results.get(0).all() + results.get(1).all());
        for (TestProject.Run run : results) {
            assertTrue(run.exitCode() == 0 || run.exitCode() == 3, run.all());
        }
    }

    @Test
    void twoProcessesMigratingAtOnceApplyEachMigrationOnce() throws Exception {
        // the lock wait is longer than the three migrations take, so the second process waits, then finds nothing to do
        project.serverSettings(uri, "lock_wait_seconds: 30");
        Process first = ChildJvm.start("migrate", "development", "--settings", project.settingsFile().toString());
        Process second = ChildJvm.start("migrate", "development", "--settings", project.settingsFile().toString());
        String firstOut = new String(first.getInputStream().readAllBytes());
        String secondOut = new String(second.getInputStream().readAllBytes());
        assertEquals(0, first.waitFor(), firstOut);
        assertEquals(0, second.waitFor(), secondOut);
        assertAppliedOnceEach(firstOut + secondOut);
        assertTrue(firstOut.contains("up to date") || secondOut.contains("up to date"), firstOut + secondOut);
    }

    @Test
    void aLiveLockRefusesWithExit3NamingItsHolderAndUnlockClearsIt() {
        holdLock(Instant.now().plusSeconds(600));
        TestProject.Run run = project.run("migrate", "development");
        assertEquals(3, run.exitCode(), run.all());
        assertTrue(run.err().contains("being migrated by alice on build-box-7 (pid 4242)"), run.err());
        assertTrue(run.err().contains("monarch unlock development"), run.err());
        assertEquals(0, counters().size(), "nothing ran");

        TestProject.Run unlock = project.run("unlock", "development");
        assertEquals(0, unlock.exitCode(), unlock.all());
        TestProject.Run again = project.run("migrate", "development");
        assertEquals(0, again.exitCode(), again.all());
        assertAppliedOnceEach(again.all());
    }

    @Test
    void anExpiredLockIsTakenOverAndARunningMigrationItLeftIsRunAgain() {
        holdLock(Instant.now().minusSeconds(5));
        // the dead holder was in the middle of the first migration
        change(db -> db.getCollection("monarch_migrations").insertOne(new Document("name", "M20260101000001_Step1")
                .append("state", "RUNNING").append("startedAt", new Date())));
        TestProject.Run run = project.run("migrate", "development");
        assertEquals(0, run.exitCode(), run.all());
        assertTrue(run.out().contains("left RUNNING"), run.out());
        assertAppliedOnceEach(run.all());
        assertNull(db(db -> db.getCollection("monarch_migrations_lock").find().first()), "the lock was released");
    }

    @Test
    void aRunningMigrationUnderALiveLockIsNotTouched() {
        holdLock(Instant.now().plusSeconds(600));
        change(db -> db.getCollection("monarch_migrations").insertOne(new Document("name", "M20260101000001_Step1")
                .append("state", "RUNNING").append("startedAt", new Date())));
        TestProject.Run run = project.run("migrate", "development");
        assertEquals(3, run.exitCode(), run.all());
        assertEquals("RUNNING", db(db -> db.getCollection("monarch_migrations")
                .find(Filters.eq("name", "M20260101000001_Step1")).first()).getString("state"));
        assertEquals(0, counters().size());
    }

    @Test
    void aLiveHolderRenewsItsLockPastItsExpiry() throws Exception {
        // a 1 s lock, and a migration that runs until the test lets it end: only renewal keeps the second migrate out
        project.serverSettings(uri, "lock_ttl_seconds: 1", "lock_wait_seconds: 1");
        Path release = dir.resolve("release");
        project.migration("M20260101000004_Slow", "while (!java.nio.file.Files.exists(java.nio.file.Path.of(\""
                + release.toString().replace("\\", "\\\\") + "\"))) { Thread.sleep(20); }");
        ExecutorService pool = Executors.newSingleThreadExecutor();
        Future<TestProject.Run> holder = pool.submit(() -> project.run("migrate", "development"));
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (System.nanoTime() < deadline && db(db -> db.getCollection("monarch_migrations")
                .find(Filters.eq("name", "M20260101000004_Slow")).first()) == null) {
            Thread.sleep(20);
        }
        Thread.sleep(1500); // past the lock's first expiry
        TestProject.Run second = project.run("migrate", "development");
        Files.writeString(release, "go");
        assertEquals(3, second.exitCode(), second.all());
        assertEquals(0, holder.get().exitCode(), holder.get().all());
        pool.shutdown();
    }

    private void holdLock(Instant expiresAt) {
        change(db -> db.getCollection("monarch_migrations_lock").insertOne(new Document("_id", "migrate")
                .append("owner", "alice@build-box-7:4242:x").append("user", "alice").append("host", "build-box-7")
                .append("pid", 4242).append("acquiredAt", new Date()).append("expiresAt", Date.from(expiresAt))));
    }

    private void assertAppliedOnceEach(String output) {
        List<Document> counters = counters();
        assertEquals(3, counters.size(), output);
        for (Document counter : counters) {
            assertEquals(1, counter.getInteger("runs"), counter.toJson() + "\n" + output);
        }
        List<Document> tracked = db(db -> db.getCollection("monarch_migrations").find().into(new ArrayList<>()));
        assertEquals(3, tracked.size(), tracked.toString());
        for (Document record : tracked) {
            assertEquals("APPLIED", record.getString("state"), record.toJson());
        }
    }

    private List<Document> counters() {
        return db(db -> db.getCollection("counters").find().into(new ArrayList<>()));
    }

    private <T> T db(java.util.function.Function<MongoDatabase, T> work) {
        try (MongoClient client = MongoClients.create(uri)) {
            return work.apply(client.getDatabase("app_dev"));
        }
    }

    private void change(java.util.function.Consumer<MongoDatabase> work) {
        db(db -> {
            work.accept(db);
            return null;
        });
    }
}
