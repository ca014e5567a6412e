package io.monarch.schema;

import io.monarch.codegen.SchemaMigrationGenerator.Call;
import org.bson.BsonDocument;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Plans against MongoDB itself, from what mongo:7 answers to listCollections and listIndexes (its defaults
 * spelled out, text keys as _fts, collations expanded, index versions): the comparisons and steps the
 * embedded server cannot show. The Testcontainers suite runs the same against a live mongo:7.
 */
class MongoDbPlanTest {
    @TempDir
    Path dir;

    private static final String DECLARED = """
            collections:
              users:
                validator: {$jsonSchema: {bsonType: object, required: [email]}}
                collation: {locale: fr, strength: 2}
                changeStreamPreAndPostImages: {enabled: false}
                indexes:
                  - keys: {email: 1}
                    unique: true
                  - keys: {createdAt: 1}
                    expireAfterSeconds: 3600
                  - keys: {legacy: 1}
                    hidden: false
              articles:
                indexes:
                  - keys: {title: text, bio: text}
                    weights: {title: 10}
                  - keys: {home: 2dsphere}
              metrics:
                timeseries: {timeField: ts, metaField: sensor, granularity: minutes}
                expireAfterSeconds: 604800
                indexes:
                  - keys: {sensor: 1, ts: 1}
              orders:
                clusteredIndex: {key: {_id: 1}, unique: true}
              events:
                capped: {size: 4000, max: 1000}
            views:
              active_users:
                viewOn: users
                pipeline:
                  - $match: {active: true}
            """;

    private static final String FR = "{locale: 'fr', caseLevel: false, caseFirst: 'off', strength: 2, numericOrdering: false, "
            + "alternate: 'non-ignorable', maxVariable: 'punct', normalization: false, backwards: false, version: '57.1'}";

    /** What mongo:7 lists for the schema above. */
    private static DatabaseSchema listedByMongo7(String validatorRequired, long ttl, boolean legacyHidden) {
        SchemaReader reader = new SchemaReader();
        List<CollectionSchema> collections = new ArrayList<>();
        collections.add(reader.collection(doc("{name: 'users', type: 'collection', options: {validator: {$jsonSchema: {bsonType: 'object', "
                        + "required: " + validatorRequired + "}}, validationLevel: 'strict', validationAction: 'error', collation: " + FR + "}, "
                        + "info: {readOnly: false}, idIndex: {v: 2, key: {_id: 1}, name: '_id_', collation: " + FR + "}}"),
                List.of(doc("{v: 2, key: {_id: 1}, name: '_id_', collation: " + FR + "}"),
                        doc("{v: 2, key: {email: 1}, name: 'email_1', unique: true, collation: " + FR + "}"),
                        doc("{v: 2, key: {createdAt: 1}, name: 'createdAt_1', expireAfterSeconds: " + ttl + ", collation: " + FR + "}"),
                        doc("{v: 2, key: {legacy: 1}, name: 'legacy_1', collation: " + FR + (legacyHidden ? ", hidden: true" : "") + "}"))));
        collections.add(reader.collection(doc("{name: 'articles', type: 'collection', options: {}, info: {readOnly: false}}"),
                List.of(doc("{v: 2, key: {_id: 1}, name: '_id_'}"),
                        doc("{v: 2, key: {_fts: 'text', _ftsx: 1}, name: 'title_text_bio_text', weights: {bio: 1, title: 10}, "
                                + "default_language: 'english', language_override: 'language', textIndexVersion: 3}"),
                        doc("{v: 2, key: {home: '2dsphere'}, name: 'home_2dsphere', '2dsphereIndexVersion': 3}"))));
        collections.add(reader.collection(doc("{name: 'metrics', type: 'timeseries', options: {timeseries: {timeField: 'ts', "
                        + "metaField: 'sensor', granularity: 'minutes', bucketMaxSpanSeconds: 86400}, expireAfterSeconds: {$numberLong: '604800'}}, "
                        + "info: {readOnly: false}}"),
                List.of(doc("{v: 2, key: {sensor: 1, ts: 1}, name: 'sensor_1_ts_1'}"))));
        collections.add(reader.collection(doc("{name: 'orders', type: 'collection', options: {clusteredIndex: {v: 2, key: {_id: 1}, "
                + "name: '_id_', unique: true}}, info: {readOnly: false}}"), List.of(doc("{v: 2, key: {_id: 1}, name: '_id_', unique: true, clustered: true}"))));
        collections.add(reader.collection(doc("{name: 'events', type: 'collection', options: {capped: true, size: 4096, max: 1000}}"),
                List.of(doc("{v: 2, key: {_id: 1}, name: '_id_'}"))));
        collections.add(reader.collection(doc("{name: 'active_users', type: 'view', options: {viewOn: 'users', pipeline: "
                + "[{$match: {active: true}}]}, info: {readOnly: true}}"), List.of()));
        assertEquals(List.of(), reader.ignored());
        return new DatabaseSchema(collections);
    }

