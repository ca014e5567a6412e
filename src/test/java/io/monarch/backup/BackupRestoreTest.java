package io.monarch.backup;

import io.monarch.load.StagingNames;
import io.monarch.stream.CompressionStreams;
import io.monarch.Monarch;
import io.monarch.api.BackupManifest;
import io.monarch.api.BackupOptions;
import io.monarch.api.ExitCode;
import io.monarch.api.MonarchException;
import io.monarch.api.Progress;
import io.monarch.api.Prompters;
import io.monarch.api.RestoreOptions;
import io.monarch.api.Store;
import io.monarch.support.TestData;
import io.monarch.support.TestProject;
import org.bson.BsonDocument;
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** backup, list_backups and restore on embedded environments and the local store, as a user runs them. */
class BackupRestoreTest {
    @TempDir
    Path dir;
    TestProject project;

    @BeforeEach
    void project() {
        project = new TestProject(dir).settings("""
                environments:
                  development:
                    uri: embedded:.monarch/development
                    database: app_dev
                  restored:
                    uri: embedded:.monarch/restored
                    database: app_restored
                  production:
                    uri: embedded:.monarch/production
                    database: app
                    protected: true
                backups:
                  local:
                    path: backups
                """);
    }

    @ParameterizedTest
    @ValueSource(strings = {"gzip", "zstd", "none"})
    void roundTripKeepsEveryDocumentAndIndex(String compression) throws Exception {
        project.with("development", TestData::seed);
        TestProject.Run backup = project.run("backup", "development", "--compression", compression);
        assertEquals(0, backup.exitCode(), backup.all());
        String name = onlyBackupName();
        assertTrue(name.matches("development__app_dev__\\d{8}T\\d{6}Z"), name);
        assertTrue(backup.out().contains(name), backup.out());

        byte[] archive = decompressed(name, compression);
        Map<String, Long> counts = io.monarch.archive.IndependentArchiveCheck.verify(archive);
        assertEquals(2500L, counts.get("app_dev.users"));
        assertEquals(2500L, io.monarch.archive.IndependentArchiveCheck.preludeSizes(archive).get("app_dev.users"),
                "the prelude carries the estimated count, as mongodump's does");
        assertEquals(0L, counts.getOrDefault("app_dev.empty", 0L));

        TestProject.Run restore = project.run("restore", name + ":restored");
        assertEquals(0, restore.exitCode(), restore.all());
        Map<String, List<BsonDocument>> source = project.contents("development");
        Map<String, List<BsonDocument>> target = project.contents("restored");
        assertEquals(source.keySet(), target.keySet());
        for (String collection : source.keySet()) {
            assertEquals(source.get(collection), target.get(collection), collection);
        }
        assertEquals(project.indexes("development", "users"), project.indexes("restored", "users"));
    }

    @Test
    void listBackupsShowsFinishedBackupsOnly() throws Exception {
        project.with("development", db -> db.getCollection("a").insertOne(new Document("x", 1)));
        assertEquals(0, project.run("backup", "development", "--name", "before-upgrade").exitCode());
        String name = onlyBackupName();
        assertTrue(name.endsWith("__before-upgrade"), name);
        // an archive without its manifest is a backup that did not finish
        Files.writeString(dir.resolve("backups/development__app_dev__20200101T000000Z.archive.gz"), "partial");

        TestProject.Run list = project.run("list_backups");
        assertEquals(0, list.exitCode(), list.all());
        assertTrue(list.out().contains(name), list.out());
        assertFalse(list.out().contains("20200101T000000Z"), list.out());
        // the label has its own column; a backup without a QuerySet shows none under QUERY SET
        String[] lines = list.out().split("\n");
        int querySetColumn = lines[0].indexOf("QUERY SET");
        int labelColumn = lines[0].indexOf("LABEL");
        assertTrue(querySetColumn > 0 && labelColumn > querySetColumn, lines[0]);
        assertTrue(lines[1].startsWith("- ", querySetColumn), list.out());
        assertTrue(lines[1].startsWith("before-upgrade ", labelColumn), list.out());
        TestProject.Run json = project.run("list_backups", "--json", "--env", "development");
        assertTrue(json.out().contains("\"name\": \"" + name + "\""), json.out());
        assertTrue(json.out().contains("\"querySet\": null") && json.out().contains("\"label\": \"before-upgrade\""), json.out());
        assertTrue(project.run("list_backups", "--env", "restored").out().contains("no backups"));

        TestProject.Run unfinished = project.run("restore", "development__app_dev__20200101T000000Z:restored");
        assertEquals(2, unfinished.exitCode(), unfinished.all());
        assertTrue(unfinished.err().contains("did not finish"), unfinished.err());
    }

