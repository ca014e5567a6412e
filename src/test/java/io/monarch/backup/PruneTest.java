package io.monarch.backup;

import io.monarch.api.BackupManifest;
import io.monarch.api.Compression;
import io.monarch.api.MonarchException;
import io.monarch.api.PruneResult;
import io.monarch.api.Store;
import io.monarch.config.S3Settings;
import io.monarch.storage.BackupStore;
import io.monarch.storage.BackupUpload;
import io.monarch.storage.LocalBackupStore;
import io.monarch.storage.S3BackupStore;
import io.monarch.storage.StoredFile;
import io.monarch.storage.UnfinishedFile;
import io.monarch.support.S3TestServer;
import io.monarch.support.TestProject;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code monarch prune} over backup sets written straight into a store (a manifest and a small archive each, through
 * the store's own uploads and the manifest writer), local and S3.
 */
class PruneTest {
    private static final Instant NOW = Instant.now();
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
        bucket = "prune-" + (++buckets);
        s3.createBucket(bucket);
        project = new TestProject(dir).settings(settings(""));
    }

    private String settings(String retention) {
        return """
                environments:
                  production:
                    uri: embedded:.monarch/production
                    database: app
                  staging:
                    uri: embedded:.monarch/staging
                    database: app
                backups:
                  local:
                    path: backups
                  s3:
                    bucket: %s
                    prefix: monarch/
                    region: us-east-1
                    endpoint: %s
                %s""".formatted(bucket, s3.endpoint(), retention);
    }

    @Test
    void keepsWhatThePolicySaysAndSaysWhyWithSizes() {
        try (BackupStore store = local()) {
            for (int day = 0; day < 10; day++) {
                write(store, "production", NOW.minus(Duration.ofDays(day)), null, null, 1000);
            }
            for (int day = 0; day < 3; day++) {
                write(store, "production", NOW.minus(Duration.ofDays(day)).minusSeconds(60), null, "AccountQuerySet", 10);
            }
        }
        TestProject.Run prune = project.run("prune", "--keep-daily", "3");
        assertEquals(0, prune.exitCode(), prune.all());
        assertTrue(prune.out().contains("policy: keep-daily 3 (days, ISO weeks and months in UTC)"), prune.out());
        assertTrue(prune.out().contains("removed 7 backups (6.8 KB), kept 6 backups (3.0 KB)"), prune.out());
        String newest = BackupName.of("production", "app", NOW, null).toString();
        assertTrue(lineOf(prune.out(), newest).startsWith("keep") && lineOf(prune.out(), newest).contains("newest, daily "
                + NOW.toString().substring(0, 10)) && lineOf(prune.out(), newest).contains("1000 B"), prune.out());
        String old = BackupName.of("production", "app", NOW.minus(Duration.ofDays(9)), null).toString();
        assertTrue(lineOf(prune.out(), old).startsWith("removed"), prune.out());

        assertEquals(6, listed(StoreArg.LOCAL).size(), "the three newest days of full and of QuerySet backups");
        assertEquals(12, files(dir.resolve("backups")).size(), "manifest and archive of each kept backup, nothing else");
        assertFalse(files(dir.resolve("backups")).stream().anyMatch(f -> f.startsWith(old)));
    }

    @Test
    void aDryRunSaysTheSameAndDeletesNothing() {
        try (BackupStore store = local()) {
            for (int day = 0; day < 5; day++) {
                write(store, "production", NOW.minus(Duration.ofDays(day)), null, null, 100);
            }
        }
        List<String> before = files(dir.resolve("backups"));
        TestProject.Run dry = project.run("prune", "--keep-last", "2", "--dry-run");
        assertEquals(0, dry.exitCode(), dry.all());
        assertTrue(dry.out().contains("would remove 3 backups (300 B), kept 2 backups (200 B); dry run: nothing was deleted"), dry.out());
        assertEquals(before, files(dir.resolve("backups")));

        TestProject.Run json = project.run("prune", "--keep-last", "2", "--dry-run", "--json");
        assertEquals(0, json.exitCode(), json.all());
        Document result = Document.parse(json.out());
        assertEquals(true, result.getBoolean("dryRun"));
        assertEquals("keep-last 2", result.getString("policy"));
        List<Document> backups = result.getList("backups", Document.class);
        assertEquals(5, backups.size());
        assertEquals(List.of("newest", "last"), backups.get(0).getList("keptBy", String.class));
        assertEquals(List.of(false, false, false), backups.subList(2, 5).stream().map(b -> b.getBoolean("kept")).toList());
        assertEquals(before, files(dir.resolve("backups")));
    }

    @Test
    void theSettingsPolicyNeedsNoFlagsAndAFlagOverridesItsRule() {
        project.settings(settings("  retention: {keep_daily: 2, keep_weekly: 2}\n"));
        Instant monday = Instant.parse("2026-11-23T12:00:00Z");
        try (BackupStore store = local()) {
            for (int day = 0; day < 14; day++) { // Monday 2026-11-09 to Sunday 2026-11-22, then Monday 11-23
                write(store, "production", monday.minus(Duration.ofDays(day)), null, null, 10);
            }
        }
        TestProject.Run dry = project.run("prune", "--dry-run", "--json");
        assertEquals(0, dry.exitCode(), dry.all());
        Document result = Document.parse(dry.out());
        assertEquals("keep-daily 2, keep-weekly 2", result.getString("policy"));
        assertEquals(Set.of("2026-11-23T12:00:00Z", "2026-11-22T12:00:00Z"), keptTimes(result),
                "Monday (newest, daily, week 48) and Sunday (daily, week 47)");

        TestProject.Run flags = project.run("prune", "--keep-daily", "0", "--keep-monthly", "1", "--dry-run", "--json");
        assertEquals(0, flags.exitCode(), flags.all());
        Document overridden = Document.parse(flags.out());
        assertEquals("keep-weekly 2, keep-monthly 1", overridden.getString("policy"));
        assertEquals(Set.of("2026-11-23T12:00:00Z", "2026-11-22T12:00:00Z"), keptTimes(overridden));

        TestProject.Run prune = project.run("prune");
        assertEquals(0, prune.exitCode(), prune.all());
        assertEquals(2, listed(StoreArg.LOCAL).size());
    }

    @Test
    void noPolicyIsAUsageErrorThatSaysHowToGiveOne() {
        try (BackupStore store = local()) {
            write(store, "production", NOW, null, null, 10);
            write(store, "production", NOW.minus(Duration.ofDays(1)), null, null, 10);
        }
        TestProject.Run none = project.run("prune");
        assertEquals(2, none.exitCode(), none.all());
        assertTrue(none.err().contains("no retention policy") && none.err().contains("--keep-daily D")
                && none.err().contains("retention: {keep_daily: 7, keep_weekly: 4}"), none.err());
        TestProject.Run zero = project.run("prune", "--keep-daily", "0");
        assertEquals(2, zero.exitCode(), zero.all());
        assertTrue(zero.err().contains("every rule is 0"), zero.err());
        TestProject.Run negative = project.run("prune", "--keep-last", "-1");
        assertEquals(2, negative.exitCode(), negative.all());
        assertTrue(negative.err().contains("--keep-last is -1"), negative.err());
        assertEquals(2, listed(StoreArg.LOCAL).size(), "nothing was deleted");

        project.settings(settings("  retention:\n    keep_daily: seven\n"));
        TestProject.Run bad = project.run("prune");
        assertEquals(2, bad.exitCode(), bad.all());
        assertTrue(bad.err().contains("settings.yml:17:") && bad.err().contains("backups.retention.keep_daily is 'seven'"), bad.err());
        project.settings(settings("  retention: {keep_yearly: 2}\n"));
        TestProject.Run unknown = project.run("prune");
        assertEquals(2, unknown.exitCode(), unknown.all());
        assertTrue(unknown.err().contains("unknown key 'keep_yearly' under backups.retention"), unknown.err());
    }

    @Test
    void environmentsAndStoresArePrunedApartAndEnvNarrowsIt() {
        try (BackupStore local = local(); BackupStore remote = s3Store()) {
            for (int day = 0; day < 3; day++) {
                write(local, "production", NOW.minus(Duration.ofDays(day)), null, null, 10);
                write(local, "staging", NOW.minus(Duration.ofDays(day)), null, null, 10);
                write(remote, "production", NOW.minus(Duration.ofDays(day + 5)), null, null, 10);
            }
        }
        TestProject.Run staging = project.run("prune", "--env", "staging", "--keep-last", "1");
        assertEquals(0, staging.exitCode(), staging.all());
        assertEquals(List.of("production", "production", "production", "staging"),
                listed(StoreArg.LOCAL).stream().map(b -> b.getString("environment")).sorted().toList());
        assertEquals(3, listed(StoreArg.S3).size(), "--store all, but --env staging: production's S3 backups are untouched");

        TestProject.Run s3Only = project.run("prune", "--store", "s3", "--keep-last", "1");
        assertEquals(0, s3Only.exitCode(), s3Only.all());
        assertEquals(1, listed(StoreArg.S3).size(), "S3's newest is kept though the local ones are newer");
        assertEquals(4, listed(StoreArg.LOCAL).size());
        assertEquals(2, keys().size(), "a manifest and an archive: " + keys());
    }

    /** A store whose deletes can fail, and that notes the order they came in. */
    private static final class BrittleStore implements BackupStore {
        final BackupStore store;
        final List<String> deleted = new ArrayList<>();
        Predicate<String> failing = name -> false;

        BrittleStore(BackupStore store) {
            this.store = store;
        }

        @Override
        public void delete(String fileName) {
            if (failing.test(fileName)) {
                throw MonarchException.failed("test store: cannot delete " + fileName, null);
            }
            deleted.add(fileName);
            store.delete(fileName);
        }

        // the rest as the store it wraps
        @Override
        public Store kind() {
            return store.kind();
        }

        @Override
        public String describe(String fileName) {
            return store.describe(fileName);
        }

        @Override
        public BackupUpload create(String fileName) {
            return store.create(fileName);
        }

        @Override
        public InputStream open(String fileName) {
            return store.open(fileName);
        }

        @Override
        public boolean exists(String fileName) {
            return store.exists(fileName);
        }

        @Override
        public List<StoredFile> list() {
            return store.list();
        }

        @Override
        public List<UnfinishedFile> unfinished() {
            return store.unfinished();
        }

        @Override
        public void discard(UnfinishedFile leftover) {
            store.discard(leftover);
        }

        @Override
        public void close() {
            store.close();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"local", "s3"})
    void theManifestGoesFirstSoABackupIsNeverHalfListed(String where) {
        try (BrittleStore store = new BrittleStore(where.equals("local") ? local() : s3Store())) {
            BackupManifest oldest = write(store, "production", NOW.minus(Duration.ofDays(3)), null, null, 10);
            BackupManifest middle = write(store, "production", NOW.minus(Duration.ofDays(2)), null, null, 10);
            BackupManifest older = write(store, "production", NOW.minus(Duration.ofDays(1)), null, null, 10);
            write(store, "production", NOW, null, null, 10);
            store.failing = name -> name.equals(oldest.archiveFile()) || name.equals(middle.name() + ".json");

            PruneResult result = prune(store, Clock.systemUTC(), false);
            assertEquals(List.of(older.name() + ".json", older.archiveFile(), oldest.name() + ".json"), store.deleted,
                    "each removed backup: manifest, then archive");
            assertEquals(2, result.problems().size(), result.problems().toString());
            assertTrue(result.problems().contains("could not delete " + store.describe(middle.name() + ".json") + " (test store: cannot "
                    + "delete " + middle.name() + ".json): the backup " + middle.name() + " is still there, whole; run prune again"),
                    result.problems().toString());
            assertTrue(result.problems().stream().anyMatch(p -> p.startsWith("deleted the manifest of " + oldest.name()
                    + " but not its archive") && p.contains("the next prune removes the archive")), result.problems().toString());

            BackupCatalog.Listing listing = new BackupCatalog(List.of(store)).listing();
            assertEquals(List.of(middle.name(), BackupName.of("production", "app", NOW, null).toString()),
                    listing.backups().stream().map(b -> b.manifest().name()).toList(), "the half-pruned backup is not listed");
            assertEquals(List.of(), listing.damaged());
            assertTrue(store.exists(oldest.archiveFile()));

            store.failing = name -> false;
            PruneResult young = prune(store, Clock.systemUTC(), false);
            assertEquals(List.of(), young.problems());
            assertTrue(store.exists(oldest.archiveFile()), "an archive written within a day may be a backup about to write its manifest");
            assertEquals(List.of(false), young.leftovers().stream().map(l -> l.removed()).toList());

            PruneResult later = prune(store, Clock.offset(Clock.systemUTC(), Duration.ofDays(2)), false);
            assertEquals(List.of(), later.problems());
            assertEquals(1, later.leftovers().size());
            assertTrue(later.leftovers().get(0).removed() && later.leftovers().get(0).description().contains("an archive with no manifest"),
                    later.leftovers().toString());
            assertFalse(store.exists(oldest.archiveFile()), "a day later it is a leftover, removed");
            assertEquals(1, new BackupCatalog(List.of(store)).list().size());
        }
    }

    @Test
    void localLeftoversOfKilledBackupsGoOnceADayOld() throws IOException {
        Path backups = dir.resolve("backups");
        try (BackupStore store = local()) {
            write(store, "production", NOW, null, null, 10);
        }
        String dead = BackupName.of("production", "app", NOW.minus(Duration.ofDays(3)), null).archiveFile(Compression.GZIP, false) + ".4242.partial";
        String running = BackupName.of("production", "app", NOW.minus(Duration.ofDays(3)), null).archiveFile(Compression.GZIP, false) + ".4343.partial";
        String deadManifest = BackupName.of("production", "app", NOW.minus(Duration.ofDays(2)), null).manifestFile() + ".4444.partial";
        String orphan = BackupName.of("production", "app", NOW.minus(Duration.ofDays(5)), null).archiveFile(Compression.ZSTD, false);
        String staging = BackupName.of("staging", "app", NOW.minus(Duration.ofDays(3)), null).archiveFile(Compression.NONE, false) + ".4545.partial";
        String notOurs = "notes.txt.1.partial";
        for (String file : List.of(dead, running, deadManifest, orphan, staging, notOurs)) {
            Files.write(backups.resolve(file), new byte[123]);
            if (!file.equals(running)) {
                Files.setLastModifiedTime(backups.resolve(file), FileTime.from(NOW.minus(Duration.ofHours(25))));
            }
        }
        TestProject.Run dry = project.run("prune", "--keep-last", "1", "--env", "production", "--dry-run");
        assertEquals(0, dry.exitCode(), dry.all());
        assertTrue(lineOf(dry.out(), dead).startsWith("would remove leftover of a killed backup: " + backups.resolve(dead)
                + " (123 bytes), last written "), dry.out());
        assertEquals(8, files(backups).size(), "a dry run removes nothing");

        TestProject.Run prune = project.run("prune", "--keep-last", "1", "--env", "production");
        assertEquals(0, prune.exitCode(), prune.all());
        assertTrue(lineOf(prune.out(), dead).startsWith("removed leftover of a killed backup: "), prune.out());
        assertTrue(lineOf(prune.out(), orphan).contains("an archive with no manifest, 123 bytes"), prune.out());
        assertTrue(lineOf(prune.out(), running).startsWith("left alone (written within a day: a backup may be running): "), prune.out());
        List<String> left = files(backups);
        assertTrue(left.containsAll(List.of(running, staging, notOurs)), left.toString());
        assertFalse(left.contains(dead) || left.contains(deadManifest) || left.contains(orphan), left.toString());

        TestProject.Run all = project.run("prune", "--keep-last", "1");
        assertEquals(0, all.exitCode(), all.all());
        assertEquals(Set.of(running, notOurs), Set.copyOf(files(backups).stream().filter(f -> f.endsWith(".partial")).toList()),
                "without --env, staging's too; never a file whose name is not a backup's");
    }

    @Test
    void incompleteS3UploadsAreAbortedOnceADayOld() {
        String key = "monarch/" + BackupName.of("production", "app", NOW.minus(Duration.ofDays(2)), null).archiveFile(Compression.GZIP, false);
        String uploadId = s3.client().createMultipartUpload(r -> r.bucket(bucket).key(key)).uploadId();
        String stranger = s3.client().createMultipartUpload(r -> r.bucket(bucket).key("monarch/someone-elses.bin")).uploadId();
        try (BackupStore store = s3Store()) {
            write(store, "production", NOW, null, null, 10);
            PruneResult young = prune(store, Clock.systemUTC(), false);
            assertEquals(1, young.leftovers().size(), young.leftovers().toString());
            assertFalse(young.leftovers().get(0).removed());
            assertTrue(young.leftovers().get(0).description().contains(uploadId), young.leftovers().toString());
            assertEquals(2, uploads().size());

            assertTrue(prune(store, Clock.offset(Clock.systemUTC(), Duration.ofDays(2)), true).leftovers().get(0).removed());
            assertEquals(2, uploads().size(), "a dry run aborts nothing");

            PruneResult later = prune(store, Clock.offset(Clock.systemUTC(), Duration.ofDays(2)), false);
            assertEquals(List.of(), later.problems());
            assertTrue(later.leftovers().get(0).removed());
            assertEquals(List.of(stranger), uploads(), "aborted; an upload whose key is not a backup's is left alone");
        }
        TestProject.Run list = project.run("list_backups", "--store", "s3");
        assertFalse(list.err().contains(uploadId), list.err());
    }

    @Test
    void theNewestRealBackupIsKeptAndStillVerifies() {
        project.with("production", db -> db.getCollection("users").insertOne(new Document("_id", 1).append("name", "ada")));
        TestProject.Run backup = project.run("backup", "production", "--quiet");
        assertEquals(0, backup.exitCode(), backup.all());
        try (BackupStore store = local()) {
            for (int day = 1; day <= 3; day++) {
                write(store, "production", NOW.minus(Duration.ofDays(day)), null, null, 10);
            }
        }
        TestProject.Run prune = project.run("prune", "--keep-monthly", "1");
        assertEquals(0, prune.exitCode(), prune.all());
        List<Document> left = listed(StoreArg.LOCAL);
        assertEquals(1, left.size(), prune.out());
        TestProject.Run verify = project.run("verify", left.get(0).getString("name"));
        assertEquals(0, verify.exitCode(), verify.all());
    }

    @Test
    void aBackupBeingReadIsNotPrunedUntilTheReadingEnds() throws Exception {
        BackupManifest older;
        try (BackupStore store = local()) {
            older = write(store, "production", NOW.minus(Duration.ofDays(2)), null, null, 10);
            write(store, "production", NOW.minus(Duration.ofDays(1)), null, null, 10);
        }
        try (BackupStore store = local()) {
            // a restore or verify holds the backup open: its lease stands beside it
            InputStream reading = ReadLease.hold(store, older.name(), InputStream.nullInputStream());
            TestProject.Run prune = project.run("prune", "--keep-last", "1");
            assertEquals(0, prune.exitCode(), prune.all());
            assertTrue(lineOf(prune.out(), older.name()).contains("being read"), prune.out());
            assertEquals(2, listed(StoreArg.LOCAL).size(), "the backup being read is kept");
            reading.close();
        }
        TestProject.Run later = project.run("prune", "--keep-last", "1");
        assertEquals(0, later.exitCode(), later.all());
        assertEquals(1, listed(StoreArg.LOCAL).size(), "pruned once the reading ended: " + later.out());
        assertFalse(files(dir.resolve("backups")).stream().anyMatch(f -> f.endsWith(ReadLease.EXTENSION)), "no lease left");
    }

    @Test
    void aRestoreHoldsALeaseOnItsBackupWhileItReads() {
        project.with("production", db -> db.getCollection("users").insertOne(new Document("_id", 1)));
        assertEquals(0, project.run("backup", "production", "--quiet").exitCode());
        String name = listed(StoreArg.LOCAL).get(0).getString("name");
        try (BackupStore store = local();
             io.monarch.source.DumpSource source = DumpSources.open(name, new BackupCatalog(List.of(store)), BackupKeys.none(), w -> { })) {
            assertTrue(files(dir.resolve("backups")).stream().anyMatch(f -> f.startsWith(name + ".reading-")),
                    files(dir.resolve("backups")).toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertFalse(files(dir.resolve("backups")).stream().anyMatch(f -> f.endsWith(ReadLease.EXTENSION)), "released on close");
        assertEquals(1, listed(StoreArg.LOCAL).size(), "a lease is no backup");
    }

    private enum StoreArg { LOCAL, S3 }

    private List<Document> listed(StoreArg store) {
        TestProject.Run list = project.run("list_backups", "--store", store.name().toLowerCase(), "--json");
        assertEquals(0, list.exitCode(), list.all());
        return Document.parse("{\"a\": " + list.out() + "}").getList("a", Document.class);
    }

    private PruneResult prune(BackupStore store, Clock clock, boolean dryRun) {
        return new PruneService(List.of(store), clock, w -> { }).prune(null, RetentionSelectionTest.policy(1, 0, 0, 0), dryRun);
    }

    private LocalBackupStore local() {
        return new LocalBackupStore(dir.resolve("backups"));
    }

    private S3BackupStore s3Store() {
        return new S3BackupStore(new S3Settings(bucket, "monarch/", "us-east-1", Optional.of(s3.endpoint()), Compression.GZIP, Optional.empty(), Optional.empty()), w -> { });
    }

    /** A finished backup as far as any listing can tell: an archive of {@code bytes} bytes, then its manifest. */
    static BackupManifest write(BackupStore store, String environment, Instant createdAt, String label, String querySet, int bytes) {
        BackupName name = BackupName.of(environment, "app", createdAt, querySet != null ? querySet : label);
        long size;
        try (BackupUpload upload = store.create(name.archiveFile(Compression.GZIP, false))) {
            upload.stream().write(new byte[bytes]);
            size = upload.commit();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        BackupManifest manifest = new BackupManifest(name.toString(), name.archiveFile(Compression.GZIP, false), environment, "app",
                name.createdAt(), querySet == null ? label : null, querySet, "7.0.0", "test", Compression.GZIP, size, "0".repeat(64),
                Duration.ZERO, List.of(), List.of(), List.of(), null, null);
        try (BackupUpload upload = store.create(name.manifestFile())) {
            upload.stream().write(ManifestJson.write(manifest).getBytes(StandardCharsets.UTF_8));
            upload.commit();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return manifest;
    }

    private static Set<String> keptTimes(Document result) {
        return result.getList("backups", Document.class).stream().filter(b -> b.getBoolean("kept"))
                .map(b -> b.getString("createdAt")).collect(Collectors.toSet());
    }

    private static String lineOf(String out, String text) {
        return out.lines().filter(l -> l.contains(text)).findFirst().orElse("(no line with " + text + ")");
    }

    private static List<String> files(Path folder) {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private List<String> keys() {
        return s3.client().listObjectsV2(r -> r.bucket(bucket)).contents().stream().map(S3Object::key).sorted().toList();
    }

    private List<String> uploads() {
        return s3.client().listMultipartUploads(r -> r.bucket(bucket)).uploads().stream().map(u -> u.uploadId()).toList();
    }
}
