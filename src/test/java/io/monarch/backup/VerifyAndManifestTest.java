package io.monarch.backup;

import io.monarch.support.Mongodump;
import io.monarch.support.TestData;
import io.monarch.support.TestProject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static io.monarch.support.Mongodump.doc;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * verify reads a backup end to end with no environment; a damaged manifest is never trusted: verify and restore
 * refuse it (by name or by path), and list_backups names it instead of leaving it out silently.
 */
class VerifyAndManifestTest {
    @TempDir
    Path dir;
    TestProject project;
    String name;

    @BeforeEach
    void aBackup() throws Exception {
        project = TestProject.embedded(dir);
        project.with("development", TestData::seed);
        assertEquals(0, project.run("backup", "development", "--compression", "none").exitCode());
        try (Stream<Path> files = Files.list(dir.resolve("backups"))) {
            name = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".json")).findFirst().orElseThrow()
                    .replace(".json", "");
        }
    }

    @Test
    void aGoodBackupVerifiesAgainstItsManifest() {
        TestProject.Run verify = project.run("verify", name);
        assertEquals(0, verify.exitCode(), verify.all());
        assertTrue(verify.out().startsWith("OK " + name) && verify.out().contains("as its manifest says"), verify.out());
        TestProject.Run json = project.run("verify", name, "--json");
        assertTrue(json.out().contains("\"ok\": true") && json.out().contains("\"againstManifest\": true"), json.out());
        assertEquals(2, project.run("verify", "no_such_backup").exitCode());
    }

    @Test
    void aFlippedByteFailsVerifyNamingWhatIsWrong() throws Exception {
        Path archive = dir.resolve("backups/" + name + ".archive");
        byte[] bytes = Files.readAllBytes(archive);
        bytes[bytes.length / 2] ^= 0x40;
        Files.write(archive, bytes);
        TestProject.Run verify = project.run("verify", name);
        assertEquals(1, verify.exitCode(), verify.all());
        assertTrue(verify.err().startsWith("FAILED " + name + ": "), verify.err());
    }

    @Test
    void aDamagedManifestIsRefusedByVerifyAndRestoreAndNamedByListBackups() throws Exception {
        Path manifest = dir.resolve("backups/" + name + ".json");
        String json = Files.readString(manifest);
        Files.writeString(manifest, json.substring(0, json.length() / 2));

        TestProject.Run verify = project.run("verify", name);
        assertEquals(1, verify.exitCode(), verify.all());
        assertTrue(verify.err().contains("manifest") && verify.err().contains("damaged"), verify.err());
        for (String source : List.of(name, dir.resolve("backups/" + name + ".archive").toString())) {
            TestProject.Run restore = project.run("restore", source + ":development");
            assertEquals(1, restore.exitCode(), restore.all());
            assertTrue(restore.err().contains("is damaged") && restore.err().contains("not trusted"), restore.err());
        }
        TestProject.Run list = project.run("list_backups");
        assertEquals(0, list.exitCode(), list.all());
        assertFalse(list.out().contains(name), list.out());
        assertTrue(list.err().contains("1 damaged manifest") && list.err().contains(name + ".json"), list.err());
    }

    @Test
    void aMongodumpArchiveWithoutManifestVerifiesByItsOwnCrcs() throws Exception {
        Path archive = Mongodump.archive(dir.resolve("plain.archive.gz")).gzip().database("app")
                .collection("users", List.of(doc("{_id: 1}"), doc("{_id: 2}"))).write().path();
        TestProject.Run verify = project.run("verify", archive.toString());
        assertEquals(0, verify.exitCode(), verify.all());
        assertTrue(verify.out().contains("2 documents in 1 collection") && verify.out().contains("no manifest"), verify.out());
    }
}
