package io.monarch.load;

import io.monarch.intent.CollectionIntent;
import io.monarch.intent.Segment;
import io.monarch.intent.SegmentPlanner;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import io.monarch.Monarch;
import io.monarch.api.CopyOptions;
import io.monarch.api.LoadResult;
import io.monarch.api.MonarchException;
import io.monarch.api.Progress;
import io.monarch.api.RestoreOptions;
import io.monarch.archive.IndependentArchiveCheck;
import io.monarch.support.ChildJvm;
import io.monarch.support.InProcessMongo;
import io.monarch.support.TestData;
import io.monarch.support.TestProject;
import org.bson.BsonDocument;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One big collection moves on several readers and insertion workers: a segmented backup is still exactly the archive
 * mongorestore reads, a segmented copy is the source document for document, a copy killed part way resumes with only
 * the segments it had not finished, and verification catches a collection that is not what the source had.
 */
class SegmentsTest {
    /** About 24 MB in "events": 12 segments of 2 MB. */
    private static final int EVENTS = 24_000;

    @RegisterExtension
    final InProcessMongo mongo = new InProcessMongo();
    @TempDir
    Path dir;
    TestProject project;
    MongoClient client;

    @BeforeEach
    void sourceAndTarget() {
        client = mongo.client();
        MongoDatabase source = client.getDatabase("app");
        String filler = "x".repeat(1000);
        List<Document> documents = new ArrayList<>();
        for (int i = 0; i < EVENTS; i++) {
            // mostly numbers, some strings and ObjectIds: the ranges must take every type of _id exactly once
            Object id = i % 50 == 7 ? "event-" + i : i % 50 == 9 ? new ObjectId() : i % 3 == 0 ? (long) i : i;
            documents.add(new Document("_id", id).append("n", i).append("filler", filler));
            if (documents.size() == 2000) {
                source.getCollection("events").insertMany(documents);
                documents.clear();
            }
        }
        source.getCollection("accounts").insertOne(new Document("_id", "ada").append("plan", "pro"));
        client.getDatabase("target").getCollection("events").insertOne(new Document("_id", "before the copy"));
        project = new TestProject(dir).settings("""
                environments:
                  production:
                    uri: %s
                    database: app
                  staging:
                    uri: %s
                    database: target
                backups:
                  local:
                    path: backups
                migrations:
                  lock_ttl_seconds: 1
                  lock_wait_seconds: 1
                """.formatted(mongo.uri(), mongo.uri()));
    }

    @AfterEach
    void disconnect() {
        StagedLoad.beforeVerify = null;
        client.close();
    }

    @Test
    void theRangesOfACollectionTakeEveryDocumentOnceWhateverTheTypeOfItsId() {
        MongoDatabase source = client.getDatabase("app");
        List<Segment> segments = new SegmentPlanner(source, 2 << 20).plan(CollectionIntent.plain("events"));
        assertTrue(segments.size() >= 8, "about 24 MB in 2 MB segments: " + segments.size());
        Set<Object> seen = new HashSet<>();
        long total = 0;
        for (Segment segment : segments) {
            for (BsonDocument d : source.getCollection("events", BsonDocument.class).find(segment.filter())) {
                assertTrue(seen.add(d.get("_id")), "in two segments: " + d.get("_id"));
                total++;
            }
        }
        assertEquals(EVENTS, total);
        assertEquals(List.of(Segment.whole("accounts")), new SegmentPlanner(source, 2 << 20).plan(CollectionIntent.plain("accounts")));
    }

    @Test
    void aSegmentedBackupIsTheArchiveMongorestoreReadsAndRestoresDocumentForDocument() throws Exception {
        TestProject.Run backup = project.run("backup", "production", "--compression", "none", "--segment-size", "2MB", "-j", "4");
        assertEquals(0, backup.exitCode(), backup.all());
        String name = backupName();
        byte[] archive = Files.readAllBytes(dir.resolve("backups/" + name + ".archive"));
        Map<String, Long> counts = IndependentArchiveCheck.verify(archive);
        assertEquals((long) EVENTS, counts.get("app.events"));
        assertTrue(Files.readString(dir.resolve("backups/" + name + ".json")).contains("\"contentHash\""));

        TestProject.Run restore = project.run("restore", name + ":staging", "--insertion-workers", "3");
        assertEquals(0, restore.exitCode(), restore.all());
        assertEquals(source(), target());
        assertEquals(0, project.run("verify", name).exitCode());
    }

    @Test
    void aSegmentedCopyIsTheSourceDocumentForDocument() {
        TestProject.Run copy = project.run("copy_db", "production:staging", "--segment-size", "2MB", "-j", "3",
                "--insertion-workers", "2");
        assertEquals(0, copy.exitCode(), copy.all());
        assertEquals(source(), target());
        assertEquals(List.of(), staging());
        assertEquals(0, client.getDatabase("target").getCollection(TestData.LOCK_COLLECTION).countDocuments());
    }

