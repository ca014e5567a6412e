package io.monarch.load;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import io.monarch.support.ChildJvm;
import io.monarch.support.InProcessMongo;
import io.monarch.support.TestProject;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Memory stays flat whatever the data size: one collection larger than the heap of the JVM that moves it is backed up,
 * restored and copied, on several segments and insertion workers, by a monarch in a child JVM with {@code -Xmx}
 * {@value #HEAP_MB} MB. A run that held the collection (or a segment's worth of batches per reader) would fail with
 * out of memory. bench/run segments measures the same with a million documents under 256 MB.
 */
class FlatMemoryTest {
    private static final int HEAP_MB = 128;
    /** About 190 MB of BSON: half as large again as the child's whole heap. */
    private static final int DOCUMENTS = 180_000;

    @RegisterExtension
    final InProcessMongo mongo = new InProcessMongo();
    @TempDir
    Path dir;

    @Test
    void aCollectionLargerThanTheHeapIsBackedUpRestoredAndCopiedOnSeveralSegments() throws Exception {
        try (MongoClient client = mongo.client()) {
            MongoCollection<Document> events = client.getDatabase("app").getCollection("events");
            String filler = "x".repeat(1000);
            List<Document> batch = new ArrayList<>();
            for (int i = 0; i < DOCUMENTS; i++) {
                batch.add(new Document("_id", i).append("n", i).append("filler", filler));
                if (batch.size() == 5000) {
                    events.insertMany(batch);
                    batch.clear();
                }
            }
            TestProject project = new TestProject(dir).settings("""
                    environments:
                      production:
                        uri: %s
                        database: app
                      staging:
                        uri: %s
                        database: copied
                      restored:
                        uri: %s
                        database: restored
                    backups:
                      local:
                        path: backups
                    """.formatted(mongo.uri(), mongo.uri(), mongo.uri()));

            run(project, "backup", "production", "--compression", "none", "--segment-size", "16MB", "-j", "4");
            String backup;
            try (var names = Files.list(dir.resolve("backups"))) {
                backup = names.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".json"))
                        .map(n -> n.substring(0, n.length() - ".json".length())).findFirst().orElseThrow();
            }
            run(project, "restore", backup + ":restored", "--insertion-workers", "2");
            run(project, "copy_db", "production:staging", "--segment-size", "16MB", "-j", "4", "--insertion-workers", "2");

            assertEquals(DOCUMENTS, client.getDatabase("restored").getCollection("events").countDocuments());
            assertEquals(DOCUMENTS, client.getDatabase("copied").getCollection("events").countDocuments());
        }
    }

    private void run(TestProject project, String... command) throws Exception {
        List<String> args = new ArrayList<>(List.of(command));
        args.addAll(List.of("--quiet", "--settings", project.settingsFile().toString()));
        Path log = dir.resolve(command[0] + ".log");
        Process process = ChildJvm.monarch(List.of("-Xmx" + HEAP_MB + "m"), args.toArray(String[]::new))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!process.waitFor(3, TimeUnit.MINUTES)) {
            process.destroyForcibly().waitFor();
            throw new AssertionError(command[0] + " did not finish in 3 minutes: " + Files.readString(log));
        }
        assertEquals(0, process.exitValue(), command[0] + " under -Xmx" + HEAP_MB + "m: " + Files.readString(log));
    }
}
