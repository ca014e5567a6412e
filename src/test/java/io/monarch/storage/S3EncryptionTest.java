package io.monarch.storage;

import io.monarch.api.Compression;
import io.monarch.config.S3Settings;
import io.monarch.support.RecordingRelay;
import io.monarch.support.S3TestServer;
import io.monarch.support.TestProject;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Encryption and S3: a client-side encrypted backup goes to S3 and back; backups.s3.sse asks S3 to encrypt every
 * object it stores, checked on the requests as the server receives them (a relay in front of the S3 server).
 */
class S3EncryptionTest {
    private static final String KMS_KEY = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
    private static S3TestServer s3;
    private static RecordingRelay relay;
    private static int buckets;

    @TempDir
    Path dir;
    String bucket;

    @BeforeAll
    static void startS3() throws Exception {
        s3 = S3TestServer.start();
        relay = RecordingRelay.to(s3.endpoint());
    }

    @AfterAll
    static void stopS3() throws Exception {
        relay.close();
        s3.close();
    }

    @BeforeEach
    void bucket() {
        bucket = "encrypted-backups-" + (++buckets);
        s3.createBucket(bucket);
    }

    @Test
    void anEncryptedBackupGoesToS3AndBackAndVerifiesWithOrWithoutTheKey() throws Exception {
        byte[] raw = new byte[32];
        new Random(9).nextBytes(raw);
        String key = Base64.getEncoder().encodeToString(raw);
        TestProject project = new TestProject(dir).settings(settings(s3.endpoint(), "", "  encryption:\n    key: \"" + key + "\"\n"));
        project.with("development", db -> {
            List<Document> users = new ArrayList<>();
            for (int i = 0; i < 3000; i++) {
                users.add(new Document("_id", i).append("email", "user" + i + "@example.com").append("bio", "x".repeat(i % 700)));
            }
            db.getCollection("users").insertMany(users);
        });
        TestProject.Run backup = project.run("backup", "development", "--store", "s3", "--compression", "zstd");
        assertEquals(0, backup.exitCode(), backup.all());

        List<String> keys = keys();
        String archiveKey = keys.stream().filter(k -> !k.endsWith(".json")).findFirst().orElseThrow();
        assertTrue(archiveKey.endsWith(".archive.zst.enc"), keys.toString());
        String name = archiveKey.substring("monarch/".length(), archiveKey.indexOf(".archive"));
        try (InputStream in = s3.client().getObject(r -> r.bucket(bucket).key(archiveKey))) {
            byte[] head = in.readNBytes(4);
            assertFalse(head[0] == 0x28 && (head[1] & 0xff) == 0xb5 && head[2] == 0x2f && (head[3] & 0xff) == 0xfd,
                    "the stored bytes are not plain zstd");
        }

        TestProject.Run verify = project.run("verify", name);
        assertEquals(0, verify.exitCode(), verify.all());
        assertTrue(verify.out().contains("as its manifest says"), verify.out());
        TestProject.Run restore = project.run("restore", name + ":restored");
        assertEquals(0, restore.exitCode(), restore.all());
        assertEquals(project.contents("development"), project.contents("restored"));

        project.settings(settings(s3.endpoint(), "", ""));
        TestProject.Run withoutKey = project.run("verify", name);
        assertEquals(2, withoutKey.exitCode(), withoutKey.all());
        assertTrue(withoutKey.err().contains("s3://" + bucket + "/" + archiveKey) && withoutKey.err().contains("size and SHA-256 match"),
                withoutKey.err());
        project.with("restored", db -> db.getCollection("later").insertOne(new Document("_id", 1)));
        Object before = project.contents("restored");
        assertEquals(2, project.run("restore", name + ":restored").exitCode());
        assertEquals(before, project.contents("restored"));
    }

