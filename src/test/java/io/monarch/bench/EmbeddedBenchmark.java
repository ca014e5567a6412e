package io.monarch.bench;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.monarch.Monarch;
import io.monarch.api.BackupManifest;
import io.monarch.api.BackupOptions;
import io.monarch.api.Compression;
import io.monarch.api.CopyOptions;
import io.monarch.api.EnvironmentConnection;
import io.monarch.api.Progress;
import io.monarch.api.RestoreOptions;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * restore, copy_db and backup with an {@code embedded:<folder>} environment against the same with
 * {@code embedded:memory}, in one process, as ratios; the folder's size against the BSON it holds; and the
 * resident memory of a process restoring into, or serving, a folder of a million documents.
 *
 * <p>The source is a mongo-java-server memory backend on loopback in this process, seeded as the data benchmark
 * seeds it (documents of about 1 KB in 4 collections). Each round runs the memory target, then the folder target,
 * so that the machine's drift between rounds touches both alike; each figure is the best of {@code rounds}. The
 * second round of restore and copy_db lands on the data of the first, as a user's second restore does.
 *
 * <p>Run: {@code bench/run embedded} (see BENCHMARKS.md); {@code -Dbench.documents=100000} for a quick pass,
 * {@code -Dbench.steps=restore,copy,backup,size} without the memory step (which seeds its own
 * {@code bench.memoryDocuments}, 1,000,000 by default).
 */
public final class EmbeddedBenchmark {
    private final int documents = Integer.getInteger("bench.documents", 200_000);
    private final int memoryDocuments = Integer.getInteger("bench.memoryDocuments", 1_000_000);
    private final int rounds = Integer.getInteger("bench.rounds", 2);
    private final List<String> steps = List.of(System.getProperty("bench.steps", "restore,copy,backup,size,memory").split(","));
    /**
     * Options for the memory step's child JVMs: by default the heap cap the launchers ({@code ./monarch},
     * {@code bin/monarch}) start monarch with; {@code -Dbench.childJavaOptions=} (empty) for the JVM's own defaults.
     */
    private final List<String> childOptions = List.of(System.getProperty("bench.childJavaOptions", "-Xmx640m").split(" ")).stream()
            .filter(o -> !o.isBlank()).toList();
    private final List<String> report = new ArrayList<>();

    public static void main(String[] args) throws Exception {
        new EmbeddedBenchmark().run().forEach(System.out::println);
        System.exit(0);
    }

    public List<String> run() throws Exception {
        Path project = Files.createTempDirectory("monarch-bench-embedded");
        MongoServer source = new MongoServer(new MemoryBackend());
        source.bind("127.0.0.1", 0);
        String sourceUri = "mongodb://127.0.0.1:" + source.getLocalAddress().getPort();
        Path folder = project.resolve("folder");
        try {
            settings(project, sourceUri, folder, 1);
            Monarch monarch = Monarch.load(project.resolve("migrations/settings.yml"));
            if (steps.stream().anyMatch(s -> !s.equals("memory"))) {
                long bson = seed(sourceUri, documents);
                line("data: %,d documents, %.0f MB of BSON, 4 collections; %d cores; best of %d rounds",
                        documents, bson / 1e6, Runtime.getRuntime().availableProcessors(), rounds);
                ratios(monarch, folder, bson);
            }
            if (steps.contains("memory")) {
                try (MongoClient client = MongoClients.create(sourceUri)) {
                    client.getDatabase("bench").drop();
                }
                memory(project, sourceUri, folder);
            }
        } finally {
            source.shutdownNow();
            MigrationBenchmark.deleteTree(project);
        }
        return report;
    }

    private static void settings(Path project, String sourceUri, Path folder, int servedPort) throws IOException {
        Files.createDirectories(project.resolve("migrations"));
        Files.writeString(project.resolve("migrations/settings.yml"), """
                environments:
                  source:
                    uri: %s
                    database: bench
                  memory:
                    uri: embedded:memory
                    database: restored
                  folder:
                    uri: embedded:%s
                    database: restored
                  served:
                    uri: mongodb://127.0.0.1:%d
                    database: restored
                backups:
                  local:
                    path: %s
                """.formatted(sourceUri, folder, servedPort, project.resolve("backups")));
    }

