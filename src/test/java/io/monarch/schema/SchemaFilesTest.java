package io.monarch.schema;

import io.monarch.api.ExitCode;
import io.monarch.api.MonarchException;
import org.bson.BsonDocument;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Schema files as a user writes them: what they declare, that pulled files read back the same, and bad files. */
class SchemaFilesTest {
    @TempDir
    Path dir;

    private static final String EVERYTHING = """
            # one file may declare several collections and views
            collections:
              users:
                validator:
                  $jsonSchema:
                    bsonType: object
                    required: [email, createdAt]
                    properties:
                      email: {bsonType: string, pattern: "^\\\\S+@\\\\S+$"}
                      createdAt: {bsonType: date}
                      since: {$gte: {$date: "2024-01-01T00:00:00Z"}}
                validationLevel: moderate
                validationAction: warn
                collation: {locale: fr, strength: 2}
                changeStreamPreAndPostImages: {enabled: true}
                indexes:
                  - keys: {email: 1}
                    unique: true
                    collation: {locale: en, strength: 1}
                  - keys: {lastName: 1, firstName: -1}
                    name: by_name
                    partialFilterExpression: {lastName: {$exists: true}}
                    sparse: true
                    hidden: true
                  - keys: {createdAt: 1}
                    expireAfterSeconds: 86400
                  - keys: {title: text, bio: text}
                    weights: {title: 10}
                    default_language: french
                    language_override: lang
                  - keys: {home: 2dsphere}
                  - keys: {"$**": 1}
                    wildcardProjection: {details: 1}
                  - keys: {tenant: hashed}
              events:
                capped: {size: 1048576, max: 1000}
              metrics:
                timeseries: {timeField: ts, metaField: sensor, granularity: minutes}
                expireAfterSeconds: 604800
              orders:
                clusteredIndex: {key: {_id: 1}, unique: true}
              empty: {}
            views:
              active_users:
                viewOn: users
                pipeline:
                  - $match: {active: true, "profile.visible": {$ne: false}}
                  - $project: {email: 1}
                collation: {locale: en}
            """;