    private DatabaseSchema declared(String yaml) throws IOException {
        Path schema = dir.resolve("schema");
        Files.createDirectories(schema);
        Files.writeString(schema.resolve("app.yml"), yaml);
        return Schema.read(schema);
    }

    private static SchemaPlan plan(DatabaseSchema declared, DatabaseSchema actual, boolean prune) {
        return new Planner(ServerCapabilities.MONGODB, prune, name -> 0).plan("app", declared, actual, List.of());
    }

    @Test
    void whatMongoListsForTheDeclaredSchemaIsNoChange() throws IOException {
        SchemaPlan plan = plan(declared(DECLARED), listedByMongo7("['email']", 3600, false), true);
        assertFalse(plan.hasChanges(), plan.render());
        assertEquals(List.of(), plan.notes());
    }

    @Test
    void validatorTtlAndHiddenChangesAreCollModsWithTheirJsonDifferenceAndTheirInverse() throws IOException {
        SchemaPlan plan = plan(declared(DECLARED), listedByMongo7("['email', 'name']", 60, true), false);
        assertEquals(List.of("users: ~ change validator (collMod)",
                "users: ~ change TTL of index createdAt_1: 60 → 3600 seconds (collMod)",
                "users: ~ unhide index legacy_1 (collMod)"), titles(plan));
        PlanStep validator = plan.steps().get(0);
        assertEquals(List.of("~ validator.$jsonSchema.required: [\"email\", \"name\"] → [\"email\"]"), validator.details());
        assertEquals(List.of(new SchemaCommand.Run(doc("{collMod: 'users', validator: {$jsonSchema: {bsonType: 'object', required: ['email']}}, "
                + "validationLevel: 'strict', validationAction: 'error'}"))), validator.forward());
        assertEquals(List.of(new SchemaCommand.Run(doc("{collMod: 'users', validator: {$jsonSchema: {bsonType: 'object', required: ['email', 'name']}}, "
                + "validationLevel: 'strict', validationAction: 'error'}"))), validator.backward());
        assertEquals(List.of(new SchemaCommand.Run(doc("{collMod: 'users', index: {name: 'createdAt_1', expireAfterSeconds: 3600}}"))),
                plan.steps().get(1).forward());
        assertEquals(List.of(new SchemaCommand.Run(doc("{collMod: 'users', index: {name: 'createdAt_1', expireAfterSeconds: 60}}"))),
                plan.steps().get(1).backward());
        assertEquals(List.of(new SchemaCommand.Run(doc("{collMod: 'users', index: {name: 'legacy_1', hidden: false}}"))),
                plan.steps().get(2).forward());
        assertTrue(plan.render().contains("users\n  ~ change validator (collMod)\n      ~ validator.$jsonSchema.required: "
                + "[\"email\", \"name\"] → [\"email\"]\n"), plan.render());
        // The generated migration's calls carry the state each change starts from, to check what it finds first.
        assertEquals(List.of(new Call("changeCollection", "users", List.of(
                doc("{validator: {$jsonSchema: {bsonType: 'object', required: ['email', 'name']}}, validationLevel: 'strict', validationAction: 'error'}"),
                doc("{validator: {$jsonSchema: {bsonType: 'object', required: ['email']}}, validationLevel: 'strict', validationAction: 'error'}")))),
                validator.migrationRun());
        assertEquals(List.of(new Call("changeIndex", "users", List.of(doc("{key: {createdAt: 1}, name: 'createdAt_1', expireAfterSeconds: 60}"),
                doc("{key: {createdAt: 1}, name: 'createdAt_1', expireAfterSeconds: 3600}")))), plan.steps().get(1).migrationRun());
        assertEquals(List.of(new Call("changeIndex", "users", List.of(doc("{key: {legacy: 1}, name: 'legacy_1'}"),
                doc("{key: {legacy: 1}, name: 'legacy_1', hidden: true}")))), plan.steps().get(2).migrationRollback());
    }

