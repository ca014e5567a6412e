package io.monarch.mongo;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.MongoException;
import com.mongodb.MongoNamespace;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.RenameCollectionOptions;
import com.mongodb.event.ConnectionCreatedEvent;
import com.mongodb.event.ConnectionPoolListener;
import io.monarch.Monarch;
import io.monarch.api.EnvironmentConnection;
import io.monarch.api.ServedEnvironment;
import io.monarch.support.ChildJvm;
import io.monarch.support.TestProject;
import org.bson.BsonBinarySubType;
import org.bson.Document;
import org.bson.types.Binary;
import org.bson.types.CodeWithScope;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Embedded environments: data kept across restarts, served to other programs, one process at a time. */
class EmbeddedEnvironmentTest {
    @TempDir
    Path dir;

    @Test
    void aRenamedCollectionKeepsItsDocumentsAndUniqueIndexAcrossARestart() {
        Path data = dir.resolve("env");
        EmbeddedServer first = EmbeddedServer.acquire(Optional.of(data), 0);
        try (MongoClient client = MongoClients.create(first.connectionString())) {
            MongoDatabase db = client.getDatabase("app");
            db.getCollection("users").insertOne(new Document("_id", "replaced"));
            db.getCollection("staging").insertMany(List.of(new Document("_id", 1).append("email", "a"), new Document("_id", 2).append("email", "b")));
            db.getCollection("staging").createIndex(Indexes.ascending("email"), new IndexOptions().unique(true));
            db.getCollection("staging").renameCollection(new MongoNamespace("app", "users"), new RenameCollectionOptions().dropTarget(true));
            db.getCollection("users").insertOne(new Document("_id", 3).append("email", "c"));
        } finally {
            first.release();
        }
        EmbeddedServer second = EmbeddedServer.acquire(Optional.of(data), 0);
        try (MongoClient client = MongoClients.create(second.connectionString())) {
            MongoDatabase db = client.getDatabase("app");
            assertEquals(List.of("users"), db.listCollectionNames().into(new ArrayList<>()));
            assertEquals(List.of(1, 2, 3), db.getCollection("users").find().map(d -> d.getInteger("_id")).into(new ArrayList<>()));
            assertThrows(MongoWriteException.class, () -> db.getCollection("users").insertOne(new Document("_id", 4).append("email", "a")));
        } finally {
            second.release();
        }
    }

    @Test
    void serveLetsAnotherClientUseTheEnvironment() {
        TestProject project = TestProject.embedded(dir);
        Monarch monarch = Monarch.load(project.settingsFile());
        try (ServedEnvironment server = monarch.serve("development", 0);
             MongoClient client = MongoClients.create(server.connectionString())) {
            client.getDatabase("app_dev").getCollection("notes").insertOne(new Document("text", "from another program"));
        }
        try (EnvironmentConnection connection = monarch.connect("development")) {
            assertEquals(1L, connection.database().getCollection("notes").countDocuments());
        }
        TestProject.Run notEmbedded = TestProject.server(dir.resolve("other"), "mongodb://127.0.0.1:1").run("serve", "development");
        assertEquals(2, notEmbedded.exitCode(), notEmbedded.all());
    }

    @Test
    void aValueTheEmbeddedServerCannotKeepIsRefusedWithAnErrorAndTheConnectionGoesOn() {
        TestProject project = TestProject.embedded(dir);
        Monarch monarch = Monarch.load(project.settingsFile());
        AtomicInteger opened = new AtomicInteger();
        try (ServedEnvironment server = monarch.serve("development", 0);
             MongoClient client = MongoClients.create(MongoClientSettings.builder()
                     .applyConnectionString(new ConnectionString(server.connectionString()))
                     .applyToConnectionPoolSettings(pool -> pool.maxSize(1).addConnectionPoolListener(new ConnectionPoolListener() {
                         @Override
                         public void connectionCreated(ConnectionCreatedEvent event) {
                             opened.incrementAndGet();
                         }
                     })).build())) {
            MongoCollection<Document> notes = client.getDatabase("app_dev").getCollection("notes");
            for (Document unstorable : List.of(
                    new Document("_id", 1).append("md5", new Binary(BsonBinarySubType.MD5.getValue(), new byte[16])),
                    new Document("_id", 2).append("code", new CodeWithScope("x + 1", new Document("x", 1))))) {
                MongoException refused = assertThrows(MongoException.class, () -> notes.insertOne(unstorable));
                assertTrue(refused.getMessage().contains("the embedded server (mongo-java-server) cannot read this request"),
                        refused.getMessage());
                assertEquals(2, refused.getCode(), "BadValue, as mongod says of a bad request");
            }
            notes.insertOne(new Document("_id", 3).append("text", "after"));
            assertEquals(1L, notes.countDocuments(), "nothing of the refused documents kept");
            assertEquals(1, opened.get(), "one connection served every command: it was never dropped");
        }
    }

    @Test
    void serveOnAPortInUseSaysWhichPortAndSuggestsAnother() throws Exception {
        TestProject project = TestProject.embedded(dir);
        project.with("development", db -> db.getCollection("notes").insertOne(new Document("text", "kept")));
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            int port = taken.getLocalPort();
            TestProject.Run serve = project.run("serve", "development", "--port", Integer.toString(port));
            assertEquals(1, serve.exitCode(), serve.all());
            assertTrue(serve.err().contains("port " + port + " on 127.0.0.1 is already in use"), serve.err());
            assertTrue(serve.err().contains("--port <n>") && serve.err().contains("--port 0"), serve.err());
            assertFalse(serve.err().contains("Exception"), "said in words: " + serve.err());
        }
        // the environment is not left held: no pid file, and the next command opens it with its data
        assertFalse(Files.exists(dir.resolve(".monarch/development/monarch.pid")));
        assertEquals(1L, (long) project.read("development", db -> db.getCollection("notes").countDocuments()));
    }

    @Test
    void aSecondProcessOnTheSameEmbeddedFolderIsRefusedNamingThePid() throws Exception {
        TestProject project = TestProject.embedded(dir);
        Process holder = ChildJvm.start("serve", "development", "--port", "0", "--settings", project.settingsFile().toString());
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream()));
            String line = out.readLine();
            assertTrue(line != null && line.startsWith("serving development at mongodb://127.0.0.1:"), String.valueOf(line));
            TestProject.Run refused = project.run("list_migrations", "development");
            assertEquals(3, refused.exitCode(), refused.all());
            assertTrue(refused.err().contains("in use by pid " + holder.pid()), refused.err());
            // the holder is a 'monarch serve': the way in is its port, not another serve
            String port = line.replaceAll(".*mongodb://127\\.0\\.0\\.1:(\\d+).*", "$1");
            assertTrue(refused.err().contains("a 'monarch serve' on 127.0.0.1:" + port + "; ")
                    && refused.err().contains("uri: mongodb://127.0.0.1:" + port + " (and the same database)"), refused.err());
            assertFalse(refused.err().contains("run 'monarch serve"), refused.err());
        } finally {
            holder.destroy();
            holder.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
