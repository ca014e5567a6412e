package io.monarch.backup;

import io.monarch.stream.BackupKey;
import io.monarch.support.TestData;
import io.monarch.support.TestProject;
import org.bson.BsonDocument;
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * backups.encryption: a backup is encrypted as a stream with the configured key, and restore and verify need that
 * key (or one of previous_keys); a missing or wrong key is exit 2, and a damaged, cut or renamed archive is refused,
 * all before the target changes.
 */
class EncryptedBackupTest {
    private static final String KEY = key(1);
    private static final String OLD_KEY = key(2);
    private static final String OTHER_KEY = key(3);

    @TempDir
    Path dir;
    TestProject project;

    @BeforeEach
    void project() {
        project = new TestProject(dir).settings(settings(encryption(KEY)));
        project.with("restored", db -> db.getCollection("kept").insertOne(new Document("_id", 1).append("was", "here")));
    }

    @Test
    void anEncryptedBackupRoundTripsAndItsManifestNamesTheKeyNeverTheKey() throws Exception {
        project.with("development", TestData::seed);
        TestProject.Run backup = project.run("backup", "development");
        assertEquals(0, backup.exitCode(), backup.all());
        assertTrue(backup.out().contains("encrypted (key id " + keyId(KEY) + ")"), backup.out());
        String name = onlyBackup();
        Path archive = dir.resolve("backups/" + name + ".archive.gz.enc");
        assertTrue(Files.isRegularFile(archive), "files: " + files());
        assertEquals(List.of(name + ".archive.gz.enc", name + ".json"), files());

        byte[] stored = Files.readAllBytes(archive);
        assertFalse((stored[0] & 0xff) == 0x1f && (stored[1] & 0xff) == 0x8b, "the stored bytes are not plain gzip");
        String manifest = Files.readString(dir.resolve("backups/" + name + ".json"));
        Document json = Document.parse(manifest);
        assertEquals(new Document("scheme", "AES256_GCM_HKDF_1MB").append("keyId", keyId(KEY)), json.get("encryption"));
        assertEquals(name + ".archive.gz.enc", json.getString("archiveFile"));
        Document archiveFields = json.get("archive", Document.class);
        assertEquals((long) stored.length, ((Number) archiveFields.get("size")).longValue(), "the size of the bytes stored");
        assertEquals(sha256(stored), archiveFields.getString("sha256"), "the SHA-256 of the bytes stored");
        assertFalse(manifest.contains(KEY), "the manifest holds the key");

        TestProject.Run verify = project.run("verify", name);
        assertEquals(0, verify.exitCode(), verify.all());
        assertTrue(verify.out().startsWith("OK " + name) && verify.out().contains("as its manifest says"), verify.out());
        TestProject.Run list = project.run("list_backups");
        assertTrue(list.out().contains(name) && list.out().contains("gzip+enc"), list.out());

        TestProject.Run restore = project.run("restore", name + ":restored");
        assertEquals(0, restore.exitCode(), restore.all());
        assertEquals(project.contents("development"), project.contents("restored"));
        assertEquals(project.indexes("development", "users"), project.indexes("restored", "users"));
    }

    @Test
    void withoutTheKeyRestoreIsExit2AndVerifyChecksOnlyTheBytesStored() throws Exception {
        String name = backUp();
        Map<String, List<BsonDocument>> before = project.contents("restored");

        project.settings(settings(""));
        TestProject.Run restore = project.run("restore", name + ":restored");
        assertEquals(2, restore.exitCode(), restore.all());
        assertTrue(restore.err().contains("is encrypted with the key whose id is " + keyId(KEY))
                && restore.err().contains("the settings have no backups.encryption") && restore.err().contains("Nothing was changed"), restore.err());
        assertEquals(before, project.contents("restored"));

        TestProject.Run verify = project.run("verify", name);
        assertEquals(2, verify.exitCode(), verify.all());
        assertTrue(verify.err().contains("is encrypted with the key whose id is " + keyId(KEY))
                && verify.err().contains("size and SHA-256 match the manifest") && verify.err().contains("contents were not checked"),
                verify.err());

        Path archive = dir.resolve("backups/" + name + ".archive.gz.enc");
        byte[] bytes = Files.readAllBytes(archive);
        bytes[bytes.length / 2] ^= 0x01;
        Files.write(archive, bytes);
        TestProject.Run damaged = project.run("verify", name);
        assertEquals(1, damaged.exitCode(), damaged.all());
        assertTrue(damaged.err().startsWith("FAILED " + name + ": ") && damaged.err().contains("does not match its manifest"), damaged.err());
    }

