package io.monarch.api;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Each step of a generated schema migration against what the embedded server already has: absent, it is made;
 * there as declared, skipped with a line; there but different, it stops naming both. (Options, views and collMod,
 * which the embedded server lacks, are covered against MongoDB by RealMongoSchemaTest.)
 */
class SchemaStepsTest {
    private MongoServer server;
    private MongoClient client;
    private MongoDatabase db;
    private final List<String> log = new ArrayList<>();
    private SchemaSteps steps;

    @BeforeEach
    void start() {
        server = new MongoServer(new MemoryBackend());
        InetSocketAddress address = server.bind();
        client = MongoClients.create("mongodb://" + address.getHostString() + ":" + address.getPort());
        db = client.getDatabase("app");
        steps = new SchemaSteps(new MigrationContext("test", client, db, null, log::add));
    }

    @AfterEach
    void stop() {
        client.close();
        server.shutdownNow();
    }

    @Test
    void anIndexAbsentIsCreatedThereAsDeclaredIsSkippedAndThereButDifferentStopsNamingBoth() {
        steps.createIndex("users", Document.parse("{key: {email: 1}, name: 'email_1', unique: true}"));
        steps.createIndex("users", Document.parse("{key: {email: 1.0}, name: 'email_1', unique: true, sparse: false}"));
        assertEquals(List.of("created index email_1 on users", "already there as declared: index email_1 on users"), log);

        MonarchException e = assertThrows(MonarchException.class,
                () -> steps.createIndex("users", Document.parse("{key: {email: -1}, name: 'email_1'}")));
        assertEquals(ExitCode.FAILED, e.exitCode());
        assertEquals("index email_1 on users is there but not as declared: declared {\"key\": {\"email\": -1}, \"name\": \"email_1\"}; "
                + "found {\"key\": {\"email\": 1}, \"name\": \"email_1\", \"unique\": true}. Make one match the other (the database by "
                + "hand, or the schema files), then migrate again", e.getMessage());
        assertEquals(Map.of("_id_", "{\"_id\": 1}", "email_1", "{\"email\": 1}"), indexes("users"), "nothing changed");
    }

    @Test
    void aDropOfWhatIsGoneIsSkippedADifferentIndexIsLeftAndACollectionWithDocumentsIsKept() {
        db.getCollection("users").createIndex(Indexes.ascending("legacy"), new IndexOptions().sparse(true));
        steps.dropIndex("users", Document.parse("{key: {gone: 1}, name: 'gone_1'}"));
        steps.dropIndex("nowhere", Document.parse("{key: {gone: 1}, name: 'gone_1'}"));
        MonarchException different = assertThrows(MonarchException.class,
                () -> steps.dropIndex("users", Document.parse("{key: {legacy: 1}, name: 'legacy_1'}")));
        assertEquals("index legacy_1 on users is there but not as expected: expected {\"key\": {\"legacy\": 1}, \"name\": \"legacy_1\"}; "
                + "found {\"key\": {\"legacy\": 1}, \"name\": \"legacy_1\", \"sparse\": true}. Make one match the other (the database by "
                + "hand, or the schema files), then migrate again", different.getMessage());
        steps.dropIndex("users", Document.parse("{key: {legacy: 1}, name: 'legacy_1', sparse: true}"));
        assertEquals(Map.of("_id_", "{\"_id\": 1}"), indexes("users"));

        db.getCollection("users").insertOne(new Document("_id", 1));
        MonarchException refused = assertThrows(MonarchException.class, () -> steps.dropCollection("users", new Document()));
        assertEquals(ExitCode.REFUSED, refused.exitCode());
        assertEquals(1L, db.getCollection("users").countDocuments());
        steps.dropCollection("scratch", new Document());
        assertEquals(List.of("already gone: index gone_1 on users", "already gone: index gone_1 on nowhere",
                "dropped index legacy_1 on users", "already gone: collection scratch"), log);
    }

