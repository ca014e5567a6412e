package io.monarch.mongo;

import io.monarch.support.TestProject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A server that is not there: monarch gives up after a few seconds, not the driver's thirty, and says where it looked. */
class UnreachableServerTest {
    @TempDir
    Path dir;

    @Test
    void theServerSelectionTimeoutIsFiveSecondsUnlessTheUriSaysOtherwise() {
        try (MongoConnection plain = MongoConnection.open("staging", "mongodb://db.example.invalid:27017", "app", dir)) {
            assertEquals(Duration.ofSeconds(5), plain.serverSelectionTimeout());
            assertEquals(java.util.List.of("db.example.invalid:27017"), plain.hosts());
        }
        try (MongoConnection told = MongoConnection.open("staging",
                "mongodb://db.example.invalid:27017/?serverSelectionTimeoutMS=1234", "app", dir)) {
            assertEquals(Duration.ofMillis(1234), told.serverSelectionTimeout(), "the uri's option wins");
        }
    }

    @Test
    void migrateOfAnUnreachableEnvironmentNamesTheHostItTried() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();   // closed again: nothing listens there
        }
        TestProject project = TestProject.server(dir, "mongodb://u:secret@127.0.0.1:" + port + "/?serverSelectionTimeoutMS=300")
                .migration("M20260101000001_One", "db.getCollection(\"a\").insertOne(new Document());");
        TestProject.Run run = project.run("migrate", "development");
        assertEquals(1, run.exitCode(), run.all());
        assertTrue(run.err().contains("cannot reach the MongoDB server of development at 127.0.0.1:" + port + " (tried for 0.3 s"),
                run.err());
        assertTrue(run.err().contains("java.net.ConnectException: Connection refused)"), "the innermost cause: " + run.err());
        assertTrue(run.err().contains("serverSelectionTimeoutMS"), run.err());
        assertTrue(!run.all().contains("secret"), run.all());
    }
}
