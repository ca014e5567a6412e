package io.monarch.interop;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import io.monarch.interop.ServedProject.Backend;
import io.monarch.support.TestData;
import io.monarch.support.TestProject;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.RawBsonDocument;
import org.bson.codecs.BsonDocumentCodec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static io.monarch.interop.ServedProject.SOURCE;
import static io.monarch.interop.ServedProject.TARGET;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code monarch backup} archives restored by MongoDB's own mongorestore ({@code --archive=F [--gzip]}) into another
 * database of the served environment ({@code --nsFrom 'shop.*' --nsTo 'theirs.*'}), or some of their collections
 * ({@code --nsInclude}): whole backups, uncompressed and gzip, a QuerySet's partial backup and a masked one, on both
 * embedded back ends. mongorestore must bring back what the source holds; for a QuerySet's backup, what monarch's own
 * restore of the same file brings back.
 */
class MonarchToMongorestoreTest {
    /** Where mongorestore restores to: a database no environment names. */
    private static final String THEIRS = "theirs";

    @TempDir
    Path dir;
    ServedProject served;

    @AfterEach
    void stop() {
        if (served != null) {
            served.close();
        }
    }

    static Stream<Arguments> backendsAndCompressions() {
        List<Arguments> all = new ArrayList<>();
        for (Backend backend : Backend.values()) {
            all.add(Arguments.of(backend, "none"));
            all.add(Arguments.of(backend, "gzip"));
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0}, --compression {1}")
    @MethodSource("backendsAndCompressions")
    void aWholeBackup(Backend backend, String compression) {
        served = seeded(backend);
        Path archive = backup("--compression", compression);
        assertEquals(compression.equals("gzip"), archive.toString().endsWith(".archive.gz"), archive.toString());

        mongorestore(archive, "--nsFrom=" + SOURCE + ".*", "--nsTo=" + THEIRS + ".*");
        SameData.assertSameDatabase(served.database(SOURCE), served.database(THEIRS));
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void aCollectionOver48MegabytesReadInSegments(Backend backend) {
        served = ServedProject.start(dir, backend);
        InteropData.seedEvents(served.database(SOURCE));
        // 16 MB ranges on 4 cursors: their documents interleave in the archive, which must still be what mongorestore reads
        Path archive = backup("--segment-size", "16MB", "-j", "4");

        mongorestore(archive, "--nsFrom=" + SOURCE + ".*", "--nsTo=" + THEIRS + ".*");
        SameData.assertSameDatabase(served.database(SOURCE), served.database(THEIRS));
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void someCollectionsOfABackupWithNsInclude(Backend backend) {
        served = seeded(backend);
        Path archive = backup();

        mongorestore(archive, "--nsInclude=" + SOURCE + ".people", "--nsInclude=" + SOURCE + ".orders",
                "--nsFrom=" + SOURCE + ".*", "--nsTo=" + THEIRS + ".*");
        assertEquals(List.of("orders", "people"), names(THEIRS));
        for (String collection : List.of("orders", "people")) {
            SameData.assertSameCollection(collection(SOURCE, collection), collection(THEIRS, collection));
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void aQuerySetsBackup(Backend backend) {
        served = seeded(backend);
        served.project().write("migrations/querysets/EarlyPeople.java", """
                import com.mongodb.client.model.Filters;
                import io.monarch.api.*;
                import java.util.ArrayList;
                import java.util.List;

                public class EarlyPeople extends QuerySet {
                    @Override
                    public void run(QuerySetContext context) {
                        List<Object> emails = context.database().getCollection("people").find(Filters.lt("n", 100))
                                .map(person -> person.get("email")).into(new ArrayList<>());
                        context.dumpCollection("people", Filters.lt("n", 100));
                        context.dumpCollection("orders", Filters.in("email", emails));
                        context.skip("audit");
                    }
                }
                """);
        Path archive = backup("-q", "EarlyPeople");
        assertTrue(archive.getFileName().toString().contains("__EarlyPeople."), archive.toString());

        mongorestore(archive, "--nsFrom=" + SOURCE + ".*", "--nsTo=" + THEIRS + ".*");
        assertEquals(List.of("empty", "orders", "people"), names(THEIRS), "audit skipped, the others whole");
        SameData.assertSameIndexes(collection(SOURCE, "people"), collection(THEIRS, "people"));
        SameData.assertSameDocuments(collection(SOURCE, "people"), Filters.lt("n", 100), collection(THEIRS, "people"));
        List<String> emails = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            emails.add(InteropData.email(i));
        }
        SameData.assertSameIndexes(collection(SOURCE, "orders"), collection(THEIRS, "orders"));
        SameData.assertSameDocuments(collection(SOURCE, "orders"), Filters.in("email", emails), collection(THEIRS, "orders"));
        assertEquals(0, collection(THEIRS, "empty").countDocuments());

        restore(archive);
        SameData.assertSameDatabase(served.database(TARGET), served.database(THEIRS));
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void aMaskedBackup(Backend backend) {
        served = seeded(backend);
        served.project().write("migrations/querysets/Masked.java", """
                import io.monarch.api.*;

                public class Masked extends QuerySet {
                    @Override
                    public void run(QuerySetContext context) {
                        context.mask("people", "email", Masks.email());
                        context.mask("orders", "email", Masks.email());
                        context.mask("people", "phone", Masks.drop());
                    }
                }
                """);
        Path archive = backup("-q", "Masked");

        mongorestore(archive, "--nsFrom=" + SOURCE + ".*", "--nsTo=" + THEIRS + ".*");
        assertEquals(names(SOURCE), names(THEIRS));
        // but for the masked fields, every document is the source's
        assertSameBut(collection(SOURCE, "people"), collection(THEIRS, "people"), "email", "phone");
        assertSameBut(collection(SOURCE, "orders"), collection(THEIRS, "orders"), "email");
        SameData.assertSameCollection(collection(SOURCE, "audit"), collection(THEIRS, "audit"));
        SameData.assertSameIndexes(collection(SOURCE, "people"), collection(THEIRS, "people"));

        Set<String> masked = collection(THEIRS, "people").find().map(p -> p.getString("email").getValue()).into(new ArrayList<>())
                .stream().collect(Collectors.toSet());
        assertEquals(InteropData.PEOPLE, masked.size(), "masked emails stay unique");
        for (int i = 0; i < InteropData.PEOPLE; i++) {
            assertFalse(masked.contains(InteropData.email(i)), "the original " + InteropData.email(i) + " reached mongorestore");
        }
        assertTrue(collection(THEIRS, "orders").find().map(o -> o.getString("email").getValue()).into(new ArrayList<>())
                .stream().allMatch(masked::contains), "a masked email still joins orders to people");
        assertEquals(0, collection(THEIRS, "people").countDocuments(Filters.exists("phone")), "phone dropped");

        restore(archive);
        SameData.assertSameDatabase(served.database(TARGET), served.database(THEIRS));
    }

    private ServedProject seeded(Backend backend) {
        ServedProject project = ServedProject.start(dir, backend);
        InteropData.seed(project.database(SOURCE));
        return project;
    }

    /** Runs {@code monarch backup source <options>} and returns its archive, the only one in the backups folder. */
    private Path backup(String... options) {
        List<String> args = new ArrayList<>(List.of("backup", "source", "--quiet"));
        args.addAll(List.of(options));
        TestProject.Run backup = served.monarch(args.toArray(String[]::new));
        assertEquals(0, backup.exitCode(), "monarch " + String.join(" ", args) + "\n" + backup.all());
        try (Stream<Path> files = Files.list(dir.resolve("backups"))) {
            List<Path> archives = files.filter(p -> p.getFileName().toString().contains(".archive")).toList();
            assertEquals(1, archives.size(), archives.toString());
            return archives.get(0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private void mongorestore(Path archive, String... args) {
        List<String> all = new ArrayList<>(List.of("--archive=" + archive));
        if (archive.toString().endsWith(".gz")) {
            all.add("--gzip");
        }
        all.addAll(List.of(args));
        served.mongorestore(all.toArray(String[]::new));
    }

    private void restore(Path archive) {
        TestProject.Run restore = served.monarch("restore", archive + ":target", "--quiet");
        assertEquals(0, restore.exitCode(), "monarch restore " + archive + ":target\n" + restore.all());
    }

    private MongoCollection<RawBsonDocument> collection(String database, String name) {
        return served.database(database).getCollection(name, RawBsonDocument.class);
    }

    /** The collection names, sorted, but system collections and monarch's lock. */
    private List<String> names(String database) {
        MongoDatabase db = served.database(database);
        return db.listCollectionNames().into(new ArrayList<>()).stream()
                .filter(n -> !n.startsWith("system.") && !n.equals(TestData.LOCK_COLLECTION)).sorted().toList();
    }

    /** The same documents in _id order once {@code fields} are left out of both. */
    private static void assertSameBut(MongoCollection<RawBsonDocument> expected, MongoCollection<RawBsonDocument> actual, String... fields) {
        BsonDocument byId = new BsonDocument("_id", new BsonInt32(1));
        List<BsonDocument> want = expected.find().sort(byId).map(d -> without(d, fields)).into(new ArrayList<>());
        List<BsonDocument> got = actual.find().sort(byId).map(d -> without(d, fields)).into(new ArrayList<>());
        assertEquals(want, got, actual.getNamespace() + " but " + String.join(", ", fields));
    }

    private static BsonDocument without(RawBsonDocument document, String... fields) {
        BsonDocument copy = document.decode(new BsonDocumentCodec());
        for (String field : fields) {
            copy.remove(field);
        }
        return copy;
    }
}