    @Test
    void aRebuildIsSkippedWhereDoneMadeWhereItWasPlannedFromOrAbsentAndStopsElsewhere() {
        Document unique = Document.parse("{key: {email: 1}, name: 'email_1', unique: true}");
        Document plain = Document.parse("{key: {email: 1}, name: 'email_1'}");
        steps.replaceIndex("users", unique, plain);
        steps.replaceIndex("users", unique, plain);
        steps.replaceIndex("users", plain, unique);
        assertEquals(List.of("created index email_1 on users (it was not there to rebuild)", "already there as declared: index email_1 on users",
                "rebuilt index email_1 on users"), log);
        assertEquals(Map.of("_id_", "{\"_id\": 1}", "email_1", "{\"email\": 1}"), indexes("users"));

        db.getCollection("users").dropIndex("email_1");
        db.getCollection("users").createIndex(Indexes.descending("email"), new IndexOptions().name("email_1"));
        MonarchException e = assertThrows(MonarchException.class, () -> steps.replaceIndex("users", plain, unique));
        assertEquals("index email_1 on users is neither as declared nor as this migration was planned from: declared {\"key\": {\"email\": 1}, "
                + "\"name\": \"email_1\", \"unique\": true}; planned from {\"key\": {\"email\": 1}, \"name\": \"email_1\"}; found {\"key\": "
                + "{\"email\": -1}, \"name\": \"email_1\"}. Bring it to one of them by hand, then migrate again", e.getMessage());
    }

    @Test
    void aTtlChangeMakesTheIndexWhereItIsAbsentAndSkipsItWhereItIsAsDeclared() {
        Document hour = Document.parse("{key: {createdAt: 1}, name: 'createdAt_1', expireAfterSeconds: 3600}");
        Document minute = Document.parse("{key: {createdAt: 1}, name: 'createdAt_1', expireAfterSeconds: 60}");
        steps.changeIndex("users", hour, minute);
        steps.changeIndex("users", hour, minute);
        assertEquals(List.of("created index createdAt_1 on users (it was not there to change)",
                "already there as declared: index createdAt_1 on users"), log);
        MonarchException e = assertThrows(MonarchException.class, () -> steps.changeIndex("users",
                Document.parse("{key: {createdAt: 1}, name: 'createdAt_1', expireAfterSeconds: 7}"), hour));
        assertEquals(ExitCode.FAILED, e.exitCode());
        assertThrows(IllegalArgumentException.class, () -> steps.changeIndex("users", hour,
                Document.parse("{key: {createdAt: -1}, name: 'createdAt_1', expireAfterSeconds: 60}")), "collMod changes no key");
    }

    @Test
    void whereTheServerKeepsNoOptionsAndHasNoViewsWhatIsThereIsSaidSoAndLeftAsItIs() {
        db.createCollection("accounts");
        db.createCollection("active_accounts");
        steps.createCollection("accounts", new Document());
        steps.createCollection("accounts", Document.parse("{validator: {$jsonSchema: {required: ['email']}}, validationLevel: 'strict'}"));
        steps.createView("active_accounts", Document.parse("{viewOn: 'accounts', pipeline: [{$match: {active: true}}]}"));
        steps.changeCollection("accounts", Document.parse("{validator: {}, validationLevel: 'strict', validationAction: 'error'}"),
                Document.parse("{validator: {$jsonSchema: {required: ['email']}}, validationLevel: 'strict', validationAction: 'error'}"));
        steps.createCollection("orders", Document.parse("{validator: {$jsonSchema: {required: ['total']}}}"));
        assertEquals(List.of("already there as declared: collection accounts",
                "already there: collection accounts (its validator not compared: this server keeps no collection options)",
                "already there: view active_accounts (not compared: this server has no views)",
                "not changed: validator, validationLevel, validationAction of collection accounts (this server keeps no collection options)",
                "created collection orders"), log);
        MonarchException absent = assertThrows(MonarchException.class, () -> steps.changeCollection("nowhere",
                new Document("expireAfterSeconds", "off"), new Document("expireAfterSeconds", 60)));
        assertEquals("collection nowhere is not there to change its expireAfterSeconds; create it first (a hand-written migration, or a "
                + "schema migration planned against a database without it)", absent.getMessage());
    }

    /** Each index's name and key, as JSON. */
    private Map<String, String> indexes(String collection) {
        Map<String, String> indexes = new TreeMap<>();
        for (Document index : db.getCollection(collection).listIndexes()) {
            indexes.put(index.getString("name"), ((Document) index.get("key")).toJson());
        }
        return indexes;
    }
}