    private static long seed(String uri, int documents) {
        try (MongoClient client = MongoClients.create(uri)) {
            client.getDatabase("bench").drop();
            return DataBenchmark.seed(client.getDatabase("bench"), documents);
        }
    }

    private void ratios(Monarch monarch, Path folder, long bson) throws Exception {
        BackupManifest backup = monarch.backup("source", BackupOptions.DEFAULT.withCompression(Compression.NONE), Progress.NONE);
        long largest = 0;
        if (steps.contains("restore")) {
            double[] best = {Double.MAX_VALUE, Double.MAX_VALUE};
            for (int round = 0; round < rounds; round++) {
                System.gc();
                best[0] = Math.min(best[0], time(() -> monarch.restore(backup.name(), "memory", RestoreOptions.DEFAULT, Progress.NONE)));
                System.gc();
                best[1] = Math.min(best[1], time(() -> monarch.restore(backup.name(), "folder", RestoreOptions.DEFAULT, Progress.NONE)));
                largest = Math.max(largest, size(folder));
            }
            line("restore into embedded:memory %s; into embedded:<folder> %s: folder speed %.2f x memory (aim >= 0.5)",
                    rate(best[0], bson), rate(best[1], bson), best[0] / best[1]);
        }
        if (steps.contains("copy")) {
            double[] best = {Double.MAX_VALUE, Double.MAX_VALUE};
            for (int round = 0; round < rounds; round++) {
                System.gc();
                best[0] = Math.min(best[0], time(() -> monarch.copyDb("source", "memory", CopyOptions.DEFAULT, Progress.NONE)));
                System.gc();
                best[1] = Math.min(best[1], time(() -> monarch.copyDb("source", "folder", CopyOptions.DEFAULT, Progress.NONE)));
                largest = Math.max(largest, size(folder));
            }
            line("copy_db into embedded:memory %s; into embedded:<folder> %s: folder speed %.2f x memory (aim >= 0.5)",
                    rate(best[0], bson), rate(best[1], bson), best[0] / best[1]);
        }
        if (steps.contains("backup")) {
            BackupOptions none = BackupOptions.DEFAULT.withCompression(Compression.NONE);
            double[] best = {Double.MAX_VALUE, Double.MAX_VALUE};
            for (int round = 0; round < rounds; round++) {
                System.gc();
                best[0] = Math.min(best[0], time(() -> monarch.backup("memory", none, Progress.NONE)));
                System.gc();
                best[1] = Math.min(best[1], time(() -> monarch.backup("folder", none, Progress.NONE)));
            }
            line("backup from embedded:memory %s; from embedded:<folder> %s: folder speed %.2f x memory (aim >= 0.7)",
                    rate(best[0], bson), rate(best[1], bson), best[0] / best[1]);
        }
        if (steps.contains("size") && largest > 0) {
            line("folder after each restore or copy_db, largest: %.0f MB for %.0f MB of BSON: %.2f x (aim <= 1.5)",
                    largest / 1e6, bson / 1e6, (double) largest / bson);
            try (EnvironmentConnection connection = monarch.connect("folder")) {
                connection.database().drop();
            }
            line("folder after dropping the database and closing: %.1f MB", size(folder) / 1e6);
        }
    }