    private Path write(String name, String content) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, content);
        return file;
    }

    @Test
    void aFileDeclaresCollectionsIndexesAndViewsInMongoDbsOwnOptionNames() throws IOException {
        write("app.yml", EVERYTHING);
        DatabaseSchema schema = Schema.read(dir);
        assertEquals(List.of("users", "events", "metrics", "orders", "empty", "active_users"),
                schema.collections().stream().map(CollectionSchema::name).toList());
        CollectionSchema users = schema.find("users").orElseThrow();
        assertEquals("app.yml:3", users.source());
        assertEquals(BsonDocument.parse("{bsonType: 'string', pattern: '^\\\\S+@\\\\S+$'}"),
                users.options().getDocument("validator").getDocument("$jsonSchema").getDocument("properties").getDocument("email"));
        assertTrue(users.options().getDocument("validator").getDocument("$jsonSchema").getDocument("properties")
                .getDocument("since").get("$gte").isDateTime(), "extended JSON becomes its BSON type");
        assertEquals(List.of("email_1", "by_name", "createdAt_1", "title_text_bio_text", "home_2dsphere", "$**_1", "tenant_hashed"),
                users.indexes().stream().map(IndexSchema::name).toList());
        assertEquals(BsonDocument.parse("{key: {lastName: 1, firstName: -1}, name: 'by_name', sparse: true, hidden: true, "
                + "partialFilterExpression: {lastName: {$exists: true}}}"), users.index("by_name").orElseThrow().spec());
        assertEquals(BsonDocument.parse("{capped: true, size: 1048576, max: 1000}"), schema.find("events").orElseThrow().options());
        assertEquals(BsonDocument.parse("{viewOn: 'users', pipeline: [{$match: {active: true, 'profile.visible': {$ne: false}}}, "
                + "{$project: {email: 1}}], collation: {locale: 'en'}}"), schema.find("active_users").orElseThrow().options());
    }

    @Test
    void whatIsWrittenReadsBackAsTheSameSchema() throws IOException {
        write("app.yml", EVERYTHING);
        DatabaseSchema declared = Schema.read(dir);
        Path pulled = dir.resolve("pulled");
        DatabaseSchema canonical = new DatabaseSchema(declared.collections().stream().map(Canonical::collection).toList());
        List<Path> files = SchemaFiles.write(pulled, canonical);
        assertEquals(6, files.size());
        DatabaseSchema back = Schema.read(pulled);
        for (CollectionSchema c : canonical.collections()) {
            CollectionSchema read = Canonical.collection(back.find(c.name()).orElseThrow());
            assertTrue(BsonValues.same(c.options(), read.options()), c.name() + ": " + c.options() + " vs " + read.options());
            assertEquals(c.indexes().size(), read.indexes().size());
            for (int i = 0; i < c.indexes().size(); i++) {
                assertTrue(BsonValues.same(c.indexes().get(i).spec(), read.indexes().get(i).spec()),
                        c.indexes().get(i).spec() + " vs " + read.indexes().get(i).spec());
            }
        }
        String users = Files.readString(pulled.resolve("users.yml"));
        assertTrue(users.contains("      - keys: {lastName: 1, firstName: -1}\n        name: by_name\n        sparse: true\n"), users);
        assertTrue(users.contains("      - keys: {\"$**\": 1}\n"), users);
        assertTrue(users.contains("since: {$gte: {\"$date\": \"2024-01-01T00:00:00Z\"}}"), users);
        assertTrue(Files.readString(pulled.resolve("events.yml")).contains("    capped: {size: 1048576, max: 1000}\n"));
    }

    @Test
    void aBadFileNamesItsLineAndWhatToWriteInstead() throws IOException {
        assertBad("""
                collections:
                  users:
                    indexes:
                      - keys: {email: 1}
                        uniqe: true
                """, "users.yml:5: unknown key 'uniqe' under an index under collections.users.indexes (did you mean 'unique'?)");
        assertBad("""
                collections:
                  users:
                    indexes:
                      - keys: {email: up}
                """, "users.yml:4: keys.email is \"up\"; write 1 (ascending), -1 (descending), text, 2dsphere, 2d or hashed");
        assertBad("""
                collections:
                  users:
                    indexes:
                      - unique: true
                """, "users.yml:4: this index has no keys; write its key pattern, e.g. keys: {email: 1}");
        assertBad("""
                collections:
                  users:
                    validationLevel: sometimes
                """, "users.yml:3: collections.users.validationLevel is 'sometimes'; write one of strict, moderate, off");
        assertBad("""
                collections:
                  users:
                    expireAfterSeconds: 60
                """, "users.yml:3: only time-series and clustered collections expire as a whole; for a TTL index write it under indexes:");
        assertBad("""
                collections:
                  users:
                    indexes:
                      - keys: {email: 1}
                        weights: {email: 2}
                """, "users.yml:5: weights belongs to a text index (keys: {bio: text}); remove it here, or change this index's keys");
        assertBad("""
                collections:
                  users:
                    indexes:
                      - keys: {email: 1}
                      - keys: {email: -1}
                        name: email_1
                """, "users.yml:5: two indexes of collections.users are named email_1 (the other at line 4)");
        assertBad("""
                collections:
                  users:
                    capped: {max: 10}
                """, "users.yml:3: collections.users.capped has no size; write its size in bytes, e.g. capped: {size: 1048576}");
        assertBad("""
                collections:
                  users:
                    indexes:
                    - keys: {email: 1}
                     unique: true
                """, "users.yml:5: not valid YAML");
        assertBad("""
                collections:
                  users:
                    indexes: {email: 1}
                """, "users.yml:3: collections.users.indexes must be a list, one '- keys: {...}' item per index");
        assertBad("""
                views:
                  active:
                    pipeline: []
                """, "users.yml:3: views.active has no viewOn; name the collection it reads, e.g. viewOn: users");
        assertBad("""
                collections:
                  system.profile: {}
                """, "users.yml:2: 'system.profile' is not a name for a collection");
        assertBad("""
                colections:
                  users: {}
                """, "users.yml:1: unknown key 'colections' under the top level (did you mean 'collections'?)");
    }

    @Test
    void aCollectionDeclaredInTwoFilesNamesBoth() throws IOException {
        write("a.yml", "collections:\n  users: {}\n");
        write("b.yml", "views:\n  users:\n    viewOn: people\n");
        MonarchException e = assertThrows(MonarchException.class, () -> Schema.read(dir));
        assertEquals(ExitCode.USAGE, e.exitCode());
        assertEquals(dir.resolve("b.yml") + ":2: users is already declared at a.yml:2; declare each collection or view once", e.getMessage());
    }

    @Test
    void noSchemaFolderSaysHowToStart() {
        MonarchException e = assertThrows(MonarchException.class, () -> Schema.read(dir.resolve("schema")));
        assertEquals(ExitCode.USAGE, e.exitCode());
        assertTrue(e.getMessage().contains("run 'monarch schema pull <env>'"), e.getMessage());
    }

    private void assertBad(String content, String expectedStart) throws IOException {
        Path file = write("users.yml", content);
        MonarchException e = assertThrows(MonarchException.class, () -> Schema.read(dir));
        assertEquals(ExitCode.USAGE, e.exitCode());
        String message = e.getMessage().substring(file.getParent().toString().length() + 1);
        assertTrue(message.startsWith(expectedStart), "expected: " + expectedStart + "\n     got: " + message);
        Files.delete(file);
    }
}
