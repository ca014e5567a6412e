package io.monarch.migrate;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import io.monarch.Monarch;
import io.monarch.api.ExitCode;
import io.monarch.api.MigrateOptions;
import io.monarch.api.Migration;
import io.monarch.api.MigrationContext;
import io.monarch.api.MonarchException;
import io.monarch.api.TenantMigrateResult;
import io.monarch.api.TenantOptions;
import io.monarch.api.TenantRun;
import io.monarch.api.TenantState;
import io.monarch.support.InProcessMongo;
import io.monarch.support.TestProject;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An environment of many databases ({@code databases:} in settings), on one server reached over TCP: migrate goes
 * through its tenants, each with its own tracking and lock, and the commands on one database take {@code --tenant}.
 */
class TenantsTest {
    private static final String TRACKING = "monarch_migrations";

    @TempDir
    Path dir;
    @RegisterExtension
    final InProcessMongo mongo = new InProcessMongo();
    MongoClient client;
    TestProject project;

    @BeforeEach
    void project() {
        client = MongoClients.create(mongo.uri());
        project = new TestProject(dir).settings("""
                environments:
                  tenants:
                    uri: %1$s
                    databases: [tenant_a, tenant_b, tenant_c]
                  by_pattern:
                    uri: %1$s
                    databases: {pattern: "tenant_*"}
                  development:
                    uri: %1$s
                    database: app_dev
                migrations:
                  lock_wait_seconds: 1
                backups:
                  local:
                    path: backups
                """.formatted(mongo.uri()));
    }

    @AfterEach
    void disconnect() {
        client.close();
    }

    private MongoDatabase db(String name) {
        return client.getDatabase(name);
    }

    private long count(String database, String collection) {
        return db(database).getCollection(collection).countDocuments();
    }

    private List<String> collections(String database) {
        return db(database).listCollectionNames().into(new ArrayList<>());
    }

    /** The row of the end table (or list_migrations' table) for {@code tenant}, its cells split on runs of spaces. */
    private static List<String> row(String out, String tenant) {
        return out.lines().filter(l -> l.startsWith(tenant + " ")).findFirst()
                .map(l -> List.of(l.trim().split(" {2,}"))).orElseThrow(() -> new AssertionError("no row " + tenant + " in:\n" + out));
    }

    private TestProject twoMigrations() {
        return project.migration("M20260101000001_Users", "db.getCollection(\"users\").insertOne(new Document(\"tenant\", db.getName()));")
                .migration("M20260101000002_Plans", "db.getCollection(\"plans\").insertOne(new Document());");
    }

    @Test
    void aListOfTenantsIsMigratedEachWithItsOwnTrackingAndTheEndIsATable() {
        twoMigrations();
        TestProject.Run run = project.run("migrate", "tenants");
        assertEquals(0, run.exitCode(), run.all());
        for (String tenant : List.of("tenant_a", "tenant_b", "tenant_c")) {
            assertEquals(tenant, db(tenant).getCollection("users").find().first().getString("tenant"));
            assertEquals(2L, db(tenant).getCollection(TRACKING).countDocuments(new Document("state", "APPLIED")), tenant);
            assertEquals(List.of("2", "MIGRATED"), row(run.out(), tenant).subList(1, 3), run.out());
        }
        assertTrue(run.out().contains("TENANT    APPLIED  STATE     TIME"), run.out());
        assertTrue(run.out().contains("tenant_b: applying M20260101000001_Users"), "each line says its tenant: " + run.out());
        assertTrue(run.out().contains("tenants: 3 tenants, 3 migrated"), run.out());
        assertFalse(collections("app_dev").contains(TRACKING), "another environment of the server is left alone");

        TestProject.Run again = project.run("migrate", "tenants");
        assertEquals(0, again.exitCode(), again.all());
        assertEquals(List.of("0", "UP TO DATE"), row(again.out(), "tenant_c").subList(1, 3), again.out());
    }

