package io.monarch.mongo;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import io.monarch.Monarch;
import io.monarch.api.ServedEnvironment;
import io.monarch.support.MongoTools;
import io.monarch.support.TestData;
import io.monarch.support.TestProject;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** MongoDB's own mongodump and mongorestore against {@code monarch serve}, with a collection over one reply's 48 MB. */
class ServeMongodumpTest {
    private static final Duration TOOL_TIMEOUT = Duration.ofMinutes(3);

    @TempDir
    Path dir;

    @Test
    void mongodumpReadsALargeCollectionOfAServedMemoryEnvironmentWhole() throws Exception {
        assumeTrue(MongoTools.available().isPresent(), "MongoDB's tools are neither in MONGO_TOOLS_BIN nor on the PATH");
        TestProject project = new TestProject(dir).settings("""
                environments:
                  development:
                    uri: embedded:memory
                    database: dumped
                """);
        try (ServedEnvironment server = Monarch.load(project.settingsFile()).serve("development", 0);
             MongoClient client = MongoClients.create(server.connectionString())) {
            MongoDatabase dumped = client.getDatabase("dumped");
            MongoDatabase restored = client.getDatabase("restored");
            try {
                // 50,000 documents of ~1.2 KB: 60 MB
                MongoCollection<Document> events = dumped.getCollection("events");
                for (int from = 0; from < 50_000; from += 10_000) {
                    events.insertMany(IntStream.range(from, from + 10_000)
                            .mapToObj(i -> new Document("_id", i).append("note", "n".repeat(1200))).toList());
                }

                MongoTools.Result dump = MongoTools.run(dir, TOOL_TIMEOUT, "mongodump", "--uri", server.connectionString(),
                        "--db", "dumped", "--archive=dumped.archive");
                assertEquals(0, dump.exitCode(), dump.output());
                assertTrue(dump.output().contains("done dumping dumped.events (50000 documents)"), dump.output());

                MongoTools.Result restore = MongoTools.run(dir, TOOL_TIMEOUT, "mongorestore", "--uri", server.connectionString(),
                        "--archive=dumped.archive", "--nsFrom", "dumped.*", "--nsTo", "restored.*");
                assertEquals(0, restore.exitCode(), restore.output());
                assertTrue(Files.size(dir.resolve("dumped.archive")) > 60_000_000L);
                assertEquals(TestData.contents(dumped), TestData.contents(restored), "every document, dumped and restored");
            } finally {
                dumped.drop(); // embedded:memory is the process's: give its heap back
                restored.drop();
            }
        }
    }
}
