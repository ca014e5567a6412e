package io.monarch.bench;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoCursor;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.InsertManyOptions;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.monarch.Monarch;
import io.monarch.api.BackupManifest;
import io.monarch.api.BackupOptions;
import io.monarch.api.Compression;
import io.monarch.api.CopyOptions;
import io.monarch.api.Progress;
import io.monarch.api.RestoreOptions;
import io.monarch.api.Store;
import io.monarch.archive.Crc64;
import io.monarch.support.S3TestServer;
import org.bson.Document;
import org.bson.RawBsonDocument;

import java.io.File;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * backup, restore and copy_db against bare driver pipelines over the same data, in one process, as ratios.
 *
 * <p>Two mongo-java-server memory servers (what {@code embedded:memory} runs) listen on loopback in this
 * process: the source, seeded with N documents of about 1 KB in 4 collections, and the target. Baselines:
 * a drain of every collection as RawBsonDocument, 4 collections at once (for backup); insertMany of the same
 * raw documents, held in memory beforehand, in batches of 1000, 4 collections at once (for restore); and a
 * drain-and-insertMany pipeline (for copy_db). Each figure is the best of {@code rounds} runs. Then a backup
 * and a copy_db run in a child JVM with -Xmx256m against these servers, reporting their peak heap.
 *
 * <p>Run: {@code bench/run} (see BENCHMARKS.md); {@code -Dbench.documents=100000} for a quick pass.
 */
public final class DataBenchmark {
    private static final int COLLECTIONS = 4;
    private static final int BATCH = 1000;

