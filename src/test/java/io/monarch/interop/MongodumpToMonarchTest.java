package io.monarch.interop;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import io.monarch.interop.ServedProject.Backend;
import io.monarch.support.TestProject;
import org.bson.Document;
import org.bson.RawBsonDocument;
import org.bson.conversions.Bson;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.stream.Stream;

import static io.monarch.interop.ServedProject.SOURCE;
import static io.monarch.interop.ServedProject.TARGET;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * MongoDB's own mongodump, run against an embedded environment as {@code monarch serve} serves it, and what it wrote
 * restored by {@code monarch restore <path>:<env>}: archives and folders, plain and gzip, of one database and of the
 * whole server, a {@code --query}, one collection's {@code .bson} file, and a collection past 48 MB, on both embedded
 * back ends. The target must then hold exactly what the source holds, indexes and options included.
 */
class MongodumpToMonarchTest {
    @TempDir
    Path dir;
    ServedProject served;

    enum Scope {
        /** {@code mongodump --db shop}. */
        ONE_DATABASE,
        /** {@code mongodump} of every database (the server has only the one). */
        WHOLE_SERVER
    }

    @AfterEach
    void stop() {
        if (served != null) {
            served.close();
        }
    }

    static Stream<Arguments> backendsScopesAndCompressions() {
        List<Arguments> all = new ArrayList<>();
        for (Backend backend : Backend.values()) {
            for (Scope scope : Scope.values()) {
                all.add(Arguments.of(backend, scope, false));
                all.add(Arguments.of(backend, scope, true));
            }
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0}, {1}, gzip: {2}")
    @MethodSource("backendsScopesAndCompressions")
    void anArchive(Backend backend, Scope scope, boolean gzip) {
        served = seeded(backend);
        String archive = gzip ? "dump.archive.gz" : "dump.archive";
        List<String> args = new ArrayList<>(scope == Scope.ONE_DATABASE ? List.of("--db", SOURCE) : List.of());
        args.add("--archive=" + archive);
        if (gzip) {
            args.add("--gzip");
        }
        served.mongodump(args.toArray(String[]::new));

        restore(dir.resolve(archive));
        SameData.assertSameDatabase(served.database(SOURCE), served.database(TARGET));
    }

    @ParameterizedTest(name = "{0}, {1}, gzip: {2}")
    @MethodSource("backendsScopesAndCompressions")
    void aFolder(Backend backend, Scope scope, boolean gzip) {
        served = seeded(backend);
        List<String> args = new ArrayList<>(scope == Scope.ONE_DATABASE ? List.of("--db", SOURCE) : List.of());
        args.add("--out=dump");
        if (gzip) {
            args.add("--gzip");
        }
        served.mongodump(args.toArray(String[]::new));

        // a database's folder, as mongorestore --db takes it; the whole dump folder, as mongorestore takes it alone
        restore(scope == Scope.ONE_DATABASE ? dir.resolve("dump").resolve(SOURCE) : dir.resolve("dump"));
        SameData.assertSameDatabase(served.database(SOURCE), served.database(TARGET));
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void aWholeServerOfSeveralDatabasesWithFromDb(Backend backend) {
        served = seeded(backend);
        served.database("crm").getCollection("leads").insertOne(new Document("_id", 1).append("name", "Ada"));
        served.mongodump("--archive=all.archive.gz", "--gzip");

        TestProject.Run refused = served.monarch("restore", dir.resolve("all.archive.gz") + ":target", "--quiet");
        assertEquals(2, refused.exitCode(), "two databases and no --from-db\n" + refused.all());
        restore(dir.resolve("all.archive.gz"), "--from-db", SOURCE);
        SameData.assertSameDatabase(served.database(SOURCE), served.database(TARGET));
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void aQueryOfOneCollection(Backend backend) {
        served = seeded(backend);
        served.mongodump("--db", SOURCE, "--collection", "people", "--query", "{\"joined\": {\"$lt\": {\"$date\": \"2024-01-01T00:00:00Z\"}}}",
                "--archive=people.archive");

        restore(dir.resolve("people.archive"));
        Bson selected = Filters.lt("joined", Date.from(Instant.parse("2024-01-01T00:00:00Z")));
        assertEquals(List.of("people"), served.project().names("target"));
        SameData.assertSameIndexes(people(SOURCE), people(TARGET));
        SameData.assertSameDocuments(people(SOURCE), selected, people(TARGET));
        assertEquals(48, people(TARGET).countDocuments(), "the people who joined before 2024");
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void oneCollectionsBsonFile(Backend backend) {
        served = seeded(backend);
        served.mongodump("--db", SOURCE, "--collection", "people", "--out=dump");

        // as mongorestore restores dump/shop/people.bson: into 'people', with the indexes of people.metadata.json beside it
        restore(dir.resolve("dump").resolve(SOURCE).resolve("people.bson"));
        assertEquals(List.of("people"), served.project().names("target"));
        SameData.assertSameCollection(people(SOURCE), people(TARGET));
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void aCollectionOver48Megabytes(Backend backend) {
        served = ServedProject.start(dir, backend);
        InteropData.seedEvents(served.database(SOURCE));
        served.mongodump("--db", SOURCE, "--archive=events.archive");

        restore(dir.resolve("events.archive"));
        SameData.assertSameDatabase(served.database(SOURCE), served.database(TARGET));
    }

    private ServedProject seeded(Backend backend) {
        ServedProject project = ServedProject.start(dir, backend);
        InteropData.seed(project.database(SOURCE));
        return project;
    }

    private void restore(Path dump, String... options) {
        List<String> args = new ArrayList<>(List.of("restore", dump + ":target", "--quiet"));
        args.addAll(List.of(options));
        TestProject.Run restore = served.monarch(args.toArray(String[]::new));
        assertEquals(0, restore.exitCode(), "monarch " + String.join(" ", args) + "\n" + restore.all());
    }

    private MongoCollection<RawBsonDocument> people(String database) {
        return served.database(database).getCollection("people", RawBsonDocument.class);
    }
}
