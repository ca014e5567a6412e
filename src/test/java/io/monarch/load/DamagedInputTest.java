package io.monarch.load;

import io.monarch.support.TestProject;
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Damaged input into an embedded environment is refused in words (what is damaged, that nothing changed), never with
 * a raw exception: a flipped byte inside a gzip backup, a document over MongoDB's 16 MB limit.
 */
class DamagedInputTest {
    @TempDir
    Path dir;
    TestProject project;

    @BeforeEach
    void project() {
        project = new TestProject(dir).settings("""
                environments:
                  production:
                    uri: embedded:.monarch/production
                    database: app
                  development:
                    uri: embedded:.monarch/development
                    database: app
                backups:
                  local:
                    path: backups
                migrations:
                  lock_wait_seconds: 2
                """);
        project.with("development", db -> db.getCollection("keepme").insertOne(new Document("_id", "kept")));
    }

    @Test
    void aFlippedByteInAGzipBackupIsSaidToBeDamage() throws Exception {
        project.with("production", db -> {
            for (int i = 0; i < 2000; i++) {
                db.getCollection("users").insertOne(new Document("_id", i).append("name", "user " + i).append("n", i * 7L));
            }
        });
        assertEquals(0, project.run("backup", "production", "--quiet").exitCode());
        Path archive;
        try (Stream<Path> files = Files.list(dir.resolve("backups"))) {
            archive = files.filter(f -> f.toString().endsWith(".archive.gz")).findFirst().orElseThrow();
        }
        byte[] bytes = Files.readAllBytes(archive);
        for (int k = 1; k < 16; k++) {
            int at = (int) ((long) bytes.length * k / 16);
            byte[] flipped = bytes.clone();
            flipped[at] ^= 0x10;
            Files.write(archive, flipped);
            TestProject.Run run = project.run("restore", archive + ":development");
            assertEquals(1, run.exitCode(), run.all());
            assertTrue(run.err().contains("damaged") || run.err().contains("does not match"), "says it is damaged: " + run.err());
            assertFalse(run.err().contains("Exception"), run.err());
            assertEquals(List.of("keepme"), project.names("development"), "nothing changed");
        }
    }

    @Test
    void aDocumentOverSixteenMegabytesIsRefusedNamingTheLimit() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("dump/app"));
        byte[] big = new byte[17 << 20];
        ByteArrayOutputStream doc = new ByteArrayOutputStream();
        // {_id: 1, blob: BinData(0, 17 MB)}
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(0x10);
        body.writeBytes("_id\0".getBytes());
        body.writeBytes(le(1));
        body.write(0x05);
        body.writeBytes("blob\0".getBytes());
        body.writeBytes(le(big.length));
        body.write(0);
        body.writeBytes(big);
        doc.writeBytes(le(body.size() + 5));
        doc.writeBytes(body.toByteArray());
        doc.write(0);
        Files.write(folder.resolve("blobs.bson"), doc.toByteArray());
        TestProject.Run run = project.run("restore", dir.resolve("dump") + ":development");
        assertEquals(1, run.exitCode(), run.all());
        assertTrue(run.err().contains("16 MB") || run.err().contains("16 MiB") || run.err().contains("16777216"), run.err());
        assertFalse(run.err().contains("subtype"), run.err());
        assertEquals(List.of("keepme"), project.names("development"), "nothing changed");
    }

    private static byte[] le(int value) {
        return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(value).array();
    }
}
