package io.monarch.bench;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.monarch.Monarch;
import io.monarch.api.BackupManifest;
import io.monarch.api.BackupOptions;
import io.monarch.api.Compression;
import io.monarch.api.CopyOptions;
import io.monarch.api.LoadResult;
import io.monarch.api.Progress;
import io.monarch.api.RestoreOptions;
import io.monarch.support.ChildJvm;
import org.bson.Document;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One big collection (issue 17): backup, copy_db and restore of a single collection of N documents of about 1 KB,
 * read as 4 segments and inserted by 2 workers, against 1 segment and 1 worker, in one process, as ratios; what
 * verification costs a copy; a copy killed part way (kill -9 of a child JVM) and resumed, counting the segments
 * moved again; and backup and copy_db of that collection in a child JVM with -Xmx256m.
 *
 * <p>As {@link DataBenchmark}: two mongo-java-server memory servers on loopback in this process. The machine is
 * shared, so its load average is printed at the start and the end, and only ratios within the run are meant.
 *
 * <p>Run: {@code bench/run segments} ({@code -Dbench.documents=200000} for a quick pass, {@code -Dbench.rounds=2}
 * for the best of two).
 */
public final class SegmentBenchmark {
    private final int documents = Integer.getInteger("bench.documents", 1_000_000);
    private final int rounds = Integer.getInteger("bench.rounds", 1);
    private final List<String> steps = List.of(System.getProperty("bench.steps", "backup,copy,restore,resume,heap").split(","));
    private final List<String> report = new ArrayList<>();
    private Path project;
    private long collectionBytes;

    public static void main(String[] args) throws Exception {
        new SegmentBenchmark().run().forEach(System.out::println);
        System.exit(0);
    }