    @Test
    void everyUploadAsksS3ForKmsEncryptionWithTheKeyOfTheSettings() throws Exception {
        S3Settings settings = new S3Settings(bucket, "monarch/", "us-east-1", Optional.of(relay.endpoint()), Compression.GZIP,
                Optional.of(S3Settings.SSE_KMS), Optional.of(KMS_KEY));
        byte[] nineMebibytes = new byte[9 << 20]; // over one 8 MiB part: a multipart upload
        new Random(3).nextBytes(nineMebibytes);
        try (S3BackupStore store = new S3BackupStore(settings, message -> { })) {
            write(store, "large.bin", nineMebibytes);
            write(store, "small.json", "{}".getBytes());
        }
        RecordingRelay.Request start = only("POST /" + bucket + "/monarch/large.bin?uploads");
        assertEquals("aws:kms", start.header("x-amz-server-side-encryption"), start.headers().toString());
        assertEquals(KMS_KEY, start.header("x-amz-server-side-encryption-aws-kms-key-id"));
        RecordingRelay.Request small = only("PUT /" + bucket + "/monarch/small.json ");
        assertEquals("aws:kms", small.header("x-amz-server-side-encryption"), small.headers().toString());
        assertEquals(KMS_KEY, small.header("x-amz-server-side-encryption-aws-kms-key-id"));
        assertTrue(relay.requests().stream().anyMatch(r -> r.line().contains("partNumber=2")), "two parts went up");

        // the CLI's backup, archive and manifest alike
        TestProject project = new TestProject(dir).settings(settings(relay.endpoint(),
                "    sse: aws:kms\n    kms_key_id: " + KMS_KEY + "\n", ""));
        project.with("development", db -> db.getCollection("users").insertOne(new Document("_id", 1)));
        TestProject.Run backup = project.run("backup", "development", "--store", "s3");
        assertEquals(0, backup.exitCode(), backup.all());
        List<RecordingRelay.Request> uploads = relay.requests().stream().filter(r -> r.line().contains("/" + bucket + "/monarch/development__")
                && (r.line().startsWith("PUT ") && !r.line().contains("partNumber=") || r.line().contains("?uploads"))).toList();
        assertEquals(2, uploads.size(), uploads.toString());
        for (RecordingRelay.Request upload : uploads) {
            assertEquals("aws:kms", upload.header("x-amz-server-side-encryption"), upload.line());
            assertEquals(KMS_KEY, upload.header("x-amz-server-side-encryption-aws-kms-key-id"), upload.line());
        }
        assertEquals(0, project.run("verify", keys().stream().filter(k -> k.endsWith(".json") && k.contains("development__"))
                .findFirst().orElseThrow().replace("monarch/", "").replace(".json", "")).exitCode());
    }

    @Test
    void kmsKeyIdWithoutSseAwsKmsIsASettingsError() {
        TestProject project = new TestProject(dir).settings(settings(s3.endpoint(), "    kms_key_id: " + KMS_KEY + "\n", ""));
        TestProject.Run run = project.run("list_backups");
        assertEquals(2, run.exitCode(), run.all());
        assertTrue(run.err().contains("kms_key_id") && run.err().contains("sse: aws:kms"), run.err());
        project.settings(settings(s3.endpoint(), "    sse: aws:kms:dsse\n", ""));
        TestProject.Run unknown = project.run("list_backups");
        assertEquals(2, unknown.exitCode(), unknown.all());
        assertTrue(unknown.err().contains("backups.s3.sse is 'aws:kms:dsse'; write aws:kms"), unknown.err());
    }

    private static void write(S3BackupStore store, String name, byte[] bytes) throws Exception {
        try (BackupUpload upload = store.create(name)) {
            try (OutputStream out = upload.stream()) {
                out.write(bytes);
            }
            upload.commit();
        }
    }

    private RecordingRelay.Request only(String lineStart) {
        List<RecordingRelay.Request> matching = relay.requests().stream().filter(r -> r.line().startsWith(lineStart)).toList();
        assertEquals(1, matching.size(), lineStart + " in " + relay.requests().stream().map(RecordingRelay.Request::line).toList());
        return matching.get(0);
    }

    private List<String> keys() {
        List<String> keys = new ArrayList<>();
        for (S3Object o : s3.client().listObjectsV2(r -> r.bucket(bucket)).contents()) {
            keys.add(o.key());
        }
        return keys;
    }

    private String settings(String endpoint, String s3Lines, String backupLines) {
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
                  s3:
                    bucket: %s
                    prefix: monarch/
                    region: us-east-1
                    endpoint: %s
                """.formatted(bucket, endpoint) + s3Lines + backupLines;
    }
}
