package io.monarch.backup;

import io.monarch.load.StagingNames;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import io.monarch.support.ChildJvm;
import io.monarch.support.InProcessMongo;
import io.monarch.support.TestData;
import io.monarch.support.TestProject;
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A backup process killed part way (kill -9, no chance to clean up) leaves no backup that lists or restores. */
class KilledBackupTest {
    @TempDir
    Path dir;
    @RegisterExtension
    final InProcessMongo mongo = new InProcessMongo();
    String uri;
    TestProject project;

    @BeforeEach
    void serverWithData() {
        String uri = mongo.uri();
        try (MongoClient client = MongoClients.create(uri)) {
            String filler = "x".repeat(1000);
            for (int batch = 0; batch < 40; batch++) {
                List<Document> documents = new ArrayList<>();
                for (int i = 0; i < 2500; i++) {
                    documents.add(new Document("_id", batch * 2500 + i).append("filler", filler + batch + i));
                }
                client.getDatabase("app").getCollection("events").insertMany(documents);
            }
        }
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
                """.formatted(uri, uri));
        this.uri = uri;
    }

    @Test
    void aKilledBackupIsNeverListed() throws Exception {
        Process backup = ChildJvm.monarch("backup", "production", "--compression", "none", "--quiet",
                "--settings", project.settingsFile().toString()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("backup.log").toFile()).start();
        Path backups = dir.resolve("backups");
        long deadline = System.nanoTime() + 60_000_000_000L;
        Optional<Path> partial = Optional.empty();
        while (System.nanoTime() < deadline && backup.isAlive()) {
            partial = partialOf(backups, 4 << 20);
            if (partial.isPresent()) {
                break;
            }
            Thread.sleep(5);
        }
        assertTrue(partial.isPresent(), "the backup was seen writing: " + Files.readString(dir.resolve("backup.log")));
        backup.destroyForcibly().waitFor();

        TestProject.Run list = project.run("list_backups");
        assertEquals(0, list.exitCode(), list.all());
        assertTrue(list.out().contains("no backups"), list.out());
        assertTrue(list.err().contains("1 unfinished backup") && list.err().contains(partial.get().getFileName().toString()),
                "list_backups points at what the killed backup left: " + list.err());
        try (Stream<Path> files = Files.list(backups)) {
            assertFalse(files.anyMatch(f -> f.getFileName().toString().endsWith(".json")), "no manifest was written");
        }

        TestProject.Run again = project.run("backup", "production", "--quiet");
        assertEquals(0, again.exitCode(), again.all());
        assertFalse(project.run("list_backups").out().contains("no backups"));
    }

    @Test
    void ctrlCAbortsCleanlyWithExit130() throws Exception {
        Process backup = ChildJvm.monarch("backup", "production", "--compression", "none", "--quiet",
                "--settings", project.settingsFile().toString()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("backup.log").toFile()).start();
        Path backups = dir.resolve("backups");
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (System.nanoTime() < deadline && backup.isAlive() && partialOf(backups, 4 << 20).isEmpty()) {
            Thread.sleep(5);
        }
        assertTrue(partialOf(backups, 4 << 20).isPresent(), "the backup was seen writing: " + Files.readString(dir.resolve("backup.log")));
        new ProcessBuilder("kill", "-INT", Long.toString(backup.pid())).start().waitFor();
        assertEquals(130, backup.waitFor(), Files.readString(dir.resolve("backup.log")));
        assertTrue(Files.readString(dir.resolve("backup.log")).contains("nothing was kept"), Files.readString(dir.resolve("backup.log")));
        try (Stream<Path> files = Files.list(backups)) {
            assertEquals(List.of(), files.toList(), "the partial file was removed");
        }
    }

    @Test
    void ctrlCDuringARestoreLeavesTheTargetAsItWas() throws Exception {
        assertEquals(0, project.run("backup", "production", "--compression", "none", "--quiet").exitCode());
        String name;
        try (Stream<Path> files = Files.list(dir.resolve("backups"))) {
            name = files.map(f -> f.getFileName().toString()).filter(f -> f.endsWith(".json")).findFirst().orElseThrow()
                    .replace(".json", "");
        }
        try (MongoClient client = MongoClients.create(uri)) {
            client.getDatabase("target").getCollection("events").insertOne(new Document("_id", "before the restore"));
        }

        Process restore = ChildJvm.monarch("restore", name + ":staging", "--quiet", "--settings", project.settingsFile().toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("restore.log").toFile()).start();
        try (MongoClient client = MongoClients.create(uri)) {
            long deadline = System.nanoTime() + 60_000_000_000L;
            boolean loading = false;
            while (System.nanoTime() < deadline && restore.isAlive() && !loading) {
                for (String collection : client.getDatabase("target").listCollectionNames()) {
                    loading |= StagingNames.isStaging(collection)
                            && client.getDatabase("target").getCollection(collection).estimatedDocumentCount() >= 5000;
                }
                Thread.sleep(5);
            }
            assertTrue(loading, "the restore was seen loading: " + Files.readString(dir.resolve("restore.log")));
            new ProcessBuilder("kill", "-INT", Long.toString(restore.pid())).start().waitFor();
            assertEquals(130, restore.waitFor(), Files.readString(dir.resolve("restore.log")));

            List<String> names = client.getDatabase("target").listCollectionNames().into(new ArrayList<>());
            names.remove(TestData.LOCK_COLLECTION);
            assertEquals(List.of("events"), names, "no staging collection is left: " + Files.readString(dir.resolve("restore.log")));
            assertEquals(0, client.getDatabase("target").getCollection(TestData.LOCK_COLLECTION).countDocuments(),
                    "the lock is released and the run's record removed");
            assertEquals(List.of(new Document("_id", "before the restore")),
                    client.getDatabase("target").getCollection("events").find().into(new ArrayList<>()));
        }
    }

    private static Optional<Path> partialOf(Path folder, long atLeast) throws IOException {
        if (!Files.isDirectory(folder)) {
            return Optional.empty();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".partial")).filter(f -> {
                try {
                    return Files.size(f) >= atLeast;
                } catch (IOException e) {
                    return false;
                }
            }).findFirst();
        }
    }
}