    @Test
    void aPatternIsMatchedAgainstTheServersDatabasesWhenTheCommandRuns() {
        twoMigrations();
        for (String name : List.of("tenant_a", "tenant_b", "tenants_archive", "other")) {
            db(name).getCollection("seed").insertOne(new Document());
        }
        TestProject.Run run = project.run("migrate", "by_pattern");
        assertEquals(0, run.exitCode(), run.all());
        assertTrue(collections("tenant_a").contains(TRACKING) && collections("tenant_b").contains(TRACKING), run.out());
        assertFalse(collections("other").contains(TRACKING), run.out());
        assertFalse(collections("tenants_archive").contains(TRACKING), "tenant_* needs the '_': " + run.out());
        assertFalse(client.listDatabaseNames().into(new ArrayList<>()).contains("tenant_c"), "a listed tenant of another environment");

        db("tenant_new").getCollection("seed").insertOne(new Document());
        TestProject.Run later = project.run("migrate", "by_pattern");
        assertEquals(0, later.exitCode(), later.all());
        assertEquals(List.of("2", "MIGRATED"), row(later.out(), "tenant_new").subList(1, 3), later.out());
        assertEquals(List.of("0", "UP TO DATE"), row(later.out(), "tenant_a").subList(1, 3), later.out());
    }

    @Test
    void aPatternThatMatchesNothingIsNothingToMigrateButNoTenantForACommandOnOne() {
        twoMigrations();
        db("other").getCollection("seed").insertOne(new Document());
        TestProject.Run run = project.run("migrate", "by_pattern");
        assertEquals(0, run.exitCode(), run.all());
        assertTrue(run.out().contains("by_pattern has no tenant database now: nothing to migrate"), run.out());

        TestProject.Run rollback = project.run("rollback", "by_pattern");
        assertEquals(2, rollback.exitCode(), rollback.all());
        assertTrue(rollback.err().contains("pattern \"tenant_*\", which matches none of its server's databases now"), rollback.err());
        TestProject.Run typo = project.run("list_migrations", "by_pattern", "--tenant", "tenant_typo");
        assertEquals(2, typo.exitCode(), typo.all());
        assertTrue(typo.err().contains("tenant_typo matches by_pattern's pattern \"tenant_*\", but its server has no such database"), typo.err());
        assertFalse(client.listDatabaseNames().into(new ArrayList<>()).contains("tenant_typo"), "a typo never creates a database");
    }

    @Test
    void severalTenantsAreMigratedAtOnce() {
        // each tenant's migration waits until both have started: it can finish only if they run at the same time
        project.migration("M20260101000001_Meet", """
                var started = context.client().getDatabase("meeting").getCollection("started");
                started.insertOne(new Document("tenant", db.getName()));
                long deadline = System.currentTimeMillis() + 15_000;
                while (started.countDocuments() < 2) {
                    if (System.currentTimeMillis() > deadline) throw new IllegalStateException("ran alone");
                    Thread.sleep(20);
                }
                """);
        TestProject.Run run = project.run("migrate", "tenants", "--tenant", "tenant_a", "--tenant", "tenant_b", "-j", "2");
        assertEquals(0, run.exitCode(), run.all());
        assertEquals(2L, count("meeting", "started"));
    }

    @Test
    void tenantRunsOnlyThoseNamed() {
        twoMigrations();
        TestProject.Run run = project.run("migrate", "tenants", "--tenant", "tenant_b");
        assertEquals(0, run.exitCode(), run.all());
        assertEquals(1L, count("tenant_b", "users"));
        assertFalse(client.listDatabaseNames().into(new ArrayList<>()).contains("tenant_a"), run.out());
        assertFalse(run.out().contains("tenant_a"), run.out());

        TestProject.Run unknown = project.run("migrate", "tenants", "--tenant", "tenant_z");
        assertEquals(2, unknown.exitCode(), unknown.all());
        assertTrue(unknown.err().contains("'tenant_z' is not a tenant of tenants: settings list tenant_a, tenant_b, tenant_c"), unknown.err());
        TestProject.Run single = project.run("migrate", "development", "--canary", "1");
        assertEquals(2, single.exitCode(), single.all());
        assertTrue(single.err().contains("development has one database"), single.err());
    }