    public List<String> run() throws Exception {
        MongoServer sourceServer = new MongoServer(new MemoryBackend());
        sourceServer.bind("127.0.0.1", 0);
        MongoServer targetServer = new MongoServer(new MemoryBackend());
        targetServer.bind("127.0.0.1", 0);
        String sourceUri = "mongodb://127.0.0.1:" + sourceServer.getLocalAddress().getPort();
        String targetUri = "mongodb://127.0.0.1:" + targetServer.getLocalAddress().getPort();
        project = Files.createTempDirectory("monarch-segments-bench");
        Files.createDirectories(project.resolve("migrations"));
        Files.writeString(project.resolve("migrations/settings.yml"), """
                environments:
                  source:
                    uri: %s
                    database: bench
                  restored:
                    uri: %s
                    database: restored
                  copied:
                    uri: %s
                    database: copied
                backups:
                  local:
                    path: %s
                migrations:
                  lock_ttl_seconds: 2
                  lock_wait_seconds: 5
                """.formatted(sourceUri, targetUri, targetUri, project.resolve("backups")));
        Monarch monarch = Monarch.load(project.resolve("migrations/settings.yml"));
        try (MongoClient source = MongoClients.create(sourceUri); MongoClient target = MongoClients.create(targetUri)) {
            seed(source.getDatabase("bench"));
            collectionBytes = source.getDatabase("bench").runCommand(new Document("collStats", "events")).get("size", Number.class).longValue();
            long quarter = collectionBytes / 4 + 1;
            line("data: %,d documents, %.0f MB of BSON, one collection; %d cores; load average %s; best of %d",
                    documents, collectionBytes / 1e6, Runtime.getRuntime().availableProcessors(), load(), rounds);

            BackupManifest kept = null;
            if (steps.contains("backup") || steps.contains("restore")) {
                BackupOptions none = BackupOptions.DEFAULT.withCompression(Compression.NONE);
                BackupManifest[] one = new BackupManifest[1];
                BackupManifest[] four = new BackupManifest[1];
                double[] t = pair(() -> one[0] = monarch.backup("source", none.withParallelism(1).withSegmentBytes(0), Progress.NONE),
                        () -> four[0] = monarch.backup("source", none.withParallelism(4).withSegmentBytes(quarter), Progress.NONE));
                line("backup --compression none: 1 segment %s; 4 segments (-j 4) %s: %.2f x faster", rate(t[0]), rate(t[1]), t[0] / t[1]);
                kept = four[0];
            }
            if (steps.contains("copy")) {
                MongoDatabase copied = target.getDatabase("copied");
                CopyOptions base = CopyOptions.DEFAULT;
                RestoreOptions oneWorker = RestoreOptions.DEFAULT.withParallelism(1).withInsertionWorkers(1);
                RestoreOptions twoWorkers = RestoreOptions.DEFAULT.withParallelism(4).withInsertionWorkers(2);
                double[] t = pair(() -> monarch.copyDb("source", "copied", base.withSegmentBytes(0).withTarget(oneWorker.withVerify(false)), Progress.NONE),
                        () -> monarch.copyDb("source", "copied", base.withSegmentBytes(quarter).withTarget(twoWorkers.withVerify(false)), Progress.NONE));
                line("copy_db, no verify: 1 segment / 1 worker %s; 4 segments / 2 workers %s: %.2f x faster", rate(t[0]), rate(t[1]), t[0] / t[1]);
                double verified = best(() -> monarch.copyDb("source", "copied", base.withSegmentBytes(quarter).withTarget(twoWorkers), Progress.NONE));
                line("copy_db, 4 segments / 2 workers, verified: %s; verification %.2f s, %.0f%% of the verified copy",
                        rate(verified), verified - t[1], 100 * (verified - t[1]) / verified);
                copied.drop();
            }
            if (steps.contains("restore") && kept != null) {
                String name = kept.name();
                RestoreOptions one = RestoreOptions.DEFAULT.withParallelism(1).withInsertionWorkers(1).withVerify(false);
                RestoreOptions two = RestoreOptions.DEFAULT.withParallelism(4).withInsertionWorkers(2).withVerify(false);
                double[] t = pair(() -> monarch.restore(name, "restored", one, Progress.NONE),
                        () -> monarch.restore(name, "restored", two, Progress.NONE));
                line("restore (of the 4-segment backup), no verify: 1 worker %s; 2 workers %s: %.2f x faster", rate(t[0]), rate(t[1]), t[0] / t[1]);
                double verified = best(() -> monarch.restore(name, "restored", two.withVerify(true), Progress.NONE));
                line("restore, 2 workers, verified: %s; verification %.2f s, %.0f%% of the verified restore",
                        rate(verified), verified - t[1], 100 * (verified - t[1]) / verified);
                target.getDatabase("restored").drop();
            }
            if (steps.contains("resume")) {
                resume(monarch, target, collectionBytes / 8 + 1);
            }
            if (steps.contains("heap")) {
                line("backup, 4 segments, in a child JVM, -Xmx256m: %s", DataBenchmark.HeapProbe.run(project, "backup", "source",
                        "--compression", "gzip", "-j", "4", "--segment-size", Long.toString(quarter), "--quiet"));
                line("copy_db, 4 segments / 2 workers, in a child JVM, -Xmx256m: %s", DataBenchmark.HeapProbe.run(project, "copy_db",
                        "source:copied", "-j", "4", "--segment-size", Long.toString(quarter), "--quiet"));
            }
            line("load average at the end: %s", load());
        } finally {
            sourceServer.shutdownNow();
            targetServer.shutdownNow();
            MigrationBenchmark.deleteTree(project);
        }
        return report;
    }