    @Test
    void restoreReplacesTheTargetAndBringsTheBackupsMigrationHistory() throws Exception {
        project.with("development", db -> {
            db.getCollection("kept").insertOne(new Document("from", "backup"));
            db.getCollection("monarch_migrations").insertOne(new Document("name", "M0").append("state", "APPLIED"));
            db.getCollection("monarch_migrations").insertOne(new Document("name", "M9").append("state", "APPLIED"));
        });
        assertEquals(0, project.run("backup", "development").exitCode());
        project.with("restored", db -> {
            db.getCollection("kept").insertOne(new Document("from", "target"));
            db.getCollection("stale").insertOne(new Document());
            db.getCollection("monarch_migrations").insertOne(new Document("name", "M1").append("state", "APPLIED"));
        });
        TestProject.Run restore = project.run("restore", onlyBackupName() + ":restored");
        assertEquals(0, restore.exitCode(), restore.all());
        assertTrue(restore.out().contains(": 3 documents in 2 collections, took"),
                "the tracking collection travels with the data: " + restore.out());
        assertEquals(List.of("backup"), project.read("restored", db -> db.getCollection("kept").find().map(d -> d.getString("from")).into(new java.util.ArrayList<>())));
        assertFalse(project.names("restored").contains("stale"),
                "a restore leaves the database as the backup had it");
        assertEquals(List.of("M0", "M9"), project.read("restored", db -> db.getCollection("monarch_migrations").find()
                .map(d -> d.getString("name")).into(new java.util.ArrayList<>())), "the backup's history replaced the target's");
    }

    @Test
    void aDamagedArchiveFailsBeforeTheTargetChanges() throws Exception {
        project.with("development", TestData::seed);
        assertEquals(0, project.run("backup", "development", "--compression", "none").exitCode());
        String name = onlyBackupName();
        project.with("restored", db -> db.getCollection("users").insertOne(new Document("_id", "original")));
        Map<String, List<BsonDocument>> before = project.contents("restored");

        Path archive = dir.resolve("backups/" + name + ".archive");
        byte[] bytes = Files.readAllBytes(archive);
        bytes[bytes.length / 2] ^= 0x5a;
        Files.write(archive, bytes);
        TestProject.Run flipped = project.run("restore", name + ":restored");
        assertEquals(1, flipped.exitCode(), flipped.all());
        assertTrue(flipped.err().contains("was not changed"), flipped.err());
        assertEquals(before, project.contents("restored"));

        Files.write(archive, java.util.Arrays.copyOf(bytes, bytes.length / 3));
        TestProject.Run truncated = project.run("restore", name + ":restored");
        assertEquals(1, truncated.exitCode(), truncated.all());
        assertEquals(before, project.contents("restored"));
        assertTrue(project.names("restored").stream()
                .noneMatch(StagingNames::isStaging), "staging collections are dropped");
    }

    @Test
    void aDamagedGzipArchiveIsCaughtByItsManifest() throws Exception {
        project.with("development", db -> db.getCollection("a").insertMany(java.util.stream.IntStream.range(0, 5000)
                .mapToObj(i -> new Document("i", i)).toList()));
        assertEquals(0, project.run("backup", "development").exitCode());
        String name = onlyBackupName();
        Path archive = dir.resolve("backups/" + name + ".archive.gz");
        byte[] bytes = Files.readAllBytes(archive);
        bytes[bytes.length / 2] ^= 0x01;
        Files.write(archive, bytes);
        TestProject.Run run = project.run("restore", name + ":restored");
        assertEquals(1, run.exitCode(), run.all());
        assertEquals(List.of(), project.names("restored"));
    }