    @Test
    void theCanariesGoFirstOneAtATimeAndTheRestFollowWhenTheySucceed() {
        twoMigrations();
        TestProject.Run run = project.run("migrate", "tenants", "--canary", "2");
        assertEquals(0, run.exitCode(), run.all());
        assertTrue(run.out().contains("canaries tenant_a, tenant_b succeeded; migrating the other 1, up to 4 at a time"), run.out());
        Date canaryDone = db("tenant_b").getCollection(TRACKING).find(new Document("name", "M20260101000002_Plans")).first().getDate("finishedAt");
        Date firstCanaryDone = db("tenant_a").getCollection(TRACKING).find(new Document("name", "M20260101000002_Plans")).first().getDate("finishedAt");
        Date canaryStarted = db("tenant_b").getCollection(TRACKING).find(new Document("name", "M20260101000001_Users")).first().getDate("startedAt");
        Date restStarted = db("tenant_c").getCollection(TRACKING).find(new Document("name", "M20260101000001_Users")).first().getDate("startedAt");
        assertFalse(canaryStarted.before(firstCanaryDone), "one canary at a time");
        assertFalse(restStarted.before(canaryDone), "the rest after the canaries");
        assertTrue(run.out().indexOf("tenant_a: applying") < run.out().indexOf("tenant_b: applying")
                && run.out().indexOf("tenant_b: applying") < run.out().indexOf("tenant_c: applying"), run.out());
    }

    @Test
    void aFailedCanaryLeavesTheRestUnstartedEvenWithKeepGoing() {
        project.migration("M20260101000001_Fragile", """
                if (db.getName().equals("tenant_a")) throw new IllegalStateException("tenant_a's data is odd");
                db.getCollection("done").insertOne(new Document());
                """);
        TestProject.Run run = project.run("migrate", "tenants", "--canary", "1", "--keep-going");
        assertEquals(1, run.exitCode(), run.all());
        List<String> a = row(run.out(), "tenant_a");
        assertEquals(List.of("0", "FAILED"), a.subList(1, 3), run.out());
        assertTrue(a.get(4).contains("M20260101000001_Fragile failed: java.lang.IllegalStateException: tenant_a's data is odd"), a.toString());
        for (String rest : List.of("tenant_b", "tenant_c")) {
            List<String> cells = row(run.out(), rest);
            assertEquals(List.of("0", "SKIPPED", "-", "not started: canary tenant_a did not succeed"), cells.subList(1, 5), run.out());
        }
        assertFalse(client.listDatabaseNames().into(new ArrayList<>()).contains("tenant_b"), "never started, never touched");
        assertTrue(run.err().contains("error: tenants: 3 tenants, 1 failed, 2 skipped"), run.err());
    }

    private TestProject failingOnB() {
        return project.migration("M20260101000001_Fragile", """
                if (db.getName().equals("tenant_b")) throw new IllegalStateException("tenant_b is odd");
                db.getCollection("done").insertOne(new Document());
                """);
    }

    @Test
    void aFailedTenantStopsNewTenantsFromStarting() {
        failingOnB();
        TestProject.Run run = project.run("migrate", "tenants", "-j", "1");
        assertEquals(1, run.exitCode(), run.all());
        assertEquals("MIGRATED", row(run.out(), "tenant_a").get(2), run.out());
        assertEquals("FAILED", row(run.out(), "tenant_b").get(2), run.out());
        assertEquals(List.of("SKIPPED", "-", "not started: tenant_b failed (--keep-going runs the others all the same)"),
                row(run.out(), "tenant_c").subList(2, 5), run.out());
        assertTrue(run.out().contains("tenant_b: FAILED; no other tenant starts"), run.out());
        assertEquals(0L, count("tenant_c", "done"));
    }

    @Test
    void keepGoingRunsTheOthersAndStillExitsOne() {
        failingOnB();
        TestProject.Run run = project.run("migrate", "tenants", "-j", "1", "--keep-going");
        assertEquals(1, run.exitCode(), run.all());
        assertEquals("MIGRATED", row(run.out(), "tenant_c").get(2), run.out());
        assertEquals(1L, count("tenant_c", "done"));
        assertTrue(run.err().contains("tenants: 3 tenants, 1 failed, 2 migrated"), run.err());
    }