    @Test
    void aWrongOrUnsetKeyIsExit2AndTheTargetIsUntouched() {
        String name = backUp();
        Map<String, List<BsonDocument>> before = project.contents("restored");

        project.settings(settings(encryption(OTHER_KEY)));
        TestProject.Run wrong = project.run("restore", name + ":restored");
        assertEquals(2, wrong.exitCode(), wrong.all());
        assertTrue(wrong.err().contains(keyId(KEY)) && wrong.err().contains("they have " + keyId(OTHER_KEY)), wrong.err());
        assertFalse(wrong.all().contains(OTHER_KEY) || wrong.all().contains(KEY), "a key was printed");
        assertEquals(before, project.contents("restored"));
        assertEquals(2, project.run("verify", name).exitCode());

        project.settings(settings(encryption("${MONARCH_TEST_KEY_NOT_SET}")));
        TestProject.Run unset = project.run("restore", name + ":restored");
        assertEquals(2, unset.exitCode(), unset.all());
        assertTrue(unset.err().contains("${MONARCH_TEST_KEY_NOT_SET} is not set"), unset.err());
        assertEquals(before, project.contents("restored"));

        TestProject.Run backup = project.run("backup", "development");
        assertEquals(2, backup.exitCode(), backup.all());
        assertTrue(backup.err().contains("backups.encryption.key: ${MONARCH_TEST_KEY_NOT_SET} is not set")
                && backup.err().contains("does not write a backup unencrypted"), backup.err());
        assertEquals(List.of(name + ".archive.gz.enc", name + ".json"), files(), "nothing was written");

        project.settings(settings(""));
        assertEquals(0, project.run("backup", "development", "--name", "clear").exitCode());
        project.settings(settings(encryption("${MONARCH_TEST_KEY_NOT_SET}")));
        String clear = files().stream().filter(f -> f.endsWith("__clear.json")).findFirst().orElseThrow().replace(".json", "");
        TestProject.Run plain = project.run("restore", clear + ":restored");
        assertEquals(0, plain.exitCode(), "an unencrypted backup needs no key: " + plain.all());
    }

    @Test
    void aFlippedByteAnywhereIsRefusedBeforeTheTargetChanges() throws Exception {
        String name = backUp();
        Path archive = dir.resolve("backups/" + name + ".archive.gz.enc");
        byte[] good = Files.readAllBytes(archive);
        assertTrue(good.length > 2 * (1 << 20), "several segments: " + good.length);
        Map<String, List<BsonDocument>> before = project.contents("restored");
        for (int at : new int[]{10, 1000, (1 << 20) + 5, good.length - 20}) {
            byte[] bytes = good.clone();
            bytes[at] ^= 0x10;
            Files.write(archive, bytes);
            TestProject.Run restore = project.run("restore", name + ":restored");
            assertEquals(1, restore.exitCode(), "flipped at " + at + ": " + restore.all());
            assertTrue(restore.err().contains("does not decrypt with the key its manifest names")
                    || restore.err().contains("does not authenticate"), restore.err());
            assertEquals(before, project.contents("restored"), "flipped at " + at);
            assertEquals(1, project.run("verify", name).exitCode());
        }
    }

    @Test
    void aTruncatedArchiveIsRefusedWithItsManifestOrWithout() throws Exception {
        String name = backUp();
        Path archive = dir.resolve("backups/" + name + ".archive.gz.enc");
        byte[] good = Files.readAllBytes(archive);
        Map<String, List<BsonDocument>> before = project.contents("restored");
        Files.write(archive, Arrays.copyOf(good, 2 * (1 << 20))); // cut at a segment's end: Tink's last-segment mark tells
        TestProject.Run restore = project.run("restore", name + ":restored");
        assertEquals(1, restore.exitCode(), restore.all());
        assertEquals(before, project.contents("restored"));

        Files.delete(dir.resolve("backups/" + name + ".json")); // no manifest: no size to compare, the encryption alone tells
        TestProject.Run byPath = project.run("restore", archive + ":restored");
        assertEquals(1, byPath.exitCode(), byPath.all());
        assertTrue(byPath.err().contains("does not authenticate"), byPath.err());
        assertEquals(before, project.contents("restored"));
    }

    @Test
    void previousKeysReadOldBackupsAndNewBackupsTakeTheNewKey() {
        String old = backUp();
        project.settings(settings(encryption(OTHER_KEY, "${MONARCH_TEST_OLD_KEY_NOT_SET}", KEY)));
        TestProject.Run restore = project.run("restore", old + ":restored");
        assertEquals(0, restore.exitCode(), restore.all());
        assertEquals(project.contents("development"), project.contents("restored"));
        assertEquals(0, project.run("verify", old).exitCode());

        project.with("development", db -> db.getCollection("more").insertOne(new Document("_id", "new")));
        TestProject.Run backup = project.run("backup", "development", "--name", "rotated");
        assertEquals(0, backup.exitCode(), backup.all());
        assertTrue(backup.out().contains("key id " + keyId(OTHER_KEY)), backup.out());
    }

