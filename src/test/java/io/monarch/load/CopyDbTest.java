package io.monarch.load;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import io.monarch.stream.CompressionStreams;
import io.monarch.support.TestProject;
import org.bson.BsonDocument;
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** copy_db and QuerySets, as a user runs them, between embedded environments. */
class CopyDbTest {
    @TempDir
    Path dir;
    TestProject project;

    @BeforeEach
    void project() {
        project = new TestProject(dir).settings("""
                environments:
                  development:
                    uri: embedded:.monarch/development
                    database: app_dev
                  other:
                    uri: embedded:.monarch/other
                    database: app_other
                  sameserver:
                    uri: embedded:.monarch/development
                    database: app_copy
                  production:
                    uri: embedded:.monarch/production
                    database: app
                    protected: true
                """);
    }

    @Test
    void copiesAWholeDatabaseToAnotherServerWithItsIndexes() {
        project.with("development", CopyDbTest::seedSmall);
        project.with("other", db -> db.getCollection("stale").insertOne(new Document()));
        TestProject.Run copy = project.run("copy_db", "development:other");
        assertEquals(0, copy.exitCode(), copy.all());
        assertTrue(copy.out().contains("copied development into other"), copy.out());
        assertEquals(project.contents("development"), project.contents("other"));
        assertEquals(project.indexes("development", "users"), project.indexes("other", "users"));
    }

    @Test
    void copiesBetweenTwoDatabasesOfOneServer() {
        project.with("development", CopyDbTest::seedSmall);
        TestProject.Run copy = project.run("copy-db", "development:sameserver");
        assertEquals(0, copy.exitCode(), copy.all());
        assertEquals(project.contents("development"), project.contents("sameserver"));
    }

    @Test
    void aReaderCountOutOfRangeIsAUsageErrorInTheCliAndTheLibraryAlike() {
        for (String[] bad : List.of(new String[]{"-j", "0"}, new String[]{"-j", "65"}, new String[]{"--insertion-workers", "0"})) {
            TestProject.Run run = project.run("copy_db", "development:other", bad[0], bad[1]);
            assertEquals(2, run.exitCode(), run.all());
            assertTrue(run.err().contains(bad[0] + " " + bad[1] + " is out of range"), run.err());
        }
        io.monarch.api.MonarchException refused = org.junit.jupiter.api.Assertions.assertThrows(io.monarch.api.MonarchException.class,
                () -> io.monarch.api.RestoreOptions.DEFAULT.withParallelism(0));
        assertEquals(io.monarch.api.ExitCode.USAGE, refused.exitCode(), "not clamped: refused");
        org.junit.jupiter.api.Assertions.assertThrows(io.monarch.api.MonarchException.class,
                () -> io.monarch.api.BackupOptions.DEFAULT.withParallelism(100));
    }

    @Test
    void refusesToCopyOntoItself() {
        TestProject.Run run = project.run("copy_db", "development:development");
        assertEquals(2, run.exitCode(), run.all());
        assertTrue(run.err().contains("onto itself"), run.err());
    }

    @Test
    void refusesTwoNamesForOneDatabase() {
        project.settings("""
                environments:
                  scratch:
                    uri: embedded:memory
                    database: app
                  other_name:
                    uri: embedded:memory
                    database: app
                """);
        TestProject.Run run = project.run("copy_db", "scratch:other_name");
        assertEquals(2, run.exitCode(), run.all());
        assertTrue(run.err().contains("onto itself"), run.err());
    }

    @Test
    void aProtectedTargetIsRefusedWithoutForce() {
        project.with("development", db -> db.getCollection("a").insertOne(new Document()));
        TestProject.Run run = project.run("copy_db", "development:production");
        assertEquals(3, run.exitCode(), run.all());
        assertEquals(List.of(), project.names("production"));
        assertEquals(0, project.run("copy_db", "development:production", "--force", "--confirm", "production").exitCode());
    }