    @Test
    void migrateOptionsApplyToEachTenant() {
        twoMigrations();
        TestProject.Run dry = project.run("migrate", "tenants", "--dry-run");
        assertEquals(0, dry.exitCode(), dry.all());
        assertTrue(dry.out().contains("dry run: would apply to tenant_c: M20260101000001_Users, M20260101000002_Plans"), dry.out());
        assertEquals(List.of("2", "PENDING"), row(dry.out(), "tenant_a").subList(1, 3), dry.out());
        assertTrue(dry.out().contains("WOULD APPLY"), dry.out());
        assertEquals(0L, count("tenant_a", "users"), "a dry run changes nothing");

        TestProject.Run to = project.run("migrate", "tenants", "--to", "M20260101000001_Users");
        assertEquals(0, to.exitCode(), to.all());
        assertEquals(1L, count("tenant_b", "users"));
        assertEquals(0L, count("tenant_b", "plans"));
        TestProject.Run badTo = project.run("migrate", "tenants", "--to", "M20990101000000_Nope");
        assertEquals(2, badTo.exitCode(), badTo.all());
        assertFalse(badTo.out().contains("TENANT"), "refused before any tenant: " + badTo.out());
    }

    @Test
    void aTenantWhoseLockIsHeldIsRefusedAndTheOthersGoOn() {
        twoMigrations();
        db("tenant_a").getCollection(TRACKING + "_lock").insertOne(new Document("_id", "migrate").append("operation", "migrate")
                .append("owner", "elsewhere").append("user", "bob").append("host", "ci-7").append("pid", 42)
                .append("acquiredAt", new Date()).append("expiresAt", Date.from(Instant.now().plusSeconds(600))));
        TestProject.Run run = project.run("migrate", "tenants");
        assertEquals(3, run.exitCode(), run.all());
        List<String> a = row(run.out(), "tenant_a");
        assertEquals("REFUSED", a.get(2), run.out());
        assertTrue(a.get(4).contains("tenants --tenant tenant_a is being migrated by bob on ci-7")
                && a.get(4).contains("run 'monarch unlock tenants --tenant tenant_a'"), a.get(4));
        assertEquals("MIGRATED", row(run.out(), "tenant_b").get(2), run.out());

        TestProject.Run status = project.run("status", "tenants", "--tenant", "tenant_a");
        assertTrue(status.out().contains("bob"), status.all());
        TestProject.Run unlock = project.run("unlock", "tenants", "--tenant", "tenant_a");
        assertEquals(0, unlock.exitCode(), unlock.all());
        assertTrue(unlock.out().contains("unlocked tenants --tenant tenant_a"), unlock.out());
        assertEquals(0, project.run("migrate", "tenants").exitCode());
    }

    @Test
    void listMigrationsShowsARowPerTenantAndOneTenantsTableWithTenant() {
        failingOnB().migration("M20260101000002_Next", "db.getCollection(\"next\").insertOne(new Document());");
        project.run("migrate", "tenants", "--keep-going", "--tenant", "tenant_a", "--tenant", "tenant_b");

        TestProject.Run list = project.run("list_migrations", "tenants");
        assertEquals(0, list.exitCode(), list.all());
        assertTrue(Pattern.compile("TENANT +APPLIED +PENDING +FAILED +DRIFT +MISSING").matcher(list.out()).find(), list.out());
        assertEquals(List.of("tenant_a", "2", "0", "0", "0", "0"), row(list.out(), "tenant_a"), list.out());
        assertEquals(List.of("tenant_b", "0", "1", "1", "0", "0"), row(list.out(), "tenant_b"), list.out());
        assertEquals(List.of("tenant_c", "0", "2", "0", "0", "0"), row(list.out(), "tenant_c"), list.out());

        TestProject.Run one = project.run("list_migrations", "tenants", "--tenant", "tenant_b");
        assertEquals(0, one.exitCode(), one.all());
        assertTrue(one.out().matches("(?s).*M20260101000001_Fragile\\s+FAILED.*M20260101000002_Next\\s+PENDING.*"), one.out());

        TestProject.Run json = project.run("list_migrations", "tenants", "--json");
        assertTrue(json.out().contains("\"tenant\": \"tenant_b\", \"applied\": 0, \"pending\": 1, \"failed\": 1"), json.out());
    }

