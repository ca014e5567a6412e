package io.monarch.storage;

import io.monarch.stream.CompressionStreams;
import io.monarch.archive.IndependentArchiveCheck;
import io.monarch.support.ChildJvm;
import io.monarch.support.S3TestServer;
import io.monarch.support.TestData;
import io.monarch.support.TestProject;
import org.bson.Document;
import org.bson.types.Binary;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** backup, list_backups and restore with the S3 store, against an S3 server in this JVM. */
class S3BackupTest {
    private static S3TestServer s3;
    private static int buckets;

    @TempDir
    Path dir;
    TestProject project;
    String bucket;

    @BeforeAll
    static void startS3() throws Exception {
        s3 = S3TestServer.start();
    }

    @AfterAll
    static void stopS3() throws Exception {
        s3.close();
    }

    @BeforeEach
    void project() {
        bucket = "team-backups-" + (++buckets);
        s3.createBucket(bucket);
        project = new TestProject(dir).settings(settings(bucket));
    }

    @AfterEach
    void healS3() {
        s3.stopFailing();
    }

    private String settings(String bucketName) {
        return """
                environments:
                  development:
                    uri: embedded:.monarch/development
                    database: app_dev
                  restored:
                    uri: embedded:.monarch/restored
                    database: app_restored
                backups:
                  local:
                    path: backups
                  s3:
                    bucket: %s
                    prefix: monarch/
                    region: us-east-1
                    endpoint: %s
                """.formatted(bucketName, s3.endpoint());
    }

    @ParameterizedTest
    @ValueSource(strings = {"gzip", "zstd", "none"})
    void roundTripThroughS3(String compression) throws Exception {
        project.with("development", TestData::seed);
        TestProject.Run backup = project.run("backup", "development", "--store", "s3", "--compression", compression);
        assertEquals(0, backup.exitCode(), backup.all());

        List<String> keys = keys();
        assertEquals(2, keys.size(), keys.toString());
        String manifestKey = keys.stream().filter(k -> k.endsWith(".json")).findFirst().orElseThrow();
        String name = manifestKey.substring("monarch/".length(), manifestKey.length() - ".json".length());
        String archiveKey = keys.stream().filter(k -> !k.endsWith(".json")).findFirst().orElseThrow();
        assertTrue(archiveKey.startsWith("monarch/" + name + ".archive"), archiveKey);
        try (InputStream in = CompressionStreams.detect(s3.client().getObject(r -> r.bucket(bucket).key(archiveKey)))) {
            Map<String, Long> counts = IndependentArchiveCheck.verify(in.readAllBytes());
            assertEquals(2500L, counts.get("app_dev.users"));
        }

        TestProject.Run list = project.run("list_backups", "--store", "s3");
        assertEquals(0, list.exitCode(), list.all());
        assertTrue(list.out().contains(name) && list.out().contains("s3"), list.out());
        assertTrue(project.run("list_backups", "--store", "local").out().contains("no backups"));

        TestProject.Run verify = project.run("verify", name);
        assertEquals(0, verify.exitCode(), verify.all());
        assertTrue(verify.out().startsWith("OK " + name) && verify.out().contains("as its manifest says"), verify.out());

        TestProject.Run restore = project.run("restore", name + ":restored");
        assertEquals(0, restore.exitCode(), restore.all());
        Object source = project.read("development", db -> TestData.contents(db));
        Object target = project.read("restored", db -> TestData.contents(db));
        assertEquals(source, target);
        Object sourceIndexes = project.read("development", db -> TestData.indexes(db, "users"));
        Object targetIndexes = project.read("restored", db -> TestData.indexes(db, "users"));
        assertEquals(sourceIndexes, targetIndexes);
        assertEquals(0, s3.client().listMultipartUploads(r -> r.bucket(bucket)).uploads().size());
    }