    @Test
    void aQuerySetWithALookUpAndAProjectionTakesExactlyWhatItSelects() {
        project.with("development", CopyDbTest::seedAccounts);
        project.write("migrations/querysets/RecentAccounts.java", """
                import com.mongodb.client.model.Filters;
                import com.mongodb.client.model.Sorts;
                import io.monarch.api.*;
                import java.util.ArrayList;
                import java.util.List;
import java.util.Map;

                public class RecentAccounts extends QuerySet {
                    @Override
                    public String description() {
                        return "the 10 newest accounts and their orders";
                    }

                    @Override
                    public void run(QuerySetContext context) {
                        List<Object> ids = context.database().getCollection("accounts").find()
                                .sort(Sorts.descending("createdAt")).limit(10)
                                .map(d -> d.get("_id")).into(new ArrayList<>());
                        context.dumpCollection("accounts", Filters.in("_id", ids));
                        context.dumpCollection("orders", Filters.in("accountId", ids)).exclude("internalNote");
                        context.skipOthers();
                    }
                }
                """);
        TestProject.Run list = project.run("list_query_sets");
        assertTrue(list.out().contains("RecentAccounts") && list.out().contains("the 10 newest accounts"), list.all());

        TestProject.Run copy = project.run("copy_db", "development:other", "-q", "RecentAccounts");
        assertEquals(0, copy.exitCode(), copy.all());
        assertEquals(Set.of("accounts", "orders"), new TreeSet<>(project.names("other")));
        assertEquals(range(90, 100), project.read("other", db -> ids(db, "accounts")));
        List<Document> orders = project.read("other", db -> db.getCollection("orders").find().into(new ArrayList<>()));
        assertEquals(20, orders.size());
        assertTrue(orders.stream().allMatch(o -> o.getInteger("accountId") >= 90 && !o.containsKey("internalNote")
                && o.containsKey("total")), orders.toString());
    }

    @Test
    void othersAreCopiedWholeUnlessSkipped() {
        project.with("development", CopyDbTest::seedAccounts);
        project.write("migrations/querysets/NoAudit.java", """
                import io.monarch.api.*;
                public class NoAudit extends QuerySet {
                    @Override
                    public void run(QuerySetContext context) {
                        context.dumpCollection("accounts", com.mongodb.client.model.Filters.lt("_id", 5));
                        context.skip("audit_log");
                    }
                }
                """);
        assertEquals(0, project.run("copy_db", "development:other", "-q", "NoAudit").exitCode());
        assertEquals(Set.of("accounts", "orders"), new TreeSet<>(project.names("other")));
        assertEquals(200L, (long) project.read("other", db -> db.getCollection("orders").countDocuments()));
        assertEquals(5L, (long) project.read("other", db -> db.getCollection("accounts").countDocuments()));
    }

    @Test
    void aPromptIsAnsweredByParamAndRefusedWithoutOne() {
        project.with("development", CopyDbTest::seedAccounts);
        project.write("migrations/querysets/OneAccount.java", """
                import com.mongodb.client.model.Filters;
                import io.monarch.api.*;
                public class OneAccount extends QuerySet {
                    @Override
                    public void run(QuerySetContext context) {
                        String email = context.prompt("Account email?");
                        context.dumpCollection("accounts", Filters.eq("email", email));
                        context.skipOthers();
                    }
                }
                """);
        TestProject.Run missing = project.run("copy_db", "development:other", "-q", "OneAccount");
        assertEquals(2, missing.exitCode(), missing.all());
        assertTrue(missing.err().contains("--param account_email="), missing.err());
        assertEquals(List.of(), project.names("other"));

        TestProject.Run answered = project.run("copy_db", "development:other", "-q", "OneAccount", "--param", "account_email=a7@example.com");
        assertEquals(0, answered.exitCode(), answered.all());
        assertEquals(List.of(7), project.read("other", db -> ids(db, "accounts")));
    }