    @Test
    void aCopyKilledPartWayResumesWithTheSegmentsItHadNotFinished() throws Exception {
        Process copy = ChildJvm.monarch("copy_db", "production:staging", "--segment-size", "1MB", "-j", "1",
                        "--insertion-workers", "1", "--quiet", "--settings", project.settingsFile().toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("copy.log").toFile()).start();
        long deadline = System.nanoTime() + 90_000_000_000L;
        while (System.nanoTime() < deadline && copy.isAlive() && finished().size() < 4) {
            Thread.sleep(2);
        }
        copy.destroyForcibly().waitFor();
        List<Document> finished = finished();
        assertTrue(finished.size() >= 4, "the copy was seen part way: " + Files.readString(dir.resolve("copy.log")));
        long loadedBefore = finished.stream().mapToLong(f -> ((Number) f.get("documents")).longValue()).sum();
        int segments = record().get("resume", Document.class).getList("segments", Document.class).stream()
                .mapToInt(s -> s.getList("boundaries", Object.class).size() + 1).sum();
        assertTrue(finished.size() < segments, "killed before its last segment");

        Thread.sleep(1500); // its heartbeat and lock expire (lock_ttl_seconds: 1)
        TestProject.Run status = project.run("status", "staging");
        assertTrue(status.out().contains("resumable: a copy_db of production"), status.out());
        assertFalse(staging().isEmpty(), "status keeps what a resumable copy loaded");

        AtomicLong moved = new AtomicLong();
        Progress counting = (collection, documents, bytes) -> moved.addAndGet(documents);
        Monarch monarch = Monarch.load(project.settingsFile());
        CopyOptions resume = CopyOptions.DEFAULT.withSegmentBytes(1 << 20)
                .withTarget(RestoreOptions.DEFAULT.withParallelism(2).withResume(true));
        LoadResult result = monarch.copyDb("production", "staging", resume, counting);
        assertEquals(EVENTS + 1 - loadedBefore, moved.get(), "only the unfinished segments moved again");
        assertTrue(result.notes().get(0).startsWith("resumed: " + finished.size() + " of " + segments + " segments"), result.notes().toString());
        assertEquals(source(), target());
        assertEquals(List.of(), staging());
        assertEquals(0, client.getDatabase("target").getCollection(TestData.LOCK_COLLECTION).countDocuments());

        MonarchException nothing = assertThrows(MonarchException.class, () -> monarch.copyDb("production", "staging", resume, Progress.NONE));
        assertTrue(nothing.getMessage().contains("there is no copy_db of production into staging to resume"), nothing.getMessage());
    }

    @Test
    void verificationCatchesADocumentChangedBeforeTheSwapAndNoVerifySkipsIt() {
        Map<String, List<BsonDocument>> before = target();
        StagedLoad.beforeVerify = db -> {
            String events = db.listCollectionNames().into(new ArrayList<>()).stream()
                    .filter(n -> StagingNames.isStaging(n) && n.endsWith("_events")).findFirst().orElseThrow();
            db.getCollection(events).updateOne(Filters.eq("_id", 100), Updates.set("filler", "changed"));
        };
        TestProject.Run copy = project.run("copy_db", "production:staging", "--segment-size", "4MB");
        assertEquals(1, copy.exitCode(), copy.all());
        assertTrue(copy.err().contains("verification failed: events as loaded holds " + EVENTS + " documents with content hash"),
                copy.err());
        assertEquals(before, target(), "the target is unchanged");
        assertEquals(List.of(), staging());

        TestProject.Run unchecked = project.run("copy_db", "production:staging", "--no-verify");
        assertEquals(0, unchecked.exitCode(), unchecked.all());
        assertEquals("changed", client.getDatabase("target").getCollection("events").find(Filters.eq("_id", 100)).first().get("filler"));
    }

    @Test
    void aManifestsContentHashIsCheckedByRestoreAndVerifyAndAnOlderManifestWithoutOneStillRestores() throws Exception {
        assertEquals(0, project.run("backup", "production", "--compression", "none").exitCode());
        String name = backupName();
        Path manifest = dir.resolve("backups/" + name + ".json");
        String json = Files.readString(manifest);
        Document parsed = Document.parse(json);
        String hash = parsed.getList("collections", Document.class).stream().filter(c -> c.getString("name").equals("events"))
                .findFirst().orElseThrow().getString("contentHash");
        String other = String.format("%016x", Long.parseUnsignedLong(hash, 16) + 1);
        Files.writeString(manifest, json.replace(hash, other));
        Map<String, List<BsonDocument>> before = target();

        TestProject.Run restore = project.run("restore", name + ":staging");
        assertEquals(1, restore.exitCode(), restore.all());
        assertTrue(restore.err().contains("collection events has content hash " + hash + " where the manifest says " + other), restore.err());
        assertEquals(before, target());
        TestProject.Run verify = project.run("verify", name);
        assertEquals(1, verify.exitCode(), verify.all());

        Files.writeString(manifest, json.replaceAll(",\\s*\"contentHash\": \"[0-9a-f]+\"", ""));
        assertFalse(Files.readString(manifest).contains("contentHash"));
        TestProject.Run older = project.run("restore", name + ":staging");
        assertEquals(0, older.exitCode(), older.all());
        assertEquals(source(), target());
    }

    private List<Document> finished() {
        Document run = record();
        return run == null ? List.of() : run.getList("finished", Document.class, List.of());
    }

    private Document record() {
        return client.getDatabase("target").getCollection(TestData.LOCK_COLLECTION).find(Filters.regex("_id", "^run:")).first();
    }

    private String backupName() throws Exception {
        try (Stream<Path> files = Files.list(dir.resolve("backups"))) {
            return files.map(f -> f.getFileName().toString()).filter(f -> f.endsWith(".json")).sorted()
                    .reduce((a, b) -> b).orElseThrow().replace(".json", "");
        }
    }

    private List<String> staging() {
        return client.getDatabase("target").listCollectionNames().into(new ArrayList<>()).stream()
                .filter(StagingNames::isStaging).toList();
    }

    private Map<String, List<BsonDocument>> target() {
        return TestData.contents(client.getDatabase("target"));
    }

    private Map<String, List<BsonDocument>> source() {
        return TestData.contents(client.getDatabase("app"));
    }
}