    @Test
    void aLargeBackupGoesUpInPartsSeveralAtOnceAndRestores() throws Exception {
        seedIncompressible(40); // 40 MiB: five 8 MiB parts
        s3.slowParts(1000); // long enough that the next part is full before this one lands, even on a slow machine
        TestProject.Run backup = project.run("backup", "development", "--store", "s3", "--compression", "none");
        assertEquals(0, backup.exitCode(), backup.all());
        assertTrue(s3.mostPartsAtOnce() > 1, "parts went up one at a time: " + s3.mostPartsAtOnce());

        String archiveKey = keys().stream().filter(k -> !k.endsWith(".json")).findFirst().orElseThrow();
        try (InputStream in = s3.client().getObject(r -> r.bucket(bucket).key(archiveKey))) {
            assertEquals(640L, IndependentArchiveCheck.verify(in.readAllBytes()).get("app_dev.files"));
        }
        String name = archiveKey.substring("monarch/".length(), archiveKey.indexOf(".archive"));
        TestProject.Run restore = project.run("restore", name + ":restored");
        assertEquals(0, restore.exitCode(), restore.all());
        Object source = project.read("development", db -> TestData.contents(db));
        Object target = project.read("restored", db -> TestData.contents(db));
        assertEquals(source, target);
    }

    @Test
    void ctrlCDuringAnUploadLeavesNoObjectAndNoUpload() throws Exception {
        seedIncompressible(40);
        s3.slowParts(1500); // each part takes 1.5 s: the upload is surely part way when interrupted
        ProcessBuilder child = ChildJvm.monarch("backup", "development", "--store", "s3", "--compression", "none", "--quiet",
                "--settings", project.settingsFile().toString()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("backup.log").toFile());
        child.environment().put("AWS_ACCESS_KEY_ID", System.getProperty("aws.accessKeyId"));
        child.environment().put("AWS_SECRET_ACCESS_KEY", System.getProperty("aws.secretAccessKey"));
        Process backup = child.start();
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (System.nanoTime() < deadline && backup.isAlive() && s3.partsNow() == 0) {
            Thread.sleep(10);
        }
        assertTrue(s3.partsNow() > 0, "parts were seen going up: " + Files.readString(dir.resolve("backup.log")));
        new ProcessBuilder("kill", "-INT", Long.toString(backup.pid())).start().waitFor();

        assertEquals(130, backup.waitFor(), Files.readString(dir.resolve("backup.log")));
        assertTrue(Files.readString(dir.resolve("backup.log")).contains("nothing was kept"), Files.readString(dir.resolve("backup.log")));
        assertEquals(0, s3.client().listMultipartUploads(r -> r.bucket(bucket)).uploads().size(),
                "the multipart upload was aborted: " + Files.readString(dir.resolve("backup.log")));
        assertEquals(List.of(), keys());
    }

    @Test
    void aRestoreReadResumesAfterTheConnectionDropsAndGivesUpAfterTooMany() throws Exception {
        seedIncompressible(12);
        assertEquals(0, project.run("backup", "development", "--store", "s3", "--compression", "gzip").exitCode());
        String archiveKey = keys().stream().filter(k -> !k.endsWith(".json")).findFirst().orElseThrow();
        String name = archiveKey.substring("monarch/".length(), archiveKey.indexOf(".archive"));

        s3.cutArchiveReads(2, 3 << 20); // the first read and the first resume break off after 3 MiB each
        TestProject.Run restore = project.run("restore", name + ":restored");
        assertEquals(0, restore.exitCode(), restore.all());
        Object source = project.read("development", db -> TestData.contents(db));
        Object target = project.read("restored", db -> TestData.contents(db));
        assertEquals(source, target);

        project.with("restored", db -> db.getCollection("files").deleteMany(new Document("_id", new Document("$gte", 10))));
        s3.cutArchiveReads(100, 1 << 20);
        TestProject.Run broken = project.run("restore", name + ":restored");
        assertEquals(1, broken.exitCode(), broken.all());
        assertTrue(broken.err().contains("broke off 6 times") && broken.err().contains("run the command again"), broken.err());
        assertEquals(10L, (long) project.read("restored", db -> db.getCollection("files").countDocuments()),
                "the target is as it was");
    }

    @Test
    void listBackupsPointsAtAnUploadThatNeverFinished() {
        String uploadId = s3.client().createMultipartUpload(r -> r.bucket(bucket).key("monarch/killed.archive.gz")).uploadId();
        TestProject.Run list = project.run("list_backups", "--store", "s3");
        assertEquals(0, list.exitCode(), list.all());
        assertTrue(list.err().contains("s3://" + bucket + "/monarch/killed.archive.gz") && list.err().contains(uploadId), list.err());
        s3.client().abortMultipartUpload(r -> r.bucket(bucket).key("monarch/killed.archive.gz").uploadId(uploadId));
        assertFalse(project.run("list_backups", "--store", "s3").err().contains("unfinished"));
    }

