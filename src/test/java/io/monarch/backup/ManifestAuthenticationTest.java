package io.monarch.backup;

import com.google.crypto.tink.subtle.Hkdf;
import io.monarch.stream.BackupKey;
import io.monarch.support.TestProject;
import org.bson.BsonDocument;
import org.bson.Document;
import org.bson.RawBsonDocument;
import org.bson.codecs.BsonDocumentCodec;
import org.bson.json.JsonMode;
import org.bson.json.JsonWriterSettings;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Authenticated manifests: with a key (backups.signing, or the encryption key) a manifest carries an HMAC of all it
 * says, and restore and verify check it before reading the archive. A manifest changed, or rewritten for another
 * archive by someone without the key, is refused (exit 1); a MAC whose key is not configured is exit 2 naming the
 * key id; a manifest without a MAC is said under a key, and refused with backups.require_authenticated. The target
 * never changes when a backup is refused.
 */
class ManifestAuthenticationTest {
    private static final String SIGNING_KEY = key(11);
    private static final String OTHER_KEY = key(12);
    private static final String ENCRYPTION_KEY = key(13);

    @TempDir
    Path dir;
    TestProject project;

    @BeforeEach
    void project() {
        project = new TestProject(dir).settings(settings(signing(SIGNING_KEY)));
        project.with("development", db -> {
            List<Document> users = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                users.add(new Document("_id", i).append("email", "user" + i + "@example.com"));
            }
            db.getCollection("users").insertMany(users);
            db.getCollection("orders").insertOne(new Document("_id", 1).append("total", 12));
        });
        project.with("restored", db -> db.getCollection("kept").insertOne(new Document("_id", 1).append("was", "here")));
    }

    @Test
    void aBackupWithASigningKeyCarriesAMacThatRestoreAndVerifyCheck() throws Exception {
        TestProject.Run backup = project.run("backup", "development");
        assertEquals(0, backup.exitCode(), backup.all());
        assertTrue(backup.out().contains("manifest authenticated (key id " + keyId(SIGNING_KEY) + ")"), backup.out());
        String name = onlyBackup();
        assertTrue(Files.isRegularFile(dir.resolve("backups/" + name + ".archive.gz")), "not encrypted: " + files());

        String json = manifestText(name);
        BsonDocument manifest = BsonDocument.parse(json);
        assertEquals("mac", List.copyOf(manifest.keySet()).get(manifest.size() - 1), "the MAC is the manifest's last field");
        BsonDocument mac = manifest.getDocument("mac");
        assertEquals(keyId(SIGNING_KEY), mac.getString("keyId").getValue());
        assertEquals(independentMac(SIGNING_KEY, json), mac.getString("hmacSha256").getValue(),
                "HMAC-SHA256, under HKDF-SHA256(key, info 'monarch manifest hmac-sha256 v1'), of the manifest but its mac as BSON");
        assertNotEquals(rawKeyMac(SIGNING_KEY, json), mac.getString("hmacSha256").getValue(), "the key itself is not the MAC key");
        assertFalse(json.contains(SIGNING_KEY), "the manifest holds the key");

        TestProject.Run verify = project.run("verify", name);
        assertEquals(0, verify.exitCode(), verify.all());
        assertTrue(verify.out().startsWith("OK " + name) && verify.out().contains("the manifest authenticates with key " + keyId(SIGNING_KEY)),
                verify.out());
        TestProject.Run list = project.run("list_backups");
        assertTrue(list.out().contains("gzip+mac"), list.out());
        assertTrue(project.run("list_backups", "--json").out().contains("\"macKeyId\": \"" + keyId(SIGNING_KEY) + "\""));

        TestProject.Run restore = project.run("restore", name + ":restored");
        assertEquals(0, restore.exitCode(), restore.all());
        assertFalse(restore.err().contains("not authenticated"), restore.err());
        assertEquals(project.contents("development"), project.contents("restored"));
    }

    @Test
    void theEncryptionKeyAuthenticatesManifestsWhenNoSigningKeyIsGiven() throws Exception {
        project.settings(settings(encryption(ENCRYPTION_KEY)));
        assertEquals(0, project.run("backup", "development").exitCode());
        String name = onlyBackup();
        String json = manifestText(name);
        BsonDocument mac = BsonDocument.parse(json).getDocument("mac");
        assertEquals(keyId(ENCRYPTION_KEY), mac.getString("keyId").getValue());
        assertEquals(independentMac(ENCRYPTION_KEY, json), mac.getString("hmacSha256").getValue());
        assertTrue(project.run("list_backups").out().contains("gzip+enc+mac"));
        assertEquals(0, project.run("verify", name).exitCode());

        edit(name, "\"documents\": 1,", "\"documents\": 2,");
        Map<String, List<BsonDocument>> before = project.contents("restored");
        TestProject.Run restore = project.run("restore", name + ":restored");
        assertEquals(1, restore.exitCode(), restore.all());
        assertTrue(restore.err().contains("does not authenticate with key " + keyId(ENCRYPTION_KEY)), restore.err());
        assertEquals(before, project.contents("restored"));
    }

    @Test
    void oneNumberEditedInTheManifestIsRefusedByRestoreAndVerifyAndTheTargetIsUnchanged() throws Exception {
        String name = backUp();
        Map<String, List<BsonDocument>> before = project.contents("restored");
        String good = manifestText(name);

        for (String[] change : new String[][]{{"\"documents\": 300,", "\"documents\": 301,"}, {"\"tookMs\": ", "\"tookMs\": 1"}}) {
            edit(name, change[0], change[1]);
            TestProject.Run restore = project.run("restore", name + ":restored");
            assertEquals(1, restore.exitCode(), change[1] + ": " + restore.all());
            assertTrue(restore.err().contains("the manifest " + dir.resolve("backups/" + name + ".json"))
                    && restore.err().contains("does not authenticate with key " + keyId(SIGNING_KEY)
                    + ": it was changed, or written by someone without the key; nothing was changed"), restore.err());
            assertEquals(before, project.contents("restored"), change[1]);

            TestProject.Run verify = project.run("verify", name);
            assertEquals(1, verify.exitCode(), verify.all());
            assertTrue(verify.err().startsWith("FAILED " + name + ": ") && verify.err().contains("does not authenticate"), verify.err());
            Files.writeString(manifest(name), good);
        }

        Files.writeString(manifest(name), good.replace("\n", "\r\n  ")); // spacing is not content
        assertEquals(0, project.run("verify", name).exitCode());
    }

    @Test
    void anArchiveSwappedInWithItsManifestRewrittenByAForgerIsRefused() throws Exception {
        String name = backUp();
        project.with("development", db -> db.getCollection("users").deleteMany(new Document()));
        assertEquals(0, project.run("backup", "development", "--name", "empty").exitCode());
        String other = files().stream().filter(f -> f.endsWith("__empty.json")).findFirst().orElseThrow().replace(".json", "");
        Map<String, List<BsonDocument>> before = project.contents("restored");

        // the forger puts the other archive in place and gives the manifest its size, SHA-256, counts and hashes
        Files.copy(dir.resolve("backups/" + other + ".archive.gz"), dir.resolve("backups/" + name + ".archive.gz"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Document forged = Document.parse(manifestText(other));
        Document original = Document.parse(manifestText(name));
        for (String field : List.of("name", "archiveFile", "createdAt", "label", "mac")) {
            if (original.containsKey(field)) {
                forged.put(field, original.get(field));
            }
        }
        Files.writeString(manifest(name), forged.toJson(JsonWriterSettings.builder().outputMode(JsonMode.RELAXED).indent(true).build()));

        TestProject.Run restore = project.run("restore", name + ":restored");
        assertEquals(1, restore.exitCode(), restore.all());
        assertTrue(restore.err().contains("does not authenticate with key " + keyId(SIGNING_KEY)), restore.err());
        assertEquals(before, project.contents("restored"));
        assertEquals(1, project.run("verify", name).exitCode());

        // an authentic manifest copied over another backup's names its own backup: refused too
        Files.copy(manifest(other), manifest(name), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        TestProject.Run copied = project.run("restore", name + ":restored");
        assertEquals(1, copied.exitCode(), copied.all());
        assertTrue(copied.err().contains("describes the backup " + other + ", not " + name), copied.err());
        assertEquals(before, project.contents("restored"));
    }

    @Test
    void aManifestWithoutMacWarnsUnderAKeyAndIsRefusedWhenAuthenticationIsRequired() throws Exception {
        project.settings(settings(""));
        assertEquals(0, project.run("backup", "development").exitCode());
        String name = onlyBackup();
        assertNull(BsonDocument.parse(manifestText(name)).get("mac"), "no key, no MAC");
        assertFalse(project.run("list_backups").out().contains("+mac"));

        project.settings(settings(signing(SIGNING_KEY)));
        TestProject.Run restore = project.run("restore", name + ":restored");
        assertEquals(0, restore.exitCode(), restore.all());
        assertTrue(restore.err().contains("warning: the manifest " + manifest(name) + " is not authenticated"), restore.err());
        assertEquals(1, restore.err().lines().filter(l -> l.contains("not authenticated")).count(), restore.err());
        assertEquals(project.contents("development"), project.contents("restored"));
        TestProject.Run verify = project.run("verify", name);
        assertEquals(0, verify.exitCode(), verify.all());
        assertTrue(verify.err().contains("is not authenticated") && !verify.out().contains("authenticates with key"), verify.all());

        project.with("restored", db -> db.getCollection("kept").insertOne(new Document("_id", 2)));
        Map<String, List<BsonDocument>> before = project.contents("restored");
        project.settings(settings(signing(SIGNING_KEY) + "  require_authenticated: true\n"));
        TestProject.Run refused = project.run("restore", name + ":restored");
        assertEquals(1, refused.exitCode(), refused.all());
        assertTrue(refused.err().contains("has no MAC, and backups.require_authenticated is true")
                && refused.err().contains("Nothing was changed"), refused.err());
        assertEquals(before, project.contents("restored"));
        assertEquals(1, project.run("verify", name).exitCode());

        // a MAC taken off an authenticated manifest is the same: refused
        assertEquals(0, project.run("backup", "development", "--name", "signed").exitCode());
        String signed = files().stream().filter(f -> f.endsWith("__signed.json")).findFirst().orElseThrow().replace(".json", "");
        Document stripped = Document.parse(manifestText(signed));
        stripped.remove("mac");
        Files.writeString(manifest(signed), stripped.toJson(JsonWriterSettings.builder().outputMode(JsonMode.RELAXED).indent(true).build()));
        assertEquals(1, project.run("restore", signed + ":restored").exitCode());
        assertEquals(before, project.contents("restored"));

        // by path, an archive named as a backup with no manifest beside it cannot be authenticated
        Files.delete(manifest(signed));
        TestProject.Run byPath = project.run("restore", dir.resolve("backups/" + signed + ".archive.gz") + ":restored");
        assertEquals(1, byPath.exitCode(), byPath.all());
        assertTrue(byPath.err().contains("has no manifest beside it, so it cannot be authenticated"), byPath.err());
        assertEquals(before, project.contents("restored"));
    }

    @Test
    void aMacWhoseKeyIsNotConfiguredIsExit2NamingTheKeyIdAndPreviousKeysCheckIt() throws Exception {
        String name = backUp();
        Map<String, List<BsonDocument>> before = project.contents("restored");

        project.settings(settings(signing(OTHER_KEY)));
        TestProject.Run restore = project.run("restore", name + ":restored");
        assertEquals(2, restore.exitCode(), restore.all());
        assertTrue(restore.err().contains("is authenticated with the key whose id is " + keyId(SIGNING_KEY))
                && restore.err().contains("they have " + keyId(OTHER_KEY)) && restore.err().contains("Nothing was changed"), restore.err());
        assertFalse(restore.all().contains(SIGNING_KEY) || restore.all().contains(OTHER_KEY), "a key was printed");
        assertEquals(before, project.contents("restored"));

        TestProject.Run verify = project.run("verify", name);
        assertEquals(2, verify.exitCode(), verify.all());
        assertTrue(verify.err().contains("whose id is " + keyId(SIGNING_KEY)) && verify.err().contains("MAC was not checked")
                && verify.err().contains("matches its manifest"), verify.err());
        edit(name, "\"documents\": 300,", "\"documents\": 301,");
        TestProject.Run damaged = project.run("verify", name);
        assertEquals(1, damaged.exitCode(), "what can be checked without the key still is: " + damaged.all());
        edit(name, "\"documents\": 301,", "\"documents\": 300,");

        project.settings(settings(""));
        TestProject.Run none = project.run("restore", name + ":restored");
        assertEquals(2, none.exitCode(), none.all());
        assertTrue(none.err().contains("the settings have neither backups.signing nor backups.encryption"), none.err());
        assertEquals(before, project.contents("restored"));

        project.settings(settings("  signing:\n    key: \"" + OTHER_KEY + "\"\n    previous_keys:\n      - \"" + SIGNING_KEY + "\"\n"));
        TestProject.Run rotated = project.run("restore", name + ":restored");
        assertEquals(0, rotated.exitCode(), rotated.all());
        assertEquals(project.contents("development"), project.contents("restored"));
        TestProject.Run newer = project.run("backup", "development", "--name", "rotated");
        assertTrue(newer.out().contains("manifest authenticated (key id " + keyId(OTHER_KEY) + ")"), newer.out());
    }

    @Test
    void signingSettingsAreCheckedLikeEncryptionKeys() {
        project.settings(settings("  require_authenticated: true\n"));
        TestProject.Run noKey = project.run("list_backups");
        assertEquals(2, noKey.exitCode(), noKey.all());
        assertTrue(noKey.err().contains("settings.yml:13: backups.require_authenticated is true, but no key authenticates manifests"),
                noKey.err());

        String shortKey = Base64.getEncoder().encodeToString(new byte[16]);
        project.settings(settings(signing(shortKey)));
        TestProject.Run notAKey = project.run("list_backups");
        assertEquals(2, notAKey.exitCode());
        assertTrue(notAKey.err().contains("settings.yml:14: backups.signing.key is not a 256-bit key in base64")
                && notAKey.err().contains("${MONARCH_SIGNING_KEY}") && !notAKey.err().contains(shortKey), notAKey.err());

        project.settings(settings("  signing:\n    keys: x\n"));
        assertTrue(project.run("list_backups").err().contains("unknown key 'keys' under backups.signing"));

        project.settings(settings(signing("${MONARCH_TEST_SIGNING_KEY_NOT_SET}")));
        TestProject.Run backup = project.run("backup", "development");
        assertEquals(2, backup.exitCode(), backup.all());
        assertTrue(backup.err().contains("backups.signing.key: ${MONARCH_TEST_SIGNING_KEY_NOT_SET} is not set")
                && backup.err().contains("does not write a manifest unauthenticated"), backup.err());
        assertFalse(Files.exists(dir.resolve("backups")), "nothing was written");
    }

    /** What the MAC must be, computed from the README's description alone: Tink's HKDF, the JDK's HMAC, BSON. */
    private static String independentMac(String base64Key, String json) throws Exception {
        byte[] macKey = Hkdf.computeHkdf("HMACSHA256", Base64.getDecoder().decode(base64Key), new byte[0],
                "monarch manifest hmac-sha256 v1".getBytes(StandardCharsets.US_ASCII), 32);
        return hmac(macKey, json);
    }

    private static String rawKeyMac(String base64Key, String json) throws Exception {
        return hmac(Base64.getDecoder().decode(base64Key), json);
    }

    private static String hmac(byte[] key, String json) throws Exception {
        BsonDocument content = BsonDocument.parse(json);
        content.remove("mac");
        ByteBuffer bson = new RawBsonDocument(content, new BsonDocumentCodec()).getByteBuffer().asNIO();
        byte[] bytes = new byte[bson.remaining()];
        bson.get(bytes);
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(bytes));
    }

    private String backUp() {
        TestProject.Run backup = project.run("backup", "development");
        assertEquals(0, backup.exitCode(), backup.all());
        return onlyBackup();
    }

    private void edit(String name, String from, String to) throws Exception {
        String text = manifestText(name);
        assertTrue(text.contains(from), from + " in " + text);
        Files.writeString(manifest(name), text.replaceFirst(java.util.regex.Pattern.quote(from), java.util.regex.Matcher.quoteReplacement(to)));
    }

    private Path manifest(String name) {
        return dir.resolve("backups/" + name + ".json");
    }

    private String manifestText(String name) throws Exception {
        return Files.readString(manifest(name));
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

    private static String settings(String backups) {
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
                """ + backups;
    }

    private static String signing(String key) {
        return "  signing:\n    key: \"" + key + "\"\n";
    }

    private static String encryption(String key) {
        return "  encryption:\n    key: \"" + key + "\"\n";
    }

    private static String key(int seed) {
        byte[] key = new byte[32];
        new Random(seed).nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }

    private static String keyId(String base64) {
        return BackupKey.id(Base64.getDecoder().decode(base64));
    }
}
