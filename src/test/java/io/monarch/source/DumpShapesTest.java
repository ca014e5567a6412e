package io.monarch.source;

import io.monarch.support.Mongodump;
import io.monarch.support.TestProject;
import org.bson.BsonBinary;
import org.bson.BsonDateTime;
import org.bson.BsonDocument;
import org.bson.BsonDouble;
import org.bson.BsonInt32;
import org.bson.BsonObjectId;
import org.bson.BsonString;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

import static io.monarch.support.Mongodump.doc;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Dump shapes that real mongodump output has and that were lost or refused: time-series collections (their buckets
 * under {@code system.buckets.<name>}), other {@code system.*} collections, empty metadata files, one collection's
 * {@code .bson} named by path. A restore either brings every user document or refuses with the target unchanged.
 */
class DumpShapesTest {
    private static final List<BsonDocument> USERS = List.of(doc("{_id: 1, email: 'ada@example.com'}"),
            doc("{_id: 2, email: 'grace@example.com'}"));
    private static final BsonDocument WEATHER_OPTIONS = doc("{timeField: 'ts', metaField: 'sensor', granularity: 'seconds', "
            + "bucketMaxSpanSeconds: 3600}");

    @TempDir
    Path dir;
    TestProject project;

    @BeforeEach
    void targetWithACollection() {
        project = TestProject.embedded(dir);
        project.with("development", db -> db.getCollection("keepme").insertOne(new org.bson.Document("_id", "kept")));
    }

    /** A version 1 bucket as MongoDB 5.0+ stores it: columns of the measurements by row, the meta field once. */
    private static BsonDocument bucket(String sensor, long startMillis, double... temperatures) {
        BsonDocument ids = new BsonDocument();
        BsonDocument times = new BsonDocument();
        BsonDocument temps = new BsonDocument();
        for (int i = 0; i < temperatures.length; i++) {
            ids.put(String.valueOf(i), new BsonObjectId(new ObjectId((int) (startMillis / 1000) + i, i)));
            times.put(String.valueOf(i), new BsonDateTime(startMillis + i * 1000L));
            temps.put(String.valueOf(i), new BsonDouble(temperatures[i]));
        }
        BsonDocument min = new BsonDocument("_id", ids.get("0")).append("ts", new BsonDateTime(startMillis))
                .append("temp", new BsonDouble(java.util.Arrays.stream(temperatures).min().orElse(0)));
        BsonDocument max = new BsonDocument("_id", ids.get(String.valueOf(temperatures.length - 1)))
                .append("ts", times.get(String.valueOf(temperatures.length - 1)))
                .append("temp", new BsonDouble(java.util.Arrays.stream(temperatures).max().orElse(0)));
        return new BsonDocument("_id", new BsonObjectId(new ObjectId((int) (startMillis / 1000), 0)))
                .append("control", new BsonDocument("version", new BsonInt32(1)).append("min", min).append("max", max))
                .append("meta", new BsonString(sensor))
                .append("data", new BsonDocument("_id", ids).append("ts", times).append("temp", temps));
    }

    /** The measurements {@link #bucket} holds, as a time-series collection returns them. */
    private static List<BsonDocument> measurements(BsonDocument bucket) {
        List<BsonDocument> out = new ArrayList<>();
        BsonDocument data = bucket.getDocument("data");
        for (String row : data.getDocument("ts").keySet()) {
            out.add(new BsonDocument("_id", data.getDocument("_id").get(row)).append("ts", data.getDocument("ts").get(row))
                    .append("temp", data.getDocument("temp").get(row)).append("sensor", bucket.get("meta")));
        }
        return out;
    }

    private static final BsonDocument BUCKET_A = bucket("a", 1_700_000_000_000L, 20.5, 21.0, 19.75);
    private static final BsonDocument BUCKET_B = bucket("b", 1_700_000_100_000L, 30.0);