    @Test
    void partSizesGrowSoTenThousandPartsHoldHundredsOfGigabytes() {
        long total = 0;
        for (int part = 1; part <= S3Upload.MAX_PARTS; part++) {
            int bytes = S3Upload.partBytes(part);
            assertTrue(bytes >= 5 << 20, "S3 refuses parts under 5 MiB but the last");
            total += bytes;
        }
        assertEquals(8 << 20, S3Upload.partBytes(1));
        assertEquals(80 << 20, S3Upload.partBytes(S3Upload.MAX_PARTS));
        assertTrue(total > 400e9, total + " bytes");
    }

    /** {@code mebibytes} MiB of random binary in 64 KiB documents: the archive is about that size whatever the compression. */
    private void seedIncompressible(int mebibytes) {
        Random random = new Random(42);
        project.with("development", db -> {
            for (int i = 0; i < mebibytes * 16; i++) {
                byte[] payload = new byte[64 * 1024];
                random.nextBytes(payload);
                db.getCollection("files").insertOne(new Document("_id", i).append("data", new Binary(payload)));
            }
        });
    }

    @Test
    void anUploadFailingPartWayLeavesNoObjectAndNoMultipartUpload() {
        // 24 MiB that does not compress: three 8 MiB parts; the store refuses the second
        seedIncompressible(24);
        s3.failPartsFrom(2);
        TestProject.Run backup = project.run("backup", "development", "--store", "s3", "--compression", "none");
        assertEquals(1, backup.exitCode(), backup.all());
        assertTrue(backup.err().contains("nothing was kept"), backup.err());
        assertEquals(List.of(), keys());
        assertEquals(0, s3.client().listMultipartUploads(r -> r.bucket(bucket)).uploads().size(),
                "the multipart upload was aborted");
        assertTrue(project.run("list_backups", "--store", "s3").out().contains("no backups"));
    }

    @Test
    void aMissingBucketSaysSo() {
        project.settings(settings("no-such-bucket"));
        project.with("development", db -> db.getCollection("a").insertOne(new Document("x", 1)));
        TestProject.Run backup = project.run("backup", "development", "--store", "s3");
        assertEquals(2, backup.exitCode(), backup.all());
        assertTrue(backup.err().contains("bucket 'no-such-bucket' does not exist"), backup.err());
        TestProject.Run list = project.run("list_backups", "--store", "s3");
        assertEquals(2, list.exitCode(), list.all());
    }

    @Test
    void wrongCredentialsAreReportedAsAccessDenied() {
        project.with("development", db -> db.getCollection("a").insertOne(new Document("x", 1)));
        String secret = System.getProperty("aws.secretAccessKey");
        System.setProperty("aws.secretAccessKey", "not-the-secret");
        try {
            TestProject.Run backup = project.run("backup", "development", "--store", "s3");
            assertEquals(2, backup.exitCode(), backup.all());
            assertTrue(backup.err().contains("access denied") && backup.err().contains("credentials"), backup.err());
            assertFalse(backup.all().contains("not-the-secret"), backup.all());
        } finally {
            System.setProperty("aws.secretAccessKey", secret);
        }
        assertEquals(List.of(), keys());
    }

    @Test
    void anS3StoreMissingFromTheSettingsIsAUsageError() {
        project.settings("""
                environments:
                  development:
                    uri: embedded:.monarch/development
                    database: app_dev
                """);
        TestProject.Run backup = project.run("backup", "development", "--store", "s3");
        assertEquals(2, backup.exitCode(), backup.all());
        assertTrue(backup.err().contains("backups.s3"), backup.err());
    }

    private List<String> keys() {
        List<String> keys = new ArrayList<>();
        for (S3Object object : s3.client().listObjectsV2Paginator(r -> r.bucket(bucket)).contents()) {
            keys.add(object.key());
        }
        return keys;
    }

}
