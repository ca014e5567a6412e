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

    /** copy_db between a server that is not there and one that is: the message names the side that failed, and its wait. */
    @Test
    void copyDbNamesTheSideItCannotReachAndHowLongItTried() {
        TestProject project = new TestProject(dir).settings("""
                environments:
                  down:
                    uri: mongodb://u:secret@127.0.0.1:1/?serverSelectionTimeoutMS=500
                    database: app
                  mem:
                    uri: embedded:memory
                    database: app
                """);
        project.with("mem", db -> db.getCollection("notes").insertOne(new org.bson.Document("text", "kept")));

        TestProject.Run fromDown = project.run("copy_db", "down:mem");
        assertEquals(1, fromDown.exitCode(), fromDown.all());
        assertTrue(fromDown.err().contains("cannot reach the MongoDB server of the source, down, at 127.0.0.1:1 (tried for 0.5 s: "
                + "java.net.ConnectException: Connection refused); check down's uri"), fromDown.err());
        assertTrue(!fromDown.err().contains("mem"), "the target is not blamed: " + fromDown.err());

        TestProject.Run intoDown = project.run("copy_db", "mem:down");
        assertEquals(1, intoDown.exitCode(), intoDown.all());
        assertTrue(intoDown.err().contains("cannot reach the MongoDB server of the target, down, at 127.0.0.1:1 (tried for 0.5 s: "
                + "java.net.ConnectException: Connection refused); check down's uri"), intoDown.err());
        assertTrue(!intoDown.err().contains("mem"), "the source is not blamed: " + intoDown.err());
        assertTrue(!fromDown.all().contains("secret") && !intoDown.all().contains("secret"), fromDown.all() + intoDown.all());
        assertEquals(1L, (long) project.read("mem", db -> db.getCollection("notes").countDocuments()), "nothing changed");
    }
}