    @ParameterizedTest
    @ValueSource(strings = {"folder", "archive"})
    void aTimeseriesCollectionIsUnpackedIntoItsMeasurementsOnTheEmbeddedServer(String shape) throws Exception {
        Path dump = shape.equals("folder")
                ? Mongodump.folder(dir.resolve("dump")).database("app").collection("users", USERS)
                .timeseries("weather", WEATHER_OPTIONS, List.of(BUCKET_A, BUCKET_B),
                        Mongodump.index("sensor_1_ts_1", doc("{sensor: 1, ts: 1}"))).write().path()
                : Mongodump.archive(dir.resolve("app.archive.gz")).gzip().database("app").collection("users", USERS)
                .timeseries("weather", WEATHER_OPTIONS, List.of(BUCKET_A, BUCKET_B),
                        Mongodump.index("sensor_1_ts_1", doc("{sensor: 1, ts: 1}"))).write().path();
        TestProject.Run run = project.run("restore", dump + ":development");
        assertEquals(0, run.exitCode(), run.all());
        List<BsonDocument> expected = new ArrayList<>(measurements(BUCKET_A));
        expected.addAll(measurements(BUCKET_B));
        Map<String, List<BsonDocument>> contents = project.contents("development");
        assertEquals(new HashSet<>(expected), new HashSet<>(contents.get("weather")), "every measurement, none lost");
        assertEquals(4, contents.get("weather").size());
        assertEquals(USERS, contents.get("users"));
        assertTrue(project.indexes("development", "weather").containsKey("sensor_1_ts_1"), "its indexes too");
        assertTrue(run.err().contains("weather is a time-series collection") && run.err().contains("unpacked"),
                "says so in one line: " + run.err());
        assertFalse(project.names("development").stream().anyMatch(n -> n.startsWith("system.")), project.names("development").toString());
    }

    @Test
    void aBucketThatCannotBeUnpackedIsRefusedWithTheTargetUnchanged() throws Exception {
        BsonDocument compressed = BUCKET_A.clone();
        compressed.getDocument("control").put("version", new BsonInt32(2));
        compressed.put("data", new BsonDocument("ts", new BsonBinary((byte) 7, new byte[]{9, 0, 0, 0})));
        // a version no server writes stands for any bucket that cannot be unpacked
        compressed.getDocument("control").put("version", new BsonInt32(99));
        Path dump = Mongodump.folder(dir.resolve("dump")).database("app").collection("users", USERS)
                .timeseries("weather", WEATHER_OPTIONS, List.of(BUCKET_B, compressed)).write().path();
        TestProject.Run run = project.run("restore", dump + ":development");
        assertEquals(1, run.exitCode(), run.all());
        assertTrue(run.err().contains("weather") && run.err().contains("time-series"), run.err());
        assertEquals(List.of("keepme"), project.names("development"), "nothing changed");
    }

    @Test
    void bucketsWithoutTheirCollectionsMetadataAreRefusedNotLeftOut() throws Exception {
        Path dump = Mongodump.folder(dir.resolve("dump")).database("app").collection("users", USERS)
                .bsonOnly("system.buckets.weather", List.of(BUCKET_A)).write().path();
        TestProject.Run run = project.run("restore", dump + ":development");
        assertEquals(1, run.exitCode(), run.all());
        assertTrue(run.err().contains("app.system.buckets.weather") && run.err().contains("time-series"), run.err());
        assertEquals(List.of("keepme"), project.names("development"), "nothing changed");
    }