    @Test
    void validateGivesALinePerTenantAndTheWorstExitCode() {
        twoMigrations();
        project.run("migrate", "tenants", "--tenant", "tenant_a", "--tenant", "tenant_b");
        TestProject.Run pending = project.run("validate", "tenants");
        assertEquals(4, pending.exitCode(), pending.all());
        assertEquals(List.of("tenant_a", "up to date", "0"), row(pending.out(), "tenant_a"), pending.out());
        assertEquals(List.of("tenant_c", "pending", "2"), row(pending.out(), "tenant_c"), pending.out());
        assertEquals(0, project.run("validate", "tenants", "--tenant", "tenant_a", "--tenant", "tenant_b").exitCode());

        project.migration("M20260101000001_Users", "db.getCollection(\"users\").insertOne(new Document(\"changed\", true));");
        TestProject.Run drift = project.run("validate", "tenants");
        assertEquals(3, drift.exitCode(), drift.all());
        assertEquals(List.of("tenant_a", "problems", "0", "M20260101000001_Users CHANGED"), row(drift.out(), "tenant_a"), drift.out());
        TestProject.Run one = project.run("validate", "tenants", "--tenant", "tenant_c");
        assertEquals(4, one.exitCode(), one.all());
        assertTrue(one.out().contains("tenant_c: 2 migrations pending"), one.out());
    }

    @Test
    void commandsOnOneDatabaseRefuseATenantEnvironmentWithoutTenant() {
        twoMigrations();
        List<List<String>> commands = List.of(List.of("rollback", "tenants"), List.of("migrate_one", "M20260101000001_Users", "tenants"),
                List.of("baseline", "tenants", "--to", "M20260101000001_Users"), List.of("unlock", "tenants"), List.of("status", "tenants"),
                List.of("backup", "tenants"), List.of("restore", "some_backup:tenants"), List.of("copy_db", "development:tenants"),
                List.of("copy_db", "tenants:development"), List.of("plan", "tenants"));
        for (List<String> command : commands) {
            TestProject.Run run = project.run(command.toArray(String[]::new));
            assertEquals(2, run.exitCode(), command + ": " + run.all());
            assertTrue(run.err().contains("tenants is an environment of many databases (tenant_a, tenant_b, tenant_c), and this command "
                    + "works on one: name it with --tenant <db>"), command + ": " + run.err());
        }
        assertEquals(List.of(), client.listDatabaseNames().into(new ArrayList<>()), "nothing was touched");
        TestProject.Run notListed = project.run("rollback", "tenants", "--tenant", "tenant_z");
        assertEquals(2, notListed.exitCode(), notListed.all());
        assertTrue(notListed.err().contains("'tenant_z' is not one of the databases of tenants (tenant_a, tenant_b, tenant_c)"), notListed.err());
    }

    @Test
    void theCommandsOnOneDatabaseWorkOnTheTenantNamed() {
        project.migration("M20260101000001_Users", "db.getCollection(\"users\").insertOne(new Document());",
                "db.getCollection(\"users\").drop();");
        assertEquals(0, project.run("migrate", "tenants").exitCode());
        TestProject.Run rollback = project.run("rollback", "tenants", "--tenant", "tenant_b");
        assertEquals(0, rollback.exitCode(), rollback.all());
        assertEquals(0L, count("tenant_b", "users"));
        assertEquals(1L, count("tenant_a", "users"));
        TestProject.Run one = project.run("migrate_one", "M20260101000001_Users", "tenants", "--tenant", "tenant_c");
        assertEquals(0, one.exitCode(), one.all());
        assertEquals(2L, count("tenant_c", "users"));
    }

    @Test
    void backupAndRestoreTakeTheTenant() {
        twoMigrations();
        project.run("migrate", "tenants", "--tenant", "tenant_a");
        db("tenant_a").getCollection("users").insertOne(new Document("name", "ada"));

        TestProject.Run backup = project.run("backup", "tenants", "--tenant", "tenant_a");
        assertEquals(0, backup.exitCode(), backup.all());
        String name = backup.out().lines().filter(l -> l.startsWith("backup ")).findFirst().orElseThrow().split(" ")[1];
        assertTrue(name.startsWith("tenants__tenant_a__"), name);
        TestProject.Run list = project.run("list_backups", "--env", "tenants");
        assertTrue(list.out().contains(name) && list.out().contains("tenant_a"), list.out());

        TestProject.Run refused = project.run("restore", name + ":tenants");
        assertEquals(2, refused.exitCode(), refused.all());
        TestProject.Run restore = project.run("restore", name + ":by_pattern", "--tenant", "tenant_new");
        assertEquals(0, restore.exitCode(), restore.all());
        assertTrue(restore.out().contains("tenant_new's data is at M20260101000002_Plans"), restore.out());
        assertEquals(2L, count("tenant_new", "users"), "a restore into a tenant a pattern matches creates it");
        assertEquals(2L, db("tenant_new").getCollection(TRACKING).countDocuments(), "its history came along");
    }