    /**
     * A copy_db of 8 segments, one reader, in a child JVM, killed (-9) once 3 segments are finished; then resumed
     * here: how many segments and documents moved again.
     */
    private void resume(Monarch monarch, MongoClient target, long eighth) throws Exception {
        target.getDatabase("copied").drop();
        MongoCollection<Document> runs = target.getDatabase("copied").getCollection("monarch_migrations_lock");
        Process copy = ChildJvm.monarch("copy_db", "source:copied", "-j", "1", "--segment-size", Long.toString(eighth), "--quiet",
                "--settings", project.resolve("migrations/settings.yml").toString()).redirectErrorStream(true)
                .redirectOutput(project.resolve("copy.log").toFile()).start();
        long start = System.nanoTime();
        List<Document> finished = List.of();
        while (copy.isAlive() && finished.size() < 3) {
            Thread.sleep(5);
            Document run = runs.find(Filters.regex("_id", "^run:")).first();
            finished = run == null ? List.of() : run.getList("finished", Document.class, List.of());
        }
        copy.destroyForcibly().waitFor();
        double killedAfter = (System.nanoTime() - start) / 1e9;
        Document run = runs.find(Filters.regex("_id", "^run:")).first();
        finished = run.getList("finished", Document.class, List.of());
        long loadedBefore = finished.stream().mapToLong(f -> ((Number) f.get("documents")).longValue()).sum();
        Thread.sleep(2500); // the dead run's heartbeat and lock expire
        AtomicLong moved = new AtomicLong();
        long resumeStart = System.nanoTime();
        LoadResult result = monarch.copyDb("source", "copied", CopyOptions.DEFAULT.withSegmentBytes(eighth)
                .withTarget(RestoreOptions.DEFAULT.withParallelism(4).withResume(true)), (c, d, b) -> moved.addAndGet(d));
        double resumed = (System.nanoTime() - resumeStart) / 1e9;
        line("copy_db of 8 segments killed (-9) after %.1f s with %d segments finished (%,d documents); resumed in %.2f s: %s; "
                        + "%,d documents moved again (%,d were not finished)", killedAfter, finished.size(), loadedBefore, resumed,
                result.notes().isEmpty() ? "?" : result.notes().get(0), moved.get(), documents - loadedBefore);
        target.getDatabase("copied").drop();
    }

    private void seed(MongoDatabase db) {
        Random random = new Random(7);
        String alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 ";
        MongoCollection<Document> collection = db.getCollection("events");
        List<Document> batch = new ArrayList<>(1000);
        for (int i = 0; i < documents; i++) {
            StringBuilder text = new StringBuilder(800);
            for (int k = 0; k < 800; k++) {
                text.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            batch.add(new Document("_id", i).append("account", "acct-" + random.nextInt(50_000))
                    .append("kind", i % 7 == 0 ? "refund" : "payment").append("amount", random.nextDouble() * 1000)
                    .append("at", new java.util.Date(1_700_000_000_000L + i * 1000L))
                    .append("tags", List.of("t" + random.nextInt(20), "t" + random.nextInt(20)))
                    .append("note", text.toString()));
            if (batch.size() == 1000) {
                collection.insertMany(batch);
                batch.clear();
            }
        }
        if (!batch.isEmpty()) {
            collection.insertMany(batch);
        }
    }

    private interface Timed {
        void run() throws Exception;
    }

    /** The best of {@code rounds} runs of each, alternating, so that a change of the machine's load hits both. */
    private double[] pair(Timed a, Timed b) throws Exception {
        double[] best = {Double.MAX_VALUE, Double.MAX_VALUE};
        for (int i = 0; i < rounds; i++) {
            best[0] = Math.min(best[0], time(a));
            best[1] = Math.min(best[1], time(b));
        }
        return best;
    }

    private double best(Timed work) throws Exception {
        double best = Double.MAX_VALUE;
        for (int i = 0; i < rounds; i++) {
            best = Math.min(best, time(work));
        }
        return best;
    }

    private final com.sun.management.OperatingSystemMXBean os =
            (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    /** The process CPU seconds (both servers' included) of each run kept, by its wall-clock seconds. */
    private final java.util.Map<Double, Double> cpu = new java.util.HashMap<>();

    private double time(Timed work) throws Exception {
        System.gc();
        long cpuStart = os.getProcessCpuTime();
        long start = System.nanoTime();
        work.run();
        double took = (System.nanoTime() - start) / 1e9;
        cpu.put(took, (os.getProcessCpuTime() - cpuStart) / 1e9);
        return took;
    }

    private String rate(double seconds) {
        Double used = cpu.get(seconds);
        return String.format("%.2f s (%,.0f docs/s%s)", seconds, documents / seconds,
                used == null ? "" : String.format(", cpu %.1f s: %.1f cores", used, used / seconds));
    }

    private static String load() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (Exception e) {
            return "unknown";
        }
    }

    private void line(String format, Object... args) {
        String text = String.format(format, args);
        report.add(text);
        System.err.println("[bench] " + text);
    }
}
