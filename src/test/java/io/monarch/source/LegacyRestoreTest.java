package io.monarch.source;

import com.mongodb.client.MongoDatabase;
import io.monarch.Monarch;
import io.monarch.api.EnvironmentConnection;
import io.monarch.support.TestProject;
import org.bson.Document;
import org.bson.RawBsonDocument;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** restore reads what users already have: mongodump folders (plain and gzipped) and the Python monarch's .dmp.zip. */
class LegacyRestoreTest {
    private static final String USERS_METADATA = """
            {"indexes":[{"v":{"$numberInt":"2"},"key":{"_id":{"$numberInt":"1"}},"name":"_id_"},
                        {"v":{"$numberInt":"2"},"unique":true,"key":{"email":{"$numberInt":"1"}},"name":"email_1"}],
             "uuid":"0b7f5a4c1e2d4b3a9c8d7e6f5a4b3c2d","collectionName":"users","type":"collection"}""";

    @TempDir
    Path dir;
    TestProject project;

    @BeforeEach
    void project() {
        project = TestProject.embedded(dir);
    }

    @Test
    void restoresAMongodumpFolder() throws Exception {
        Path db = dir.resolve("dump/app");
        Files.createDirectories(db);
        Files.write(db.resolve("users.bson"), bson(users(3)));
        Files.writeString(db.resolve("users.metadata.json"), USERS_METADATA);
        Files.write(db.resolve("orders.bson"), bson(List.of(new Document("_id", 1).append("total", 9.5))));
        Files.write(db.resolve("empty.bson"), new byte[0]);

        TestProject.Run run = project.run("restore", dir.resolve("dump") + ":development");
        assertEquals(0, run.exitCode(), run.all());
        assertEquals(List.of("empty", "orders", "users"), project.names("development"));
        assertEquals(3L, (long) read(d -> d.getCollection("users").countDocuments()));
        assertTrue(read(d -> d.getCollection("users").listIndexes().map(i -> i.getString("name")).into(new ArrayList<>())).contains("email_1"));
    }

    @Test
    void restoresAGzippedMongodumpFolder() throws Exception {
        Path db = dir.resolve("dump/app");
        Files.createDirectories(db);
        Files.write(db.resolve("users.bson.gz"), gzip(bson(users(5))));
        Files.write(db.resolve("users.metadata.json.gz"), gzip(USERS_METADATA.getBytes(StandardCharsets.UTF_8)));
        TestProject.Run run = project.run("restore", db + ":development");
        assertEquals(0, run.exitCode(), run.all());
        assertEquals(5L, (long) read(d -> d.getCollection("users").countDocuments()));
    }

    @Test
    void restoresAPythonMonarchDmpZip() throws Exception {
        Path zip = dir.resolve("production__20150101.dmp.zip");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
            entry(out, "dump/app/users.bson", bson(users(4)));
            entry(out, "dump/app/users.metadata.json", USERS_METADATA.getBytes(StandardCharsets.UTF_8));
            entry(out, "dump/app/system.indexes.bson", bson(List.of(new Document("name", "old"))));
        }
        TestProject.Run run = project.run("restore", zip + ":development");
        assertEquals(0, run.exitCode(), run.all());
        assertEquals(4L, (long) read(d -> d.getCollection("users").countDocuments()));
        assertFalse(read(d -> d.listCollectionNames().into(new ArrayList<>())).contains("system.indexes"));
    }

    @Test
    void refusesAZipEntryThatEscapesItsFolder() throws Exception {
        Path zip = dir.resolve("evil.dmp.zip");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
            entry(out, "dump/app/users.bson", bson(users(1)));
            entry(out, "../../escaped.txt", "gotcha".getBytes(StandardCharsets.UTF_8));
        }
        TestProject.Run run = project.run("restore", zip + ":development");
        assertEquals(2, run.exitCode(), run.all());
        assertTrue(run.err().contains("outside"), run.err());
        assertFalse(Files.exists(dir.getParent().resolve("escaped.txt")));
        assertEquals(List.of(), project.names("development"));
    }

    @Test
    void aTruncatedBsonFileChangesNothing() throws Exception {
        Path db = dir.resolve("dump/app");
        Files.createDirectories(db);
        byte[] whole = bson(users(3));
        Files.write(db.resolve("users.bson"), java.util.Arrays.copyOf(whole, whole.length - 10));
        TestProject.Run run = project.run("restore", db + ":development");
        assertEquals(1, run.exitCode(), run.all());
        assertTrue(run.err().contains("truncated"), run.err());
        assertEquals(List.of(), project.names("development"));
    }

    private static List<Document> users(int n) {
        List<Document> users = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            users.add(new Document("_id", i).append("email", "u" + i + "@example.com"));
        }
        return users;
    }

    static byte[] bson(List<Document> documents) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Document d : documents) {
            RawBsonDocument raw = RawBsonDocument.parse(d.toJson());
            out.write(raw.getByteBuffer().array(), 0, raw.getByteBuffer().remaining());
        }
        return out.toByteArray();
    }

    private static byte[] gzip(byte[] bytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream gz = new GZIPOutputStream(out)) {
            gz.write(bytes);
        }
        return out.toByteArray();
    }

    private static void entry(ZipOutputStream out, String name, byte[] content) throws IOException {
        out.putNextEntry(new ZipEntry(name));
        out.write(content);
        out.closeEntry();
    }

    private static List<String> sorted(List<String> names) {
        names.sort(null);
        return names;
    }

    private <T> T read(Function<MongoDatabase, T> work) {
        try (EnvironmentConnection connection = Monarch.load(project.settingsFile()).connect("development")) {
            return work.apply(connection.database());
        }
    }

}