    @Test
    void copyDbTakesATenantOnEitherSide() {
        db("tenant_a").getCollection("users").insertOne(new Document("name", "ada"));
        db("app_dev").getCollection("users").insertOne(new Document("name", "dev"));

        TestProject.Run within = project.run("copy_db", "tenants:tenants", "--from-tenant", "tenant_a", "--to-tenant", "tenant_b");
        assertEquals(0, within.exitCode(), within.all());
        assertEquals("ada", db("tenant_b").getCollection("users").find().first().getString("name"));

        TestProject.Run across = project.run("copy_db", "development:by_pattern", "--tenant", "tenant_b");
        assertEquals(0, across.exitCode(), across.all());
        assertEquals("dev", db("tenant_b").getCollection("users").find().first().getString("name"));

        TestProject.Run both = project.run("copy_db", "tenants:by_pattern", "--tenant", "tenant_a");
        assertEquals(2, both.exitCode(), "tenant_a onto itself: " + both.all());
        TestProject.Run missing = project.run("copy_db", "tenants:tenants", "--from-tenant", "tenant_a");
        assertEquals(2, missing.exitCode(), missing.all());
        assertTrue(missing.err().contains("--from-tenant <db> --to-tenant <db>"), missing.err());
        TestProject.Run neither = project.run("copy_db", "development:development", "--tenant", "tenant_a");
        assertEquals(2, neither.exitCode(), neither.all());
    }

    @Test
    void listEnvironmentsShowsTheTenants() {
        TestProject.Run list = project.run("list_environments");
        assertTrue(list.out().matches("(?s).*tenants\\s+tenant_a, tenant_b, tenant_c\\s+no.*"), list.out());
        assertTrue(list.out().matches("(?s).*by_pattern\\s+pattern \"tenant_\\*\"\\s+no.*"), list.out());
    }

    /** A migration handed over as an object: it records where it ran. */
    static final class Record extends Migration {
        @Override
        public String name() {
            return "M20260101000001_Record";
        }

        @Override
        public void run(MigrationContext context) {
            context.database().getCollection("ran").insertOne(new Document("environment", context.environment()));
        }
    }

    @Test
    void theLibraryMigratesTenantsAndWorksOnOne() {
        Monarch monarch = Monarch.load(project.settingsFile()).withMigrations(List.of(new Record()));
        assertEquals(List.of("tenant_a", "tenant_b", "tenant_c"), monarch.tenants("tenants"));
        TenantMigrateResult result = monarch.migrateTenants("tenants", MigrateOptions.DEFAULT,
                TenantOptions.DEFAULT.withOnly(List.of("tenant_c", "tenant_a")).withParallelism(1));
        assertEquals(ExitCode.OK, result.exitCode());
        assertEquals(List.of("tenant_c", "tenant_a"), result.tenants().stream().map(TenantRun::database).toList());
        assertTrue(result.tenants().stream().allMatch(t -> t.state() == TenantState.MIGRATED && t.applied() == 1));
        assertEquals("tenants", db("tenant_a").getCollection("ran").find().first().getString("environment"),
                "a migration sees the environment's name; its database says which tenant");

        assertEquals(1, monarch.forTenant("tenants", "tenant_b").migrate("tenants").ran().size());
        assertEquals(List.of(1L, 1L, 1L), monarch.listTenantMigrations("tenants", List.of()).stream().map(t -> t.applied()).toList());
        MonarchException refused = assertThrows(MonarchException.class, () -> monarch.migrate("tenants"));
        assertEquals(ExitCode.USAGE, refused.exitCode());
        assertEquals(ExitCode.USAGE, assertThrows(MonarchException.class, () -> monarch.migrateTenants("development",
                MigrateOptions.DEFAULT, TenantOptions.DEFAULT)).exitCode());
        assertEquals(List.of("tenant_a", "tenant_b", "tenant_c"), monarch.tenants("by_pattern"), "what the server has now");
    }
}