    @Test
    void anEncryptedArchiveWithoutManifestNeedsAConfiguredKeyAndItsName() throws Exception {
        String name = backUp();
        Files.delete(dir.resolve("backups/" + name + ".json"));
        Path archive = dir.resolve("backups/" + name + ".archive.gz.enc");
        Map<String, List<BsonDocument>> before = project.contents("restored");

        project.settings(settings(""));
        TestProject.Run noKey = project.run("restore", archive + ":restored");
        assertEquals(2, noKey.exitCode(), noKey.all());
        assertTrue(noKey.err().contains("is encrypted") && noKey.err().contains("backups.encryption"), noKey.err());

        project.settings(settings(encryption(OTHER_KEY)));
        TestProject.Run wrong = project.run("restore", archive + ":restored");
        assertEquals(2, wrong.exitCode(), wrong.all());
        assertTrue(wrong.err().contains("none of the keys configured decrypts it"), wrong.err());

        project.settings(settings(encryption(OTHER_KEY, KEY)));
        Path renamed = Files.copy(archive, dir.resolve("backups/" + name.replace("development", "staging") + ".archive.gz.enc"));
        TestProject.Run other = project.run("restore", renamed + ":restored");
        assertEquals(2, other.exitCode(), "a renamed archive does not decrypt: " + other.all());
        assertEquals(before, project.contents("restored"));

        TestProject.Run restore = project.run("restore", archive + ":restored");
        assertEquals(0, restore.exitCode(), restore.all());
        assertEquals(project.contents("development"), project.contents("restored"));
    }

    @Test
    void aKeyThatIsNotA256BitKeyStopsEveryCommandWithoutShowingIt() {
        String shortKey = Base64.getEncoder().encodeToString(new byte[16]);
        project.settings(settings(encryption(shortKey)));
        TestProject.Run run = project.run("list_backups");
        assertEquals(2, run.exitCode(), run.all());
        assertTrue(run.err().contains("backups.encryption.key is not a 256-bit key in base64 (it decodes to 16 bytes, not 32)"), run.err());
        assertFalse(run.all().contains(shortKey));

        project.settings(settings(encryption("not base64!")));
        TestProject.Run notBase64 = project.run("list_backups");
        assertEquals(2, notBase64.exitCode());
        assertTrue(notBase64.err().contains("it is not base64") && !notBase64.err().contains("not base64!"), notBase64.err());

        project.settings(settings("  encryption:\n    previous_keys: " + KEY + "\n"));
        TestProject.Run notAList = project.run("list_backups");
        assertEquals(2, notAList.exitCode());
        assertTrue(notAList.err().contains("previous_keys must be a list") && !notAList.err().contains(KEY), notAList.err());

        project.settings(settings("  encryption:\n    previous_keys: []\n"));
        TestProject.Run noKey = project.run("list_backups");
        assertEquals(2, noKey.exitCode());
        assertTrue(noKey.err().contains("backups.encryption has no 'key'"), noKey.err());
    }

    /** A backup of 2,000 documents of random text: over 2 MiB gzipped, so several 1 MiB segments. */
    private String backUp() {
        Random random = new Random(16);
        project.with("development", db -> {
            List<Document> docs = new ArrayList<>();
            for (int i = 0; i < 2000; i++) {
                byte[] noise = new byte[1100];
                random.nextBytes(noise);
                docs.add(new Document("_id", i).append("text", Base64.getEncoder().encodeToString(noise)));
            }
            db.getCollection("notes").insertMany(docs);
        });
        TestProject.Run backup = project.run("backup", "development");
        assertEquals(0, backup.exitCode(), backup.all());
        return onlyBackup();
    }

    private String onlyBackup() {
        List<String> manifests = files().stream().filter(f -> f.endsWith(".json")).toList();
        assertEquals(1, manifests.size(), manifests.toString());
        return manifests.get(0).replace(".json", "");
    }

    private List<String> files() {
        try (Stream<Path> files = Files.list(dir.resolve("backups"))) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String settings(String encryption) {
        return """
                environments:
                  development:
                    uri: embedded:.monarch/development
                    database: app_dev
                  restored:
                    uri: embedded:.monarch/restored
                    database: app_restored
                migrations:
                  lock_wait_seconds: 2
                backups:
                  local:
                    path: backups
                """ + encryption;
    }

    private static String encryption(String key, String... previous) {
        StringBuilder yaml = new StringBuilder("  encryption:\n    key: \"" + key + "\"\n");
        if (previous.length > 0) {
            yaml.append("    previous_keys:\n");
            for (String p : previous) {
                yaml.append("      - \"").append(p).append("\"\n");
            }
        }
        return yaml.toString();
    }

    private static String key(int seed) {
        byte[] key = new byte[32];
        new Random(seed).nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }

    private static String keyId(String base64) {
        return BackupKey.of(Base64.getDecoder().decode(base64), "test").id();
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    static {
        assertNotEquals(KEY, OLD_KEY);
    }
}