    @Test
    void aProtectedTargetNeedsForceAndItsName() throws Exception {
        project.with("development", db -> db.getCollection("a").insertOne(new Document("x", 1)));
        assertEquals(0, project.run("backup", "development").exitCode());
        String name = onlyBackupName();
        TestProject.Run refused = project.run("restore", name + ":production");
        assertEquals(3, refused.exitCode(), refused.all());
        assertTrue(refused.err().contains("--force --confirm production"), refused.err());
        TestProject.Run wrongName = project.run("restore", name + ":production", "--force", "--confirm", "prod");
        assertEquals(3, wrongName.exitCode(), wrongName.all());
        assertEquals(0L, (long) project.read("production", db -> db.getCollection("a").countDocuments()));
        TestProject.Run forced = project.run("restore", name + ":production", "--force", "--confirm", "production");
        assertEquals(0, forced.exitCode(), forced.all());
        assertEquals(1L, (long) project.read("production", db -> db.getCollection("a").countDocuments()));
    }

    @Test
    void badInputIsAUsageError() {
        assertEquals(2, project.run("restore", "nothing-here:restored").exitCode());
        assertEquals(2, project.run("restore", "no-colon").exitCode());
        assertEquals(2, project.run("backup", "development", "--compression", "lz4").exitCode());
        TestProject.Run s3 = project.run("backup", "development", "--store", "s3");
        assertEquals(2, s3.exitCode(), s3.all());
        assertTrue(s3.err().contains("backups.s3"), s3.err());
        assertEquals(2, project.run("backup", "nowhere").exitCode());
    }

    @Test
    void aBackupLabelTakesOnlyWhatAFileNameCanHold() throws Exception {
        project.with("development", db -> db.getCollection("a").insertOne(new Document("x", 1)));
        for (String label : List.of("../../evil", "..", ".", "two\nlines", "a/b", "a b", "x".repeat(101))) {
            TestProject.Run backup = project.run("backup", "development", "--name", label);
            assertEquals(2, backup.exitCode(), label + ": " + backup.all());
            assertTrue(backup.err().contains("letters (a-z, A-Z), digits, '.', '_' and '-', is neither '.' nor '..'"),
                    label + ": " + backup.err());
        }
        MonarchException library = assertThrows(MonarchException.class, () -> Monarch.load(project.settingsFile())
                .backup("development", new BackupOptions(Store.LOCAL, null, 1, "..", null, Prompters.none()), Progress.NONE));
        assertEquals(ExitCode.USAGE, library.exitCode(), library.getMessage());
        assertFalse(Files.exists(dir.resolve("backups")), "nothing was written");
        try (Stream<Path> files = Files.list(dir.getParent())) {
            assertEquals(List.of(), files.filter(p -> p.getFileName().toString().contains("evil")).toList());
        }

        TestProject.Run good = project.run("backup", "development", "--name", "before-upgrade_2.4");
        assertEquals(0, good.exitCode(), good.all());
        assertTrue(onlyBackupName().endsWith("__before-upgrade_2.4"), onlyBackupName());
    }