    @Test
    void aTtlAndAHiddenChangeOfOneIndexAreTwoStepsTheSecondStartingWhereTheFirstEnds() throws IOException {
        DatabaseSchema actual = new DatabaseSchema(List.of(new SchemaReader().collection(doc("{name: 'sessions', type: 'collection', options: {}}"),
                List.of(doc("{v: 2, key: {_id: 1}, name: '_id_'}"), doc("{v: 2, key: {at: 1}, name: 'at_1', expireAfterSeconds: 60, hidden: true}")))));
        SchemaPlan plan = plan(declared("collections:\n  sessions:\n    indexes:\n      - keys: {at: 1}\n        expireAfterSeconds: 3600\n"),
                actual, false);
        assertEquals(List.of("sessions: ~ change TTL of index at_1: 60 → 3600 seconds (collMod)", "sessions: ~ unhide index at_1 (collMod)"),
                titles(plan));
        BsonDocument hiddenHour = doc("{key: {at: 1}, name: 'at_1', hidden: true, expireAfterSeconds: 3600}");
        assertEquals(List.of(new Call("changeIndex", "sessions", List.of(doc("{key: {at: 1}, name: 'at_1', hidden: true, expireAfterSeconds: 60}"),
                hiddenHour))), plan.steps().get(0).migrationRun());
        assertEquals(List.of(new Call("changeIndex", "sessions", List.of(hiddenHour, doc("{key: {at: 1}, name: 'at_1', expireAfterSeconds: 3600}")))),
                plan.steps().get(1).migrationRun());
        assertEquals(List.of(new SchemaCommand.Run(doc("{collMod: 'sessions', index: {name: 'at_1', hidden: false}}"))), plan.steps().get(1).forward());
    }

    @Test
    void optionsCollModChangesAndWhatOnlyANewCollectionCouldChange() throws IOException {
        String edited = DECLARED
                .replace("changeStreamPreAndPostImages: {enabled: false}", "changeStreamPreAndPostImages: {enabled: true}")
                .replace("capped: {size: 4000, max: 1000}", "capped: {size: 8192, max: 1000}")
                .replace("collation: {locale: fr, strength: 2}", "collation: {locale: fr, strength: 2}\n    validationAction: warn")
                .replace("granularity: minutes", "granularity: hours")
                .replace("expireAfterSeconds: 604800", "expireAfterSeconds: 86400");
        SchemaPlan plan = plan(declared(edited), listedByMongo7("['email']", 3600, false), false);
        assertEquals(List.of("users: ~ change validator (collMod)",
                "users: ~ change options changeStreamPreAndPostImages (collMod)",
                "metrics: ! cannot change its timeseries in place: it is fixed when the collection is created; "
                        + "write a migration that copies the documents into a new collection",
                "metrics: ~ change options expireAfterSeconds (collMod)",
                "events: ~ change options size (collMod)"), titles(plan));
        assertEquals(List.of("+ validationAction: \"warn\""), plan.steps().get(0).details());
        assertEquals(List.of("~ timeseries.granularity: \"minutes\" → \"hours\""), plan.steps().get(2).details());
        assertEquals(List.of(), plan.steps().get(2).forward());
        assertEquals(List.of(new SchemaCommand.Run(doc("{collMod: 'users', changeStreamPreAndPostImages: {enabled: true}}"))),
                plan.steps().get(1).forward());
        assertEquals(List.of(new SchemaCommand.Run(doc("{collMod: 'users', changeStreamPreAndPostImages: {enabled: false}}"))),
                plan.steps().get(1).backward());
        assertEquals(List.of(new SchemaCommand.Run(doc("{collMod: 'metrics', expireAfterSeconds: 86400}"))), plan.steps().get(3).forward());
        assertEquals(List.of(new SchemaCommand.Run(doc("{collMod: 'events', cappedSize: 8192}"))), plan.steps().get(4).forward());
    }