    @Test
    void masksApplyOnCopyAndOnBackupAndStillJoin() throws Exception {
        project.with("development", CopyDbTest::seedAccounts);
        project.write("migrations/querysets/Masked.java", """
                import io.monarch.api.*;
                public class Masked extends QuerySet {
                    @Override
                    public void run(QuerySetContext context) {
                        context.mask("accounts", "email", Masks.email());
                        context.mask("orders", "accountEmail", Masks.email());
                        context.mask("accounts", "name", Masks.fake("name"));
                        context.mask("accounts", "phone", Masks.drop());
                        context.skip("audit_log");
                    }
                }
                """);
        TestProject.Run copy = project.run("copy_db", "development:other", "-q", "Masked");
        assertEquals(0, copy.exitCode(), copy.all());
        List<Document> accounts = project.read("other", db -> db.getCollection("accounts").find().into(new ArrayList<>()));
        List<Document> orders = project.read("other", db -> db.getCollection("orders").find().into(new ArrayList<>()));
        Set<String> maskedEmails = accounts.stream().map(a -> a.getString("email")).collect(Collectors.toSet());
        assertEquals(100, maskedEmails.size(), "still unique");
        assertTrue(orders.stream().allMatch(o -> maskedEmails.contains(o.getString("accountEmail"))), "a masked key still joins");
        assertTrue(accounts.stream().noneMatch(a -> a.containsKey("phone")));
        String everything = accounts + " " + orders;
        for (int i = 0; i < 100; i++) {
            assertFalse(original(i).matcher(everything).find(), "original email a" + i + " reached the target");
            assertFalse(everything.contains("Real Person " + i + ";"), "original name reached the target");
        }

        TestProject.Run backup = project.run("backup", "development", "-q", "Masked", "--compression", "gzip");
        assertEquals(0, backup.exitCode(), backup.all());
        assertTrue(backup.out().contains("masked: accounts.email, orders.accountEmail"), backup.out());
        Path archive;
        try (Stream<Path> files = Files.list(dir.resolve("backups"))) {
            archive = files.filter(p -> p.toString().endsWith(".archive.gz")).findFirst().orElseThrow();
        }
        assertTrue(archive.getFileName().toString().contains("__Masked."), archive.toString());
        String bytes;
        try (InputStream in = CompressionStreams.detect(Files.newInputStream(archive))) {
            bytes = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
        assertTrue(bytes.contains("@example.com"), "masked emails are there");
        for (int i = 0; i < 100; i++) {
            assertFalse(original(i).matcher(bytes).find(), "original email a" + i + " reached the archive");
        }
        String manifest = Files.readString(dir.resolve("backups/" + archive.getFileName().toString().replace(".archive.gz", ".json")));
        assertTrue(manifest.contains("accounts.email") && manifest.contains("\"querySet\": \"Masked\""), manifest);
    }

    @Test
    void aPartialBackupRestoresAsAnyBackup() throws Exception {
        project.with("development", CopyDbTest::seedAccounts);
        project.write("migrations/querysets/FirstTen.java", """
                import com.mongodb.client.model.Filters;
                import io.monarch.api.*;
                public class FirstTen extends QuerySet {
                    @Override
                    public void run(QuerySetContext context) {
                        context.dumpCollection("accounts", Filters.lt("_id", 10)).only("email");
                        context.skipOthers();
                    }
                }
                """);
        assertEquals(0, project.run("backup", "development", "-q", "FirstTen").exitCode());
        TestProject.Run list = project.run("list_backups");
        assertTrue(list.out().contains("FirstTen"), list.out());
        String name;
        try (Stream<Path> files = Files.list(dir.resolve("backups"))) {
            name = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".json")).findFirst().orElseThrow().replace(".json", "");
        }
        assertTrue(name.endsWith("__FirstTen"), name);
        TestProject.Run restore = project.run("restore", name + ":other");
        assertEquals(0, restore.exitCode(), restore.all());
        assertEquals(range(0, 10), project.read("other", db -> ids(db, "accounts")));
        assertEquals(Set.of("_id", "email"), project.read("other", db -> db.getCollection("accounts").find().first().keySet()));
    }

    @Test
    void aFailingQuerySetOrUnknownCollectionTouchesNothing() {
        project.with("development", CopyDbTest::seedAccounts);
        project.with("other", db -> db.getCollection("keep").insertOne(new Document("x", 1)));
        project.write("migrations/querysets/Throws.java", """
                import io.monarch.api.*;
                public class Throws extends QuerySet {
                    @Override
                    public void run(QuerySetContext context) {
                        throw new IllegalStateException("no accounts today");
                    }
                }
                """);
        project.write("migrations/querysets/Unknown.java", """
                import io.monarch.api.*;
                public class Unknown extends QuerySet {
                    @Override
                    public void run(QuerySetContext context) {
                        context.dumpCollection("acounts");
                    }
                }
                """);
        TestProject.Run thrown = project.run("copy_db", "development:other", "-q", "Throws");
        assertEquals(1, thrown.exitCode(), thrown.all());
        assertTrue(thrown.err().contains("no accounts today"), thrown.err());
        TestProject.Run unknown = project.run("copy_db", "development:other", "-q", "Unknown");
        assertEquals(2, unknown.exitCode(), unknown.all());
        assertTrue(unknown.err().contains("acounts"), unknown.err());
        assertEquals(2, project.run("copy_db", "development:other", "-q", "Missing").exitCode());
        assertEquals(List.of("keep"), project.names("other"));
    }

    @Test
    void aSourceFailingPartWayLeavesTheTargetUnchanged() {
        project.with("development", db -> {
            db.getCollection("a_first").insertMany(java.util.stream.IntStream.range(0, 3000).mapToObj(i -> new Document("_id", i)).toList());
            db.getCollection("z_last").insertMany(java.util.stream.IntStream.range(0, 3000).mapToObj(i -> new Document("_id", i).append("n", 3000 - i - 1)).toList());
        });
        project.with("other", db -> db.getCollection("a_first").insertOne(new Document("_id", "original")));
        // The filter divides by n; the last document has n = 0, so the server fails that cursor part way.
        project.write("migrations/querysets/Breaks.java", """
                import io.monarch.api.*;
                import org.bson.Document;
                import java.util.List;
import java.util.Map;
                public class Breaks extends QuerySet {
                    @Override
                    public void run(QuerySetContext context) {
                        context.dumpCollection("z_last", new Document("$expr",
                                new Document("$gt", List.of(new Document("$divide", List.of(100, "$n")), -1))));
                    }
                }
                """);
        TestProject.Run run = project.run("copy_db", "development:other", "-q", "Breaks", "-j", "1");
        assertEquals(1, run.exitCode(), run.all());
        assertTrue(run.err().contains("other was not changed"), run.err());
        assertEquals(List.of("a_first"), project.names("other"));
        assertEquals(List.of(new Document("_id", "original")), project.read("other", db -> db.getCollection("a_first").find().into(new ArrayList<>())));
    }

    @Test
    void generateQuerySetWritesACompilableClass() {
        project.with("development", CopyDbTest::seedAccounts);
        TestProject.Run generated = project.run("generate_query_set", "AccountQuerySet");
        assertEquals(0, generated.exitCode(), generated.all());
        assertTrue(Files.exists(dir.resolve("migrations/querysets/AccountQuerySet.java")));
        TestProject.Run copy = project.run("copy_db", "development:other", "-q", "AccountQuerySet");
        assertEquals(0, copy.exitCode(), copy.all());
        assertEquals(100L, (long) project.read("other", db -> db.getCollection("accounts").countDocuments()));
    }

    /** Account i's real email, not as the tail of a masked one ({@code <hex>@example.com} may end in "a6"). */
    private static java.util.regex.Pattern original(int i) {
        return java.util.regex.Pattern.compile("(?<![0-9a-f])a" + i + "@example\\.com");
    }

    static void seedSmall(MongoDatabase db) {
        List<Document> users = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            users.add(new Document("_id", i).append("email", "u" + i + "@example.com").append("plan", i % 2 == 0 ? "pro" : "free"));
        }
        db.getCollection("users").insertMany(users);
        db.getCollection("users").createIndex(Indexes.ascending("email"), new IndexOptions().unique(true));
        db.getCollection("users").createIndex(Indexes.compoundIndex(Indexes.ascending("plan"), Indexes.descending("_id")));
        db.createCollection("empty");
        db.getCollection("types", BsonDocument.class).insertOne(BsonDocument.parse(
                "{_id: 1, d: {$numberDecimal: '1.5'}, l: {$numberLong: '9'}, b: {$binary: {base64: 'AQI=', subType: '00'}}, r: {$regularExpression: {pattern: 'a', options: 'i'}}}"));
    }

    static void seedAccounts(MongoDatabase db) {
        List<Document> accounts = new ArrayList<>();
        List<Document> orders = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            accounts.add(new Document("_id", i).append("email", "a" + i + "@example.com").append("name", "Real Person " + i + ";")
                    .append("phone", "+44 20 7946 0" + i).append("createdAt", new java.util.Date(1_700_000_000_000L + i * 60_000L)));
            orders.add(new Document("_id", 2 * i).append("accountId", i).append("accountEmail", "a" + i + "@example.com")
                    .append("total", i * 10).append("internalNote", "vip"));
            orders.add(new Document("_id", 2 * i + 1).append("accountId", i).append("accountEmail", "a" + i + "@example.com")
                    .append("total", i * 11).append("internalNote", "none"));
        }
        db.getCollection("accounts").insertMany(accounts);
        db.getCollection("orders").insertMany(orders);
        db.getCollection("audit_log").insertOne(new Document("event", "login"));
    }

    private static List<Integer> range(int from, int to) {
        return java.util.stream.IntStream.range(from, to).boxed().toList();
    }

    private static List<Integer> ids(MongoDatabase db, String collection) {
        return db.getCollection(collection).find().sort(new Document("_id", 1)).map(d -> d.getInteger("_id")).into(new ArrayList<>());
    }

}
