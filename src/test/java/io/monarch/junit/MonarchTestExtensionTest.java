package io.monarch.junit;

import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import io.monarch.Monarch;
import io.monarch.api.EnvironmentConnection;
import io.monarch.api.Migration;
import io.monarch.api.MigrationContext;
import io.monarch.api.MigrationStatus;
import io.monarch.support.InProcessMongo;
import io.monarch.support.JUnitRunner;
import io.monarch.support.TestProject;
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code @MonarchTest} as a user's test classes meet it. The classes below (nested, so the build does not run them
 * on their own) are run by the JUnit launcher against a temporary project named with {@code monarch.settings};
 * they note what they saw in {@link #SEEN}.
 */
class MonarchTestExtensionTest {
    static final Queue<String> SEEN = new ConcurrentLinkedQueue<>();

    @TempDir
    Path dir;
    @RegisterExtension
    final InProcessMongo mongo = new InProcessMongo();
    TestProject project;

    @BeforeEach
    void aProjectWithAUniqueEmailMigration() {
        SEEN.clear();
        project = new TestProject(dir).settings("""
                environments:
                  development:
                    uri: embedded:.monarch/development
                    database: app_dev
                  ci:
                    uri: %s
                    database: app_ci
                  production:
                    uri: %s
                    database: app
                    protected: true
                """.formatted(mongo.uri(), mongo.uri()))
                .migration("M20260101000000_CreateUsers",
                        "db.getCollection(\"users\").createIndex(Indexes.ascending(\"email\"), new IndexOptions().unique(true));");
    }

    @MonarchTest
    static class FirstClass {
        MongoDatabase db;   // injected, as a parameter would be

        @Test
        void migrationsAreApplied() {
            SEEN.add("first " + db.getName());
            db.getCollection("users").insertOne(new Document("email", "ada@example.com"));
            assertThrows(MongoWriteException.class, () -> db.getCollection("users").insertOne(new Document("email", "ada@example.com")));
        }
    }

    @MonarchTest
    static class SecondClass {
        @Test
        void startsEmpty(MongoDatabase db, TestEnvironment env) {
            SEEN.add("second " + db.getName());
            assertEquals(db.getName(), env.database().getName());
            assertEquals(0, db.getCollection("users").countDocuments(), "nothing of FirstClass's");
        }

        @Nested
        class Inner {
            @Test
            void sharesItsEnclosingClasssDatabase(MongoDatabase db) {
                SEEN.add("inner " + db.getName());
            }
        }
    }

    @Test
    void eachClassGetsAFreshMigratedDatabaseDroppedAfterIt() {
        TestExecutionSummary summary = run(FirstClass.class, SecondClass.class);
        assertEquals(3, summary.getTestsSucceededCount(), JUnitRunner.describe(summary));
        String first = seen("first");
        String second = seen("second");
        assertTrue(first.startsWith("monarch_test_firstclass_"), first);
        assertNotEquals(first, second);
        assertEquals(second, seen("inner"));
        List<String> left = memoryDatabases();
        assertFalse(left.contains(first) || left.contains(second), "dropped after their class: " + left);
    }

    @MonarchTest(shared = true)
    static class SharingWriter {
        @Test
        void writes(MongoDatabase db) {
            db.getCollection("notes").insertOne(new Document("by", "writer"));
        }
    }

    @MonarchTest(shared = true)
    static class SharingReader {
        @Test
        void readsWhatTheOtherWrote(MongoDatabase db) {
            SEEN.add("shared " + db.getName());
            assertEquals(1, db.getCollection("notes").countDocuments());
        }
    }

    @Test
    void classesThatShareUseOneDatabaseAndKeepIt() {
        memoryClient(client -> client.getDatabase("monarch_test").drop());
        TestExecutionSummary summary = run(SharingWriter.class, SharingReader.class);
        assertEquals(2, summary.getTestsSucceededCount(), JUnitRunner.describe(summary));
        assertEquals("monarch_test", seen("shared"));
        assertTrue(memoryDatabases().contains("monarch_test"));
        memoryClient(client -> client.getDatabase("monarch_test").drop());
    }

    public static final class M20260101000005_Products extends Migration {
        @Override
        public void run(MigrationContext context) {
            context.database().getCollection("products").insertOne(new Document("sku", "A-1"));
        }
    }

    @MonarchTest(migrations = M20260101000005_Products.class)
    static class WithMigrationClasses {
        @Test
        void appliesTheClassesInsteadOfTheSources(TestEnvironment env) {
            List<String> applied = env.monarch().listMigrations(env.name()).stream().map(MigrationStatus::name).toList();
            assertEquals(List.of("M20260101000005_Products"), applied);
            assertEquals(1, env.database().getCollection("products").countDocuments());
        }
    }

    @Test
    void migrationClassesOnTheTestClasspathReplaceTheSources() {
        TestExecutionSummary summary = run(WithMigrationClasses.class);
        assertEquals(1, summary.getTestsSucceededCount(), JUnitRunner.describe(summary));
    }

    @MonarchTest(environment = "ci")
    static class OnTheCiServer {
        @Test
        void getsADatabaseOfItsOwnThere(MongoDatabase db) {
            SEEN.add("ci " + db.getName());
            assertEquals(1, db.getCollection("users").listIndexes().into(new ArrayList<>()).stream()
                    .filter(i -> Boolean.TRUE.equals(i.get("unique"))).count());
        }
    }

    @MonarchTest(environment = "production")
    static class OnProduction {
        @Test
        void neverRuns() {
            SEEN.add("production ran");
        }
    }

    @Test
    void aNamedEnvironmentGetsAFreshDatabaseOnItsServerButNeverAProtectedOne() {
        TestExecutionSummary summary = run(OnTheCiServer.class, OnProduction.class);
        assertEquals(1, summary.getTestsSucceededCount(), JUnitRunner.describe(summary));
        String ci = seen("ci");
        assertTrue(ci.startsWith("app_ci_ontheciserver_"), ci);
        try (MongoClient client = mongo.client()) {
            List<String> names = client.listDatabaseNames().into(new ArrayList<>());
            assertFalse(names.contains(ci), "dropped after the class: " + names);
            assertFalse(names.contains("app"), "production's database untouched: " + names);
        }
        assertNull(seenOrNull("production"));
        assertTrue(JUnitRunner.failures(summary).stream().anyMatch(f -> f.contains("is protected; a test never writes into a protected environment")),
                JUnitRunner.describe(summary));
    }

    @MonarchTest
    static class CopiesThroughAQuerySet {
        @Test
        void takesWhatTheQuerySetSelects(TestEnvironment env) {
            env.source().getCollection("users").insertMany(List.of(new Document("email", "a@x.org").append("region", "eu"),
                    new Document("email", "b@x.org").append("region", "us")));
            env.source().getCollection("audit").insertOne(new Document());
            env.copy("EuUsers", Map.of("region", "eu"));
            assertEquals(List.of("a@x.org"), env.database().getCollection("users").find()
                    .map(d -> d.getString("email")).into(new ArrayList<>()));
            assertEquals(0, env.database().getCollection("audit").countDocuments(), "skipOthers()");
            SEEN.add("source " + env.source().getName());
        }
    }

    @Test
    void aQuerySetIsTestedByCopyingASeededSourceThroughIt() {
        project.write("migrations/querysets/EuUsers.java", """
                import com.mongodb.client.model.Filters;
                import io.monarch.api.*;
                public class EuUsers extends QuerySet {
                    @Override
                    public void run(QuerySetContext context) {
                        context.dumpCollection("users", Filters.eq("region", context.prompt("Region?")));
                        context.skipOthers();
                    }
                }
                """);
        TestExecutionSummary summary = run(CopiesThroughAQuerySet.class);
        assertEquals(1, summary.getTestsSucceededCount(), JUnitRunner.describe(summary));
        assertFalse(memoryDatabases().contains(seen("source")), "the source is dropped with the class");
    }

    @MonarchTest
    static class AfterAFailingMigration {
        @Test
        void neverRuns() {
            SEEN.add("failing ran");
        }
    }

    @Test
    void aFailingMigrationFailsTheClassBeforeAnyTestAndSaysWhy() {
        project.migration("M20260101000009_Broken", "throw new IllegalStateException(\"the users are not ready\");");
        TestExecutionSummary summary = run(AfterAFailingMigration.class);
        assertEquals(0, summary.getTestsStartedCount(), JUnitRunner.describe(summary));
        assertNull(seenOrNull("failing"));
        assertTrue(JUnitRunner.failures(summary).stream().anyMatch(f -> f.contains("M20260101000009_Broken")
                && f.contains("the users are not ready")), JUnitRunner.describe(summary));
    }

    private TestExecutionSummary run(Class<?>... classes) {
        return JUnitRunner.run(Map.of(MonarchExtension.SETTINGS_PARAMETER, project.settingsFile().toString()), classes);
    }

    private static String seen(String key) {
        String value = seenOrNull(key);
        assertTrue(value != null, key + " not seen in " + SEEN);
        return value;
    }

    private static String seenOrNull(String key) {
        return SEEN.stream().filter(s -> s.startsWith(key + " ")).map(s -> s.substring(key.length() + 1)).findFirst().orElse(null);
    }

    /** The databases of this JVM's in-memory server (embedded:memory), which the test classes used. */
    private List<String> memoryDatabases() {
        List<String> names = new ArrayList<>();
        memoryClient(client -> client.listDatabaseNames().into(names));
        return names;
    }

    private void memoryClient(java.util.function.Consumer<MongoClient> work) {
        try (EnvironmentConnection connection = Monarch.load(project.settingsFile()).withMemoryEnvironment("memory", "x").connect("memory")) {
            work.accept(connection.client());
        }
    }
}