    @Test
    void indexChangesThatNoCollModMakesAreDropThenCreateAndARenamedIndexIsMatchedByItsKeys() throws IOException {
        String edited = DECLARED
                .replace("      - keys: {email: 1}\n        unique: true\n", "      - keys: {email: 1}\n        unique: true\n        name: email_unique\n")
                .replace("weights: {title: 10}", "weights: {title: 5}");
        SchemaPlan plan = plan(declared(edited), listedByMongo7("['email']", 3600, false), false);
        assertEquals(List.of("users: ~ recreate index email_unique (drop, then create: name changed)",
                "articles: ~ recreate index title_text_bio_text (drop, then create: weights changed)"), titles(plan));
        assertEquals(List.of(new SchemaCommand.Run(doc("{dropIndexes: 'users', index: 'email_1'}")),
                new SchemaCommand.Run(doc("{createIndexes: 'users', indexes: [{key: {email: 1}, name: 'email_unique', unique: true}]}"))),
                plan.steps().get(0).forward());
        assertEquals(List.of(new SchemaCommand.Run(doc("{dropIndexes: 'users', index: 'email_unique'}")),
                new SchemaCommand.Run(doc("{createIndexes: 'users', indexes: [{key: {email: 1}, name: 'email_1', unique: true}]}"))),
                plan.steps().get(0).backward());
        assertEquals(List.of(new SchemaCommand.Run(doc("{dropIndexes: 'articles', index: 'title_text_bio_text'}")),
                new SchemaCommand.Run(doc("{createIndexes: 'articles', indexes: [{key: {bio: 'text', title: 'text'}, "
                        + "name: 'title_text_bio_text', weights: {title: 10}}]}"))), plan.steps().get(1).backward(),
                "the rollback rebuilds it from the listed spec, its text fields from the weights");
    }

    @Test
    void viewsChangeByDropAndCreateAndAreDroppedOnlyWhenPruning() throws IOException {
        String edited = DECLARED.replace("      - $match: {active: true}", "      - $match: {active: true, deleted: false}");
        SchemaPlan plan = plan(declared(edited), listedByMongo7("['email']", 3600, false), false);
        assertEquals(List.of("active_users: ~ change view (drop, then create)"), titles(plan));
        assertEquals(List.of("~ pipeline: [{$match: {active: true}}] → [{$match: {active: true, deleted: false}}]"), plan.steps().get(0).details());

        String withoutView = DECLARED.substring(0, DECLARED.indexOf("views:"));
        SchemaPlan kept = plan(declared(withoutView), listedByMongo7("['email']", 3600, false), false);
        assertFalse(kept.hasChanges());
        assertEquals(List.of("view active_users"), kept.notDeclared().stream().map(NotDeclared::describe).toList());
        SchemaPlan pruned = plan(declared(withoutView), listedByMongo7("['email']", 3600, false), true);
        assertEquals(List.of("active_users: - drop view on users"), titles(pruned));
        assertEquals(List.of(new SchemaCommand.Run(doc("{create: 'active_users', viewOn: 'users', pipeline: [{$match: {active: true}}]}"))),
                pruned.steps().get(0).backward());
    }

    @Test
    void aCollectionWhereAViewIsDeclaredIsNotReplaced() throws IOException {
        String swapped = DECLARED.replace("views:\n  active_users:", "views:\n  events:").replace("  events:\n    capped: {size: 4000, max: 1000}\n", "");
        SchemaPlan plan = plan(declared(swapped), listedByMongo7("['email']", 3600, false), false);
        assertTrue(titles(plan).contains("events: ! cannot change a collection into a view in place: it is fixed when the "
                + "collection is created; write a migration that copies the documents into a new collection"), titles(plan).toString());
    }

    @Test
    void aGeneratedMigrationForCollModsAndViewsCompiles() throws Exception {
        String edited = DECLARED.replace("required: [email]", "required: [email, name]")
                .replace("expireAfterSeconds: 3600", "expireAfterSeconds: 60")
                .replace("      - $match: {active: true}", "      - $match: {active: true, note: \"a \\\"quoted\\\" \\\\d\"}");
        SchemaPlan plan = plan(declared(edited), listedByMongo7("['email']", 3600, false), true);
        assertEquals(3, plan.steps().size(), plan.render());
        Path source = Schema.generate(plan, dir.resolve("migrations"), dir.resolve("templates"), "mongo changes", Instant.parse("2026-11-24T11:00:00Z"));
        CompiledMigration compiled = CompiledMigration.compile(source);
        assertTrue(compiled.migration().hasRollback());
        assertTrue(Files.readString(source).contains("\"$match\": {\"active\": true, \"note\": \"a \\\\\"quoted\\\\\" \\\\\\\\d\"}"),
                Files.readString(source));
        for (String call : List.of("steps.changeCollection(\"users\", Document.parse(", "steps.changeIndex(\"users\", Document.parse(",
                "steps.replaceView(\"active_users\", Document.parse(")) {
            assertTrue(Files.readString(source).contains(call), call + " in:\n" + Files.readString(source));
        }
    }

    private static List<String> titles(SchemaPlan plan) {
        return plan.steps().stream().map(s -> s.collection() + ": " + s.symbol() + " " + s.title()).toList();
    }

    private static BsonDocument doc(String json) {
        return BsonDocument.parse(json);
    }
}
