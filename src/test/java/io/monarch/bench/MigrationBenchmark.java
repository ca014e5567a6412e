package io.monarch.bench;

import io.monarch.support.ChildJvm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The CLI's start-up and migration compiling, each run as a user runs it: a fresh JVM per command.
 * {@code monarch --help}, then {@code list_migrations} over 200 migrations cold (empty class cache: all
 * compiled) and warm (cached), medians of several runs, and warm as a fraction of cold.
 */
public final class MigrationBenchmark {
    private static final int MIGRATIONS = 200;
    private static final int RUNS = Integer.getInteger("bench.runs", 5);

    public static void main(String[] args) throws Exception {
        run().forEach(System.out::println);
    }

    public static List<String> run() throws Exception {
        List<String> report = new ArrayList<>();
        Path project = Files.createTempDirectory("monarch-bench-migrations");
        Path settings = project.resolve("migrations/settings.yml");
        Files.createDirectories(settings.getParent());
        Files.writeString(settings, """
                environments:
                  development:
                    uri: embedded:memory
                    database: bench
                """);
        for (int i = 0; i < MIGRATIONS; i++) {
            String name = String.format("M20260101%06d_Step%d", i, i);
            Files.writeString(settings.getParent().resolve(name + ".java"), """
                    import io.monarch.api.*;
                    import com.mongodb.client.model.*;

                    public class %s extends Migration {
                        @Override
                        public void run(MigrationContext context) {
                            context.database().getCollection("c%d").createIndex(Indexes.ascending("f%d"));
                        }
                    }
                    """.formatted(name, i % 10, i));
        }
        Path cache = project.resolve(".monarch/classes");
        Path empty = Files.createTempDirectory("monarch-bench-empty");
        Files.createDirectories(empty.resolve("migrations"));
        Files.copy(settings, empty.resolve("migrations/settings.yml"));

        time("--help"); // warm the disk cache for the classpath's jars
        double help = median(() -> time("--help"));
        report.add(String.format("monarch --help: %.0f ms (median of %d fresh JVMs)", help, RUNS));

        double cold = median(() -> {
            deleteTree(cache);
            return time("list_migrations", "development", "--settings", settings.toString());
        });
        double warm = median(() -> time("list_migrations", "development", "--settings", settings.toString()));
        double none = median(() -> time("list_migrations", "development", "--settings",
                empty.resolve("migrations/settings.yml").toString()));
        report.add(String.format("list_migrations over %d migrations: cold (compiling) %.0f ms, warm (cached) %.0f ms,"
                + " warm/cold %.2f (aim <= 0.20)", MIGRATIONS, cold, warm, warm / cold));
        report.add(String.format("list_migrations with no migrations (JVM, embedded server, connection): %.0f ms;"
                + " what the 200 migrations add: cold %.0f ms, warm %.0f ms, warm/cold %.2f",
                none, cold - none, warm - none, (warm - none) / (cold - none)));
        launcher(settings, "over 200 migrations", report);
        launcher(empty.resolve("migrations/settings.yml"), "with no migrations", report);
        deleteTree(project);
        deleteTree(empty);
        return report;
    }

    /**
     * The same warm list_migrations as a user starts it: through the {@code monarch} launcher, which maps the
     * class-data archive its first run recorded, against plain {@code java -jar} of the same jar.
     */
    private static void launcher(Path settings, String what, List<String> report) throws Exception {
        Path launcher = Path.of("monarch").toAbsolutePath();
        if (!Files.isExecutable(launcher)) {
            report.add("(no ./monarch launcher here: launcher figures skipped)");
            return;
        }
        Files.deleteIfExists(Path.of("target/monarch.jsa"));
        List<String> arguments = List.of("list_migrations", "development", "--settings", settings.toString());
        List<String> viaLauncher = new ArrayList<>(List.of(launcher.toString()));
        viaLauncher.addAll(arguments);
        run(viaLauncher); // builds the jar if the sources changed, and records target/monarch.jsa
        List<String> plainJar = new ArrayList<>(List.of(System.getProperty("java.home") + "/bin/java", "-jar", "target/monarch.jar"));
        plainJar.addAll(arguments);
        double plain = median(() -> run(plainJar));
        double archived = median(() -> run(viaLauncher));
        report.add(String.format("list_migrations %s, warm, as users start it: ./monarch (class-data archive) %.0f ms,"
                + " plain java -jar %.0f ms: %.2f", what, archived, plain, archived / plain));
    }

    private interface Measured {
        double millis() throws Exception;
    }

    private static double median(Measured measured) throws Exception {
        List<Double> times = new ArrayList<>();
        for (int i = 0; i < RUNS; i++) {
            times.add(measured.millis());
        }
        times.sort(null);
        return times.get(times.size() / 2);
    }

    private static double time(String... args) throws Exception {
        return run(ChildJvm.monarch(args).command());
    }

    /** Milliseconds from start to exit of {@code command}, which must succeed. */
    private static double run(List<String> command) throws Exception {
        long start = System.nanoTime();
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        int exit = process.waitFor();
        double millis = (System.nanoTime() - start) / 1e6;
        if (exit != 0) {
            throw new IllegalStateException(String.join(" ", command) + " exited " + exit + ":\n" + output);
        }
        return millis;
    }

    /** Deletes {@code root} and all under it, if it exists. */
    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