    @Test
    void aSystemCollectionHoldingUserDataRefusesTheRestoreUnlessTheOthersAreChosen() throws Exception {
        Path dump = Mongodump.folder(dir.resolve("dump")).database("app").collection("users", USERS)
                .collection("system.js", List.of(doc("{_id: 'sum', value: 1}")))
                .collection("system.profile", List.of(doc("{op: 'query'}"))).write().path();
        TestProject.Run refused = project.run("restore", dump + ":development");
        assertEquals(1, refused.exitCode(), refused.all());
        assertTrue(refused.err().contains("app.system.js") && refused.err().contains("--collection"), refused.err());
        assertEquals(List.of("keepme"), project.names("development"), "nothing changed");

        TestProject.Run chosen = project.run("restore", dump + ":development", "--collection", "users");
        assertEquals(0, chosen.exitCode(), chosen.all());
        assertEquals(USERS, project.contents("development").get("users"));
        assertTrue(chosen.err().contains("system.js") && chosen.err().contains("system.profile"),
                "names what it left out, and why: " + chosen.err());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "  \n\t "})
    void anEmptyMetadataFileIsNoMetadata(String text) throws Exception {
        Path dump = Mongodump.folder(dir.resolve("dump")).database("app").collection("users", USERS)
                .metadataText("app.users", text).write().path();
        TestProject.Run run = project.run("restore", dump + ":development");
        assertEquals(0, run.exitCode(), run.all());
        assertEquals(Map.of("users", USERS), project.contents("development"));
    }

    @Test
    void metadataWithoutIndexesHasOnlyTheIdIndex() throws Exception {
        Path dump = Mongodump.folder(dir.resolve("dump")).database("app").collection("users", USERS)
                .editMetadata("app.users", m -> {
                    m.remove("indexes");
                    return m;
                }).write().path();
        TestProject.Run run = project.run("restore", dump + ":development");
        assertEquals(0, run.exitCode(), run.all());
        assertEquals(USERS, project.contents("development").get("users"));
        assertEquals(List.of("_id_"), List.copyOf(project.indexes("development", "users").keySet()));
    }

    @Test
    void optionsAndIndexesOfARealServerThatTheEmbeddedOneLacksAreNamedAndTheDataRestored() throws Exception {
        Path dump = Mongodump.folder(dir.resolve("dump")).database("app")
                .collection("places", List.of(doc("{_id: 1, name: 'Café', loc: {type: 'Point', coordinates: [2.35, 48.85]}}")),
                        Mongodump.index("name_text", doc("{_fts: 'text', _ftsx: 1}")).option("weights", doc("{name: 1}"))
                                .option("default_language", new BsonString("french")).option("language_override", new BsonString("language"))
                                .option("textIndexVersion", new BsonInt32(3)),
                        Mongodump.index("loc_2dsphere", doc("{loc: '2dsphere'}")).option("2dsphereIndexVersion", new BsonInt32(3)),
                        Mongodump.index("name_1", doc("{name: 1}")).option("hidden", org.bson.BsonBoolean.TRUE))
                .options(doc("{validator: {name: {$type: 'string'}}, validationLevel: 'moderate', validationAction: 'error', "
                        + "collation: {locale: 'fr', strength: 2}, changeStreamPreAndPostImages: {enabled: true}}"))
                .write().path();
        TestProject.Run run = project.run("restore", dump + ":development");
        assertEquals(0, run.exitCode(), run.all());
        assertEquals(1, project.contents("development").get("places").size(), "the data");
        assertTrue(project.indexes("development", "places").containsKey("loc_2dsphere"), project.indexes("development", "places").toString());
        assertTrue(run.err().contains("validator"), "names what the server does not keep: " + run.err());
        assertFalse(run.err().contains("Exception"), run.err());
    }

    @Test
    void oneCollectionsBsonFileRestoresThatCollectionAndLeavesTheOthers() throws Exception {
        Path dump = Mongodump.folder(dir.resolve("dump")).database("app")
                .collection("users", USERS, Mongodump.index("email_1", doc("{email: 1}")).unique())
                .collection("orders", List.of(doc("{_id: 10}"))).write().path();
        Path users = dump.resolve("app/users.bson");
        TestProject.Run run = project.run("restore", users + ":development");
        assertEquals(0, run.exitCode(), run.all());
        assertEquals(Map.of("keepme", List.of(doc("{_id: 'kept'}")), "users", USERS), project.contents("development"),
                "that collection, named after the file; the target's others stay");
        assertTrue(project.indexes("development", "users").containsKey("email_1"), "indexes from the metadata beside it");

        Files.delete(dump.resolve("app/orders.metadata.json"));
        TestProject.Run renamed = project.run("restore", dump.resolve("app/orders.bson") + ":development", "--collection", "purchases");
        assertEquals(0, renamed.exitCode(), renamed.all());
        assertEquals(List.of(doc("{_id: 10}")), project.contents("development").get("purchases"), "--collection renames it");
        assertEquals(List.of("keepme", "purchases", "users"), project.names("development"));
    }

    @Test
    void aRefusedRestoreIntoANewDatabaseLeavesNothingThere() throws Exception {
        Path dump = Mongodump.folder(dir.resolve("dump")).database("app").collection("users", USERS).write().path();
        Files.write(dump.resolve("app/users.bson"), new byte[]{1, 2, 3}, java.nio.file.StandardOpenOption.APPEND);
        project.settings("""
                environments:
                  development:
                    uri: embedded:.monarch/development
                    database: app_dev
                  fresh:
                    uri: embedded:.monarch/development
                    database: brand_new
                migrations:
                  lock_wait_seconds: 2
                """);
        TestProject.Run run = project.run("restore", dump + ":fresh");
        assertEquals(1, run.exitCode(), run.all());
        assertEquals(List.of(), project.read("fresh", db -> db.listCollectionNames().into(new ArrayList<>())),
                "not even monarch's lock collection");
    }

    @Test
    void whatARestoreLeavesOutIsSaidOnce() throws Exception {
        Path archive = Mongodump.archive(dir.resolve("all.archive")).wholeServer().database("app").collection("users", USERS)
                .write().path();
        TestProject.Run run = project.run("restore", archive + ":development");
        assertEquals(0, run.exitCode(), run.all());
        String all = run.out() + run.err();
        assertEquals(1, all.split("admin\\.system\\.version", -1).length - 1, all);
    }
}
