package io.monarch.mongo;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.monarch.Monarch;
import io.monarch.api.BackupManifest;
import io.monarch.api.BackupOptions;
import io.monarch.api.Compression;
import io.monarch.api.Progress;
import io.monarch.api.RestoreOptions;
import io.monarch.support.ChildJvm;
import io.monarch.support.TestData;
import io.monarch.support.TestProject;
import org.bson.BsonDocument;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An embedded folder served by a process that is then killed outright (kill -9: no shutdown hook, no close) keeps
 * everything the server had acknowledged, and opens again.
 */
class KilledServerTest {
    @TempDir
    Path dir;
    Process serve;

    @AfterEach
    void stop() throws InterruptedException {
        if (serve != null) {
            serve.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }

    /** {@code monarch serve development} in a second JVM; returns the port it listens on. */
    private int serve(TestProject project) throws Exception {
        serve = ChildJvm.start("serve", "development", "--port", "0", "--settings", project.settingsFile().toString());
        String line = new BufferedReader(new InputStreamReader(serve.getInputStream())).readLine();
        assertTrue(line != null && line.startsWith("serving development at mongodb://127.0.0.1:"), String.valueOf(line));
        return Integer.parseInt(line.replaceAll(".*127\\.0\\.0\\.1:(\\d+).*", "$1"));
    }

    private void killServe() throws InterruptedException {
        serve.destroyForcibly();
        assertTrue(serve.waitFor(30, TimeUnit.SECONDS));
        serve = null;
    }

    /** development is the folder that 'served' reaches through the second JVM's server. */
    private static void settings(TestProject project, String productionUri, int servedPort) {
        project.settings("""
                environments:
                  development:
                    uri: embedded:.monarch/development
                    database: app
                  production:
                    uri: %s
                    database: app
                  served:
                    uri: mongodb://127.0.0.1:%d
                    database: app
                backups:
                  local:
                    path: backups
                """.formatted(productionUri, servedPort));
    }

    @Test
    void aRestoreThatReportedSuccessIsKeptWhenTheServerIsKilledRightAfter() throws Exception {
        MongoServer production = new MongoServer(new MemoryBackend());
        production.bind("127.0.0.1", 0);
        try {
            String productionUri = "mongodb://127.0.0.1:" + production.getLocalAddress().getPort();
            Map<String, List<BsonDocument>> expected;
            try (MongoClient client = MongoClients.create(productionUri)) {
                TestData.seed(client.getDatabase("app"));
                expected = TestData.contents(client.getDatabase("app"));
            }
            TestProject project = new TestProject(dir);
            settings(project, productionUri, 1);
            BackupManifest backup = Monarch.load(project.settingsFile()).backup("production",
                    BackupOptions.DEFAULT.withCompression(Compression.NONE), Progress.NONE);

            settings(project, productionUri, serve(project));
            Monarch.load(project.settingsFile()).restore(backup.name(), "served", RestoreOptions.DEFAULT, Progress.NONE);
            killServe();

            Map<String, List<BsonDocument>> kept = project.contents("development");
            assertEquals(counts(expected), counts(kept));
            assertTrue(expected.equals(kept), "every restored document is kept as it was");
            assertEquals(project.indexes("production", "users").keySet(), project.indexes("development", "users").keySet());
        } finally {
            production.shutdownNow();
        }
    }

    private static Map<String, Integer> counts(Map<String, List<BsonDocument>> contents) {
        Map<String, Integer> counts = new java.util.TreeMap<>();
        contents.forEach((name, documents) -> counts.put(name, documents.size()));
        return counts;
    }

    @Test
    void everyAcknowledgedInsertIsKeptWhenTheServerIsKilledWhileWriting() throws Exception {
        TestProject project = TestProject.embedded(dir);
        int port = serve(project);
        AtomicInteger acknowledged = new AtomicInteger();
        Thread writer = new Thread(() -> {
            try (MongoClient client = MongoClients.create("mongodb://127.0.0.1:" + port + "/?serverSelectionTimeoutMS=2000")) {
                MongoCollection<Document> events = client.getDatabase("app_dev").getCollection("events");
                for (int batch = 0; ; batch++) {
                    int first = batch * 100;
                    events.insertMany(IntStream.range(first, first + 100)
                            .mapToObj(i -> new Document("_id", i).append("note", "n".repeat(500))).toList());
                    acknowledged.set(first + 100);
                }
            } catch (RuntimeException killed) {
                // the server went away mid-write
            }
        });
        writer.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (acknowledged.get() < 20_000 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        killServe();
        writer.join(TimeUnit.SECONDS.toMillis(30));
        int kept = acknowledged.get();
        assertTrue(kept >= 20_000, "the writer got going: " + kept);

        long count = project.read("development", db -> db.getCollection("events").countDocuments());
        assertTrue(count >= kept, count + " documents kept of " + kept + " acknowledged");
        assertEquals(count, (long) project.read("development", db -> db.getCollection("events").find().into(new java.util.ArrayList<>()).size()));
    }
}