    /** A restore, then a serve that takes a copy_db and a backup, each in a JVM of its own started as the launcher starts it. */
    private void memory(Path project, String sourceUri, Path folder) throws Exception {
        long bson = seed(sourceUri, memoryDocuments);
        Monarch monarch = Monarch.load(project.resolve("migrations/settings.yml"));
        BackupManifest backup = monarch.backup("source", BackupOptions.DEFAULT.withCompression(Compression.NONE), Progress.NONE);
        line("memory: %,d documents, %.0f MB of BSON; child JVMs with %s (max heap %d MB)", memoryDocuments, bson / 1e6,
                childOptions.isEmpty() ? "default settings" : String.join(" ", childOptions), maxHeapOfADefaultJvm());

        long start = System.nanoTime();
        Process restore = monarch(project, "restore", backup.name() + ":folder", "--quiet").start();
        String output = new String(restore.getInputStream().readAllBytes());
        int exit = restore.waitFor();
        line("restore into embedded:<folder> in a child JVM: exit %d, %.1f s, peak resident %s MB (aim < 1024)%s", exit,
                (System.nanoTime() - start) / 1e9, value(output, "peak-rss-mb="), exit == 0 ? "" : "\n" + output);
        line("folder after it: %.0f MB for %.0f MB of BSON: %.2f x", size(folder) / 1e6, bson / 1e6, (double) size(folder) / bson);

        Process serve = monarch(project, "serve", "folder", "--port", "0").start();
        try {
            String first = new BufferedReader(new InputStreamReader(serve.getInputStream())).readLine();
            int port = Integer.parseInt(String.valueOf(first).replaceAll(".*127\\.0\\.0\\.1:(\\d+).*", "$1"));
            settings(project, sourceUri, folder, port);
            Monarch served = Monarch.load(project.resolve("migrations/settings.yml"));
            double copy = time(() -> served.copyDb("source", "served", CopyOptions.DEFAULT, Progress.NONE));
            double dump = time(() -> served.backup("served", BackupOptions.DEFAULT.withCompression(Compression.NONE), Progress.NONE));
            line("serve of embedded:<folder> in a child JVM, taking a copy_db of every document (%.1f s) and then a backup "
                    + "of them (%.1f s): peak resident %d MB (aim < 1024)", copy, dump, peakResidentMegabytes(serve.pid()));
        } finally {
            serve.destroy();
            serve.waitFor(60, TimeUnit.SECONDS);
        }
    }

    /** {@code monarch <args>} in a JVM with no options (unless asked), as the launcher starts it, reporting its peak resident memory. */
    private ProcessBuilder monarch(Path project, String... args) {
        List<String> command = new ArrayList<>(List.of(System.getProperty("java.home") + File.separator + "bin" + File.separator + "java"));
        command.addAll(childOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), PeakHeapMain.class.getName()));
        command.addAll(List.of(args));
        command.addAll(List.of("--settings", project.resolve("migrations/settings.yml").toString()));
        return new ProcessBuilder(command).redirectErrorStream(true);
    }

    private long maxHeapOfADefaultJvm() throws Exception {
        List<String> command = new ArrayList<>(List.of(System.getProperty("java.home") + File.separator + "bin" + File.separator + "java"));
        command.addAll(childOptions);
        command.addAll(List.of("-XX:+PrintFlagsFinal", "-version"));
        Process java = new ProcessBuilder(command).redirectErrorStream(true).start();
        String flags = new String(java.getInputStream().readAllBytes());
        java.waitFor();
        return flags.lines().filter(l -> l.contains(" MaxHeapSize ")).findFirst()
                .map(l -> Long.parseLong(l.replaceAll(".*=\\s*(\\d+).*", "$1")) >> 20).orElse(-1L);
    }

    /** VmHWM of a running process (Linux): the most resident memory it has had. */
    static long peakResidentMegabytes(long pid) throws IOException {
        return Files.readAllLines(Path.of("/proc/" + pid + "/status")).stream().filter(l -> l.startsWith("VmHWM:"))
                .findFirst().map(l -> Long.parseLong(l.replaceAll("\\D", "")) >> 10).orElse(-1L);
    }

    private static String value(String output, String key) {
        return output.lines().filter(l -> l.startsWith(key)).findFirst().map(l -> l.substring(key.length())).orElse("?");
    }

    private static long size(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
        }
    }

    private interface Timed {
        void run() throws Exception;
    }

    private static double time(Timed work) throws Exception {
        long start = System.nanoTime();
        work.run();
        return (System.nanoTime() - start) / 1e9;
    }

    private String rate(double seconds, long bson) {
        return String.format("%.2f s (%,.0f docs/s, %.1f MB/s)", seconds, documents / seconds, bson / 1e6 / seconds);
    }

    private void line(String format, Object... args) {
        String text = String.format(format, args);
        report.add(text);
        System.err.println("[bench] " + text);
    }
}
