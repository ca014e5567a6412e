package io.monarch.interop;

import io.monarch.interop.ServedProject.Backend;
import io.monarch.support.TestProject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static io.monarch.interop.ServedProject.SOURCE;
import static io.monarch.interop.ServedProject.TARGET;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@code monarch copy_db source:target} side by side with what a user of MongoDB's tools would type for the same
 * copy, {@code mongodump --archive --db shop | mongorestore --archive --nsFrom 'shop.*' --nsTo 'piped.*'}, on both
 * embedded back ends: both copies must hold what the source holds, and so each other's.
 */
class CopyDbAgainstToolsTest {
    private static final String PIPED = "piped";

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
            all.add(Arguments.of(backend, false));
            all.add(Arguments.of(backend, true));
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0}, the pipe gzipped: {1}")
    @MethodSource("backendsAndCompressions")
    void copyDbAndAMongodumpPipeMakeTheSameCopy(Backend backend, boolean gzip) {
        served = ServedProject.start(dir, backend);
        InteropData.seed(served.database(SOURCE));

        TestProject.Run copy = served.monarch("copy_db", "source:target", "--quiet");
        assertEquals(0, copy.exitCode(), "monarch copy_db source:target\n" + copy.all());

        List<String> dump = new ArrayList<>(List.of("--db=" + SOURCE, "--archive"));
        List<String> restore = new ArrayList<>(List.of("--archive", "--nsFrom=" + SOURCE + ".*", "--nsTo=" + PIPED + ".*"));
        if (gzip) {
            dump.add("--gzip");
            restore.add("--gzip");
        }
        served.pipe(dump, restore);

        SameData.assertSameDatabase(served.database(SOURCE), served.database(TARGET));
        SameData.assertSameDatabase(served.database(SOURCE), served.database(PIPED));
        SameData.assertSameDatabase(served.database(PIPED), served.database(TARGET));
    }
}
