package io.monarch.migrate;

import io.monarch.Monarch;
import io.monarch.api.ExitCode;
import io.monarch.api.MigrateResult;
import io.monarch.api.Migration;
import io.monarch.api.MigrationContext;
import io.monarch.api.MigrationState;
import io.monarch.api.MigrationStatus;
import io.monarch.api.MonarchException;
import io.monarch.api.TransactionMode;
import io.monarch.support.TestProject;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The library as a user's own integration tests call it, and transaction modes where there are no transactions (the
 * embedded server); on a replica set they are in {@code RealMongoMigrationsTest}.
 */
class LibraryAndTransactionsTest {
    @TempDir
    Path dir;

    /** Migrations handed over as objects, named as their class. */
    public static final class M20260101000001_CreateUsers extends Migration {
        @Override
        public void run(MigrationContext context) {
            context.database().getCollection("users").insertOne(new Document("_id", "ada"));
        }
    }

    public static final class M20260101000002_NeedsATransaction extends Migration {
        @Override
        public void run(MigrationContext context) {
            context.database().getCollection("users").insertOne(context.session(), new Document("_id", "bob"));
        }

        @Override
        public boolean transactional() {
            return true;
        }
    }

    /** Written for an earlier monarch: transactional() still means ALWAYS. */
    @Test
    void aMigrationOverridingTransactionalIsAlwaysAndOneWithNeitherIsNever() {
        assertEquals(TransactionMode.ALWAYS, MigrationDefinition.of(new M20260101000002_NeedsATransaction()).transactionMode());
        assertEquals(TransactionMode.NEVER, MigrationDefinition.of(new M20260101000001_CreateUsers()).transactionMode());
    }

    @Test
    void autoRunsWithoutATransactionOnTheEmbeddedServerAndSaysSo() {
        TestProject project = TestProject.embedded(dir);
        project.write("migrations/M20260101000001_Auto.java", transactionModeMigration("M20260101000001_Auto", "AUTO"));
        TestProject.Run run = project.run("migrate", "development");
        assertEquals(0, run.exitCode(), run.all());
        assertTrue(run.out().contains("note: M20260101000001_Auto runs without a transaction: development has none"), run.out());
        assertTrue(run.out().contains("APPLIED  M20260101000001_Auto"), run.out());
        Document user = project.read("development", db -> db.getCollection("users").find().first());
        assertEquals(false, user.getBoolean("inTransaction"), "context.inTransaction() said no");
    }

    @Test
    void alwaysIsRefusedOnTheEmbeddedServerWithExit3AndNothingRuns() {
        TestProject project = TestProject.embedded(dir)
                .migration("M20260101000001_Plain", "db.getCollection(\"plain\").insertOne(new Document());");
        project.write("migrations/M20260101000002_Always.java", transactionModeMigration("M20260101000002_Always", "ALWAYS"));
        TestProject.Run run = project.run("migrate", "development");
        assertEquals(3, run.exitCode(), run.all());
        assertTrue(run.err().contains("M20260101000002_Always asks for a transaction, and development cannot run one"), run.err());
        assertTrue(run.err().contains("AUTO"), "says what runs either way: " + run.err());
        assertEquals(0L, (long) project.read("development", db -> db.getCollection("plain").countDocuments()), "nothing ran");
    }

    /** A migration of the given mode that records whether it ran in a transaction. */
    static String transactionModeMigration(String name, String mode) {
        return """
                import io.monarch.api.*;
                import org.bson.Document;

                public class %s extends Migration {
                    @Override
                    public void run(MigrationContext context) {
                        var users = context.database().getCollection("users");
                        Document user = new Document("inTransaction", context.inTransaction());
                        if (context.inTransaction()) {
                            users.insertOne(context.session(), user);
                        } else {
                            users.insertOne(user);
                        }
                    }

                    @Override
                    public TransactionMode transactionMode() {
                        return TransactionMode.%s;
                    }
                }
                """.formatted(name, mode);
    }

    @Test
    void migrationsHandedOverAsObjectsRunOnceAndAreListed() {
        TestProject project = TestProject.embedded(dir);
        Monarch monarch = Monarch.load(project.settingsFile()).withMigrations(List.of(new M20260101000001_CreateUsers()));
        MigrateResult first = monarch.migrate("development");
        assertEquals(1, first.ran().size());
        assertEquals(MigrationState.APPLIED, first.ran().get(0).state());
        assertTrue(monarch.migrate("development").nothingToDo());
        List<MigrationStatus> statuses = monarch.listMigrations("development");
        assertEquals(List.of("M20260101000001_CreateUsers"), statuses.stream().map(MigrationStatus::name).toList());
        assertEquals(MigrationState.APPLIED, statuses.get(0).state());
        try (var connection = monarch.connect("development")) {
            assertEquals(1, connection.database().getCollection("users").countDocuments());
        }
    }

    @Test
    void aTransactionalMigrationIsRefusedOnTheEmbeddedServerBeforeAnythingRuns() {
        TestProject project = TestProject.embedded(dir);
        Monarch monarch = Monarch.load(project.settingsFile())
                .withMigrations(List.of(new M20260101000001_CreateUsers(), new M20260101000002_NeedsATransaction()));
        MonarchException refused = assertThrows(MonarchException.class, () -> monarch.migrate("development"));
        assertEquals(ExitCode.REFUSED, refused.exitCode());
        assertTrue(refused.getMessage().contains("M20260101000002_NeedsATransaction asks for a transaction"), refused.getMessage());
        try (var connection = monarch.connect("development")) {
            assertEquals(0, connection.database().getCollection("users").countDocuments(), "nothing ran, not even the first");
        }
    }

    @Test
    void theCliSaysTheSameWithExit3() {
        TestProject project = TestProject.embedded(dir);
        project.write("migrations/M20260101000001_InTransaction.java", """
                import io.monarch.api.*;

                public class M20260101000001_InTransaction extends Migration {
                    @Override
                    public void run(MigrationContext context) {
                        context.database().getCollection("users").insertOne(context.session(), new org.bson.Document());
                    }

                    @Override
                    public boolean transactional() {
                        return true;
                    }
                }
                """);
        TestProject.Run run = project.run("migrate", "development");
        assertEquals(3, run.exitCode(), run.all());
        assertTrue(run.err().contains("asks for a transaction"), run.err());
        assertTrue(project.run("list_migrations", "development").out().contains("PENDING"));
    }
}