    private final int documents = Integer.getInteger("bench.documents", 1_000_000);
    private final int rounds = Integer.getInteger("bench.rounds", 2);
    /** Which steps to run, e.g. {@code -Dbench.steps=backup} while working on backup: backup, restore, copy, heap, s3 (opt-in). */
    private final List<String> steps = List.of(System.getProperty("bench.steps", "backup,restore,copy,heap").split(","));
    private final com.sun.management.OperatingSystemMXBean os =
            (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    /** The process CPU seconds of the run {@link #best} last kept. */
    private double lastCpu;
    private final List<String> report = new ArrayList<>();
    private MongoServer sourceServer;
    private MongoServer targetServer;
    private String sourceUri;
    private String targetUri;
    private Path project;
    private long seededBytes;

    public static void main(String[] args) throws Exception {
        new DataBenchmark().run().forEach(System.out::println);
        System.exit(0);
    }

    public List<String> run() throws Exception {
        sourceServer = new MongoServer(new MemoryBackend());
        sourceServer.bind("127.0.0.1", 0);
        targetServer = new MongoServer(new MemoryBackend());
        targetServer.bind("127.0.0.1", 0);
        sourceUri = "mongodb://127.0.0.1:" + sourceServer.getLocalAddress().getPort();
        targetUri = "mongodb://127.0.0.1:" + targetServer.getLocalAddress().getPort();
        project = Files.createTempDirectory("monarch-bench");
        Files.createDirectories(project.resolve("migrations"));
        // opt-in (-Dbench.steps=...,s3): an S3 server in this process, as the tests use
        S3TestServer s3 = steps.contains("s3") ? S3TestServer.start() : null;
        if (s3 != null) {
            s3.createBucket("bench");
        }
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
                %s""".formatted(sourceUri, targetUri, targetUri, project.resolve("backups"), s3 == null ? "" : """
                  s3:
                    bucket: bench
                    region: us-east-1
                    endpoint: %s
                """.formatted(s3.endpoint())));
        Monarch monarch = Monarch.load(project.resolve("migrations/settings.yml"));
        try (MongoClient source = MongoClients.create(sourceUri); MongoClient target = MongoClients.create(targetUri)) {
            seededBytes = seed(source.getDatabase("bench"), documents);
            line("data: %,d documents, %.0f MB of BSON, %d collections; %d cores; best of %d rounds",
                    documents, seededBytes / 1e6, COLLECTIONS, Runtime.getRuntime().availableProcessors(), rounds);

            drain(source.getDatabase("bench")); // warm-up: JIT, server caches
            double drain = best(() -> drain(source.getDatabase("bench")));
            line("baseline drain as RawBsonDocument: %s%s", rate(drain), cpu(drain));
            Path floorFile = project.resolve("floor.archive");
            double floor = best(() -> drainChecksummedToFile(source.getDatabase("bench"), floorFile));
            line("baseline drain + CRC-64 + SHA-256 + synced file write (the least a backup must do): %s%s, ratio to drain %.2f",
                    rate(floor), cpu(floor), floor / drain);
            BackupManifest kept = null;
            double local = 0;
            List<Compression> compressions = steps.contains("backup")
                    ? List.of(Compression.NONE, Compression.GZIP, Compression.ZSTD) : List.of(Compression.NONE);
            for (Compression compression : compressions) {
                BackupManifest[] manifest = new BackupManifest[1];
                double took = best(() -> manifest[0] = monarch.backup("source",
                        BackupOptions.DEFAULT.withCompression(compression), Progress.NONE));
                line("backup --compression %-4s: %s%s, archive %.0f MB, ratio to drain %.2f, to the least %.2f",
                        compression.name().toLowerCase(), rate(took), cpu(took), manifest[0].archiveSize() / 1e6, took / drain,
                        took / floor);
                if (compression == Compression.NONE) {
                    kept = manifest[0];
                    local = took;
                }
                prune(project.resolve("backups"), kept == null ? null : kept.name());
            }

            if (s3 != null) {
                double upload = best(() -> monarch.backup("source",
                        BackupOptions.DEFAULT.withCompression(Compression.NONE).withStore(Store.S3), Progress.NONE));
                line("backup --compression none --store s3 (in-process S3 server): %s%s, ratio to the local backup %.2f",
                        rate(upload), cpu(upload), upload / local);
            }
            if (steps.contains("restore")) {
                restore(monarch, source, target, kept);
            }
            if (steps.contains("copy")) {
                copy(monarch, source, target);
            }
            if (steps.contains("heap")) {
                line("backup in a child JVM, -Xmx256m: %s", HeapProbe.run(project, "backup", "source", "--compression", "gzip", "--quiet"));
                line("copy_db in a child JVM, -Xmx256m: %s", HeapProbe.run(project, "copy_db", "source:copied", "--quiet"));
            }
        } finally {
            sourceServer.shutdownNow();
            targetServer.shutdownNow();
            MigrationBenchmark.deleteTree(project); // gigabytes of archives: a benchmark leaves nothing behind
            if (s3 != null) {
                s3.close();
            }
        }
        return report;
    }

    private void restore(Monarch monarch, MongoClient source, MongoClient target, BackupManifest kept) throws Exception {
        List<List<RawBsonDocument>> held = hold(source.getDatabase("bench"));
        MongoDatabase restored = target.getDatabase("restored");
        double insert = best(() -> {
            restored.drop();
            insertAll(restored, held);
        });
        held.clear();
        line("baseline insertMany of held raw documents: %s", rate(insert));
        String backupName = kept.name();
        double restore = best(() -> monarch.restore(backupName, "restored", RestoreOptions.DEFAULT, Progress.NONE));
        line("restore (archive, none): %s, ratio to insertMany %.2f", rate(restore), restore / insert);
        double unverified = best(() -> monarch.restore(backupName, "restored", RestoreOptions.DEFAULT.withVerify(false), Progress.NONE));
        line("restore --no-verify: %s, ratio to insertMany %.2f", rate(unverified), unverified / insert);
        restored.drop();
    }

    private void copy(Monarch monarch, MongoClient source, MongoClient target) throws Exception {
        MongoDatabase copied = target.getDatabase("copied");
        double pipeline = best(() -> {
            copied.drop();
            pipe(source.getDatabase("bench"), copied);
        });
        line("baseline drain-and-insertMany pipeline: %s", rate(pipeline));
        double copy = best(() -> monarch.copyDb("source", "copied", CopyOptions.DEFAULT, Progress.NONE));
        line("copy_db: %s, ratio to pipeline %.2f", rate(copy), copy / pipeline);
        double unverified = best(() -> monarch.copyDb("source", "copied",
                CopyOptions.DEFAULT.withTarget(RestoreOptions.DEFAULT.withVerify(false)), Progress.NONE));
        line("copy_db --no-verify: %s, ratio to pipeline %.2f", rate(unverified), unverified / pipeline);
        copied.drop();
    }

    /** Deletes the backups in the store's (flat) folder except the files of backup {@code keep}, if not null. */
    private static void prune(Path backups, String keep) throws IOException {
        if (!Files.isDirectory(backups)) {
            return;
        }
        try (java.util.stream.Stream<Path> files = Files.list(backups)) {
            for (Path file : files.toList()) {
                if (keep == null || !file.getFileName().toString().startsWith(keep)) {
                    Files.delete(file);
                }
            }
        }
    }

    /** Writes {@code documents} documents of about 1 KB into 4 collections events_0..3; returns their BSON bytes. */
    static long seed(MongoDatabase db, int documents) {
        Random random = new Random(7);
        String alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 ";
        int perCollection = documents / COLLECTIONS;
        for (int c = 0; c < COLLECTIONS; c++) {
            MongoCollection<Document> collection = db.getCollection("events_" + c);
            List<Document> batch = new ArrayList<>(BATCH);
            for (int i = 0; i < perCollection; i++) {
                StringBuilder text = new StringBuilder(800);
                for (int k = 0; k < 800; k++) {
                    text.append(alphabet.charAt(random.nextInt(alphabet.length())));
                }
                batch.add(new Document("_id", i).append("account", "acct-" + random.nextInt(50_000))
                        .append("kind", i % 7 == 0 ? "refund" : "payment").append("amount", random.nextDouble() * 1000)
                        .append("at", new java.util.Date(1_700_000_000_000L + i * 1000L))
                        .append("tags", List.of("t" + random.nextInt(20), "t" + random.nextInt(20)))
                        .append("note", text.toString()));
                if (batch.size() == BATCH) {
                    collection.insertMany(batch);
                    batch.clear();
                }
            }
            if (!batch.isEmpty()) {
                collection.insertMany(batch);
            }
        }
        long bytes = 0;
        for (int c = 0; c < COLLECTIONS; c++) {
            try (MongoCursor<RawBsonDocument> cursor = db.getCollection("events_" + c, RawBsonDocument.class).find().batchSize(BATCH).iterator()) {
                while (cursor.hasNext()) {
                    bytes += cursor.next().getByteBuffer().remaining();
                }
            }
        }
        return bytes;
    }

    private static void drain(MongoDatabase db) throws Exception {
        parallel(c -> {
            long bytes = 0;
            try (MongoCursor<RawBsonDocument> cursor = db.getCollection("events_" + c, RawBsonDocument.class).find()
                    .batchSize(BATCH).iterator()) {
                while (cursor.hasNext()) {
                    bytes += cursor.next().getByteBuffer().remaining();
                }
            }
            return bytes;
        });
    }

    /**
     * The work any backup in mongodump's format must do on top of the drain, by hand and no more: a CRC-64
     * of each collection's documents (the archive's EOF blocks), a SHA-256 of the bytes written (the
     * manifest), and the write of every byte to a file, synced. A floor for backup --compression none.
     */
    private static void drainChecksummedToFile(MongoDatabase db, Path file) throws Exception {
        MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
        try (FileOutputStream out = new FileOutputStream(file.toFile())) {
            parallel(c -> {
                Crc64 crc = new Crc64();
                byte[] segment = new byte[1 << 20];
                int used = 0;
                try (MongoCursor<RawBsonDocument> cursor = db.getCollection("events_" + c, RawBsonDocument.class).find()
                        .batchSize(BATCH).iterator()) {
                    while (cursor.hasNext()) {
                        ByteBuffer document = cursor.next().getByteBuffer().asNIO();
                        int length = document.remaining();
                        crc.update(document.array(), document.arrayOffset() + document.position(), length);
                        if (used + length > segment.length) {
                            writeDigested(out, sha256, segment, used);
                            used = 0;
                        }
                        System.arraycopy(document.array(), document.arrayOffset() + document.position(), segment, used, length);
                        used += length;
                    }
                }
                writeDigested(out, sha256, segment, used);
                return crc.value();
            });
            out.getChannel().force(true);
        }
        Files.delete(file);
    }

    private static void writeDigested(FileOutputStream out, MessageDigest digest, byte[] bytes, int length) throws IOException {
        synchronized (out) {
            digest.update(bytes, 0, length);
            out.write(bytes, 0, length);
        }
    }

    private static List<List<RawBsonDocument>> hold(MongoDatabase db) {
        List<List<RawBsonDocument>> held = new ArrayList<>();
        for (int c = 0; c < COLLECTIONS; c++) {
            held.add(db.getCollection("events_" + c, RawBsonDocument.class).find().batchSize(BATCH).into(new ArrayList<>()));
        }
        return held;
    }

    private static void insertAll(MongoDatabase db, List<List<RawBsonDocument>> held) throws Exception {
        parallel(c -> {
            MongoCollection<RawBsonDocument> collection = db.getCollection("events_" + c, RawBsonDocument.class);
            List<RawBsonDocument> all = held.get(c);
            for (int from = 0; from < all.size(); from += BATCH) {
                collection.insertMany(all.subList(from, Math.min(all.size(), from + BATCH)), new InsertManyOptions().ordered(false));
            }
            return 0L;
        });
    }

    private static void pipe(MongoDatabase from, MongoDatabase to) throws Exception {
        parallel(c -> {
            MongoCollection<RawBsonDocument> target = to.getCollection("events_" + c, RawBsonDocument.class);
            List<RawBsonDocument> batch = new ArrayList<>(BATCH);
            try (MongoCursor<RawBsonDocument> cursor = from.getCollection("events_" + c, RawBsonDocument.class).find()
                    .batchSize(BATCH).iterator()) {
                while (cursor.hasNext()) {
                    batch.add(cursor.next());
                    if (batch.size() == BATCH) {
                        target.insertMany(batch, new InsertManyOptions().ordered(false));
                        batch = new ArrayList<>(BATCH);
                    }
                }
            }
            if (!batch.isEmpty()) {
                target.insertMany(batch, new InsertManyOptions().ordered(false));
            }
            return 0L;
        });
    }

    private interface PerCollection {
        long run(int collection) throws Exception;
    }

    private static void parallel(PerCollection work) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(COLLECTIONS);
        try {
            List<Future<Long>> futures = new ArrayList<>();
            for (int c = 0; c < COLLECTIONS; c++) {
                int collection = c;
                futures.add(pool.submit((Callable<Long>) () -> work.run(collection)));
            }
            for (Future<Long> future : futures) {
                future.get();
            }
        } finally {
            pool.shutdown();
        }
    }

    private interface Timed {
        void run() throws Exception;
    }

    /** The shortest of {@code rounds} runs, in seconds; a collection of the JVM's garbage before each. */
    private double best(Timed work) throws Exception {
        double best = Double.MAX_VALUE;
        for (int i = 0; i < rounds; i++) {
            System.gc();
            long cpuStart = os.getProcessCpuTime();
            long start = System.nanoTime();
            work.run();
            double took = (System.nanoTime() - start) / 1e9;
            if (took < best) {
                best = took;
                lastCpu = (os.getProcessCpuTime() - cpuStart) / 1e9;
            }
        }
        return best;
    }

    private String rate(double seconds) {
        return String.format("%.2f s (%,.0f docs/s, %.1f MB/s)", seconds, documents / seconds, seededBytes / 1e6 / seconds);
    }

    /** The CPU the kept run used: how much of the machine's cores it kept busy (the servers' share included). */
    private String cpu(double seconds) {
        return String.format(", cpu %.2f s (%.1f of %d cores busy)", lastCpu, lastCpu / seconds,
                Runtime.getRuntime().availableProcessors());
    }

    private void line(String format, Object... args) {
        String text = String.format(format, args);
        report.add(text);
        System.err.println("[bench] " + text);
    }

    /** Runs a monarch command in a child JVM with -Xmx256m and reads back its peak heap. */
    static final class HeapProbe {
        private HeapProbe() {
        }

        static String run(Path project, String... args) throws Exception {
            List<String> command = new ArrayList<>(List.of(System.getProperty("java.home") + File.separator + "bin" + File.separator + "java",
                    "-Xmx256m", "-cp", System.getProperty("java.class.path"), PeakHeapMain.class.getName()));
            command.addAll(List.of(args));
            command.addAll(List.of("--settings", project.resolve("migrations/settings.yml").toString()));
            long start = System.nanoTime();
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes());
            int exit = process.waitFor();
            double seconds = (System.nanoTime() - start) / 1e9;
            String peak = output.lines().filter(l -> l.startsWith("peak-heap-mb=")).findFirst().map(l -> l.substring(13)).orElse("?");
            return String.format("exit %d, peak heap %s MB of 256, %.1f s%s", exit, peak, seconds,
                    exit == 0 ? "" : "\n" + output);
        }
    }
}