    @Test
    void anUnreachableServerSaysWhatToCheckAndLeavesNothing() throws Exception {
        project.with("development", db -> db.getCollection("a").insertOne(new Document("x", 1)));
        assertEquals(0, project.run("backup", "development").exitCode());
        String name = onlyBackupName();
        // nobody listens on port 1; short timeouts keep the test quick
        String nowhere = "mongodb://127.0.0.1:1/?serverSelectionTimeoutMS=300&connectTimeoutMS=300";
        project.settings(Files.readString(project.settingsFile()).replace("embedded:.monarch/restored", nowhere)
                .replace("embedded:.monarch/production", nowhere));

        TestProject.Run backup = project.run("backup", "production");
        assertEquals(1, backup.exitCode(), backup.all());
        assertTrue(backup.err().contains("cannot reach the MongoDB server") && backup.err().contains("uri"), backup.err());
        try (Stream<Path> files = Files.list(dir.resolve("backups"))) {
            assertEquals(List.of(name + ".archive.gz", name + ".json"),
                    files.map(p -> p.getFileName().toString()).sorted().toList(), "the failed backup left nothing");
        }

        TestProject.Run restore = project.run("restore", name + ":restored");
        assertEquals(1, restore.exitCode(), restore.all());
        assertTrue(restore.err().contains("cannot reach the MongoDB server"), restore.err());
    }

    @Test
    void progressIsToldWhatToExpectAndWhenEachCollectionIsDone() {
        project.with("development", db -> {
            for (int i = 0; i < 1500; i++) {
                db.getCollection("users").insertOne(new Document("_id", i));
            }
            db.getCollection("small").insertOne(new Document("_id", 1));
        });
        Monarch monarch = Monarch.load(project.settingsFile());

        RecordingProgress backup = new RecordingProgress();
        BackupManifest manifest = monarch.backup("development", BackupOptions.DEFAULT, backup);
        assertEquals(Map.of("users", 1500L, "small", 1L), backup.expected, "the estimated counts, before any document moves");
        assertEquals(Map.of("users", 1500L, "small", 1L), backup.moved);
        assertEquals(java.util.Set.of("users", "small"), backup.finished);

        RecordingProgress restore = new RecordingProgress();
        monarch.restore(manifest.name(), "restored", RestoreOptions.DEFAULT, restore);
        assertEquals(Map.of("users", 1500L, "small", 1L), restore.expected, "the manifest's counts");
        assertEquals(Map.of("users", 1500L, "small", 1L), restore.moved);
        assertEquals(java.util.Set.of("users", "small"), restore.finished);
        assertEquals(List.of("verifying 2 collections", "building indexes on 2 collections", "swapping 2 collections in"), restore.phases,
                "after the documents, what the restore is doing");
    }

    /** What a progress display would be told. */
    private static final class RecordingProgress implements Progress {
        final Map<String, Long> expected = new java.util.concurrent.ConcurrentHashMap<>();
        final Map<String, Long> moved = new java.util.concurrent.ConcurrentHashMap<>();
        final java.util.Set<String> finished = java.util.concurrent.ConcurrentHashMap.newKeySet();
        final List<String> phases = new java.util.concurrent.CopyOnWriteArrayList<>();

        @Override
        public void phase(String what) {
            assertEquals(finished, moved.keySet(), "a phase is told once every collection is in");
            phases.add(what);
        }

        @Override
        public void moved(String collection, long documents, long bytes) {
            moved.merge(collection, documents, Long::sum);
        }

        @Override
        public void expect(String collection, long documents) {
            expected.put(collection, documents);
        }

        @Override
        public void finished(String collection) {
            assertTrue(moved.containsKey(collection) || !expected.containsKey(collection) || expected.get(collection) == 0,
                    collection + " finished before its documents moved");
            finished.add(collection);
        }
    }

    private String onlyBackupName() throws Exception {
        try (Stream<Path> files = Files.list(dir.resolve("backups"))) {
            List<String> manifests = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".json")).toList();
            assertEquals(1, manifests.size(), manifests.toString());
            return manifests.get(0).replace(".json", "");
        }
    }

    private byte[] decompressed(String name, String compression) throws Exception {
        String extension = switch (compression) {
            case "gzip" -> ".archive.gz";
            case "zstd" -> ".archive.zst";
            default -> ".archive";
        };
        try (InputStream in = CompressionStreams.detect(Files.newInputStream(dir.resolve("backups/" + name + extension)))) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            in.transferTo(out);
            return out.toByteArray();
        }
    }

}
