package io.monarch.bench;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Indexes;
import io.monarch.support.MongoTools;
import org.bson.Document;
import org.bson.RawBsonDocument;
import org.bson.codecs.DocumentCodec;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * monarch's backup, restore and copy_db beside mongodump and mongorestore doing the same work on the same server,
 * each a whole process started as a user starts it, in paired runs.
 *
 * <p>One {@code embedded:memory} environment is served by {@code monarch serve} in a process of its own, started
 * through the distribution's launcher ({@code bin/monarch} unpacked from {@code target/monarch-<version>.tar.gz})
 * with a heap large enough for the data, and seeded through the wire. Then, round by round, each pair runs its
 * monarch command (the launcher, a fresh JVM, the launcher's default heap) and its peer (the real tools, or a shell
 * pipe of them) one after the other, the first of the two alternating between rounds. Each command runs under GNU
 * time for its client CPU (user + system of its whole process tree) and peak resident memory; the server's CPU
 * during it comes from {@code /proc/<pid>/stat}. Every restore and copy is counted afterwards, collection by
 * collection, and the benchmark fails if any document or index is missing. Figures are medians of the rounds.
 *
 * <p>Run: {@code bench/run peers} (see BENCHMARKS.md); {@code -Dbench.documents=20000 -Dbench.rounds=1} for a quick
 * pass. The table is printed and written to {@code target/peers-bench.md}.
 */
public final class PeersBenchmark {
    private static final int COLLECTIONS = 8;
    private static final int BATCH = 1000;
    private static final String SOURCE_DB = "bench";
    private static final String TARGET_DB = "target";
    private static final String GNU_TIME = "/usr/bin/time";
    private static final long COMMAND_TIMEOUT_MINUTES = 60;

    private final int documents = Integer.getInteger("bench.documents", 300_000);
    private final int rounds = Integer.getInteger("bench.rounds", 3);
    /** The served environment's heap: it holds the source, one restored copy and that copy's staging in memory. */
    private final String serverHeap = System.getProperty("bench.serverHeap", "6g");
    private final Path reportFile = Path.of(System.getProperty("bench.report", "target/peers-bench.md"));

    private final List<Pair> pairs = List.of(
            new Pair("backup, no compression", "`monarch backup --compression none`", "`mongodump --archive=F --db`"),
            new Pair("backup, gzip", "`monarch backup --compression gzip`", "`mongodump --gzip --archive=F --db`"),
            new Pair("restore (verified)", "`monarch restore` (verifies: default)", "`mongorestore --archive=F --drop --nsFrom --nsTo`"),
            new Pair("restore, no verify", "`monarch restore --no-verify`", "`mongorestore --archive=F --drop --nsFrom --nsTo`"),
            new Pair("copy to another database", "`monarch copy_db a:b`", "`mongodump --archive \\| mongorestore --archive --drop --nsFrom --nsTo`"));

    private Path work;
    private Path project;
    private Path launcher;
    private Path tools;
    private Process server;
    private MongoClient client;
    private String uri;
    private long clockTicks;
    private long seededBytes;
    private final List<String> collections = new ArrayList<>();
    private final Map<String, Long> seededCounts = new HashMap<>();
    /** The uncompressed backups the restores read: monarch's by name, mongodump's archive file. */
    private String monarchBackup;
    private final Map<String, Long> archiveSizes = new HashMap<>();
    private int commands;
    /** The JDK's jcmd, which collects the server's garbage between commands; null where the JDK has none. */
    private final Path jcmd = Optional.of(Path.of(System.getProperty("java.home"), "bin", "jcmd")).filter(Files::isExecutable).orElse(null);
    /** The most heap the server held after a collection between commands, in KiB: the source's data, the target empty. */
    private long largestLiveHeapKib;
    private final List<String> notes = new ArrayList<>();

    public static void main(String[] args) throws Exception {
        new PeersBenchmark().run().forEach(System.out::println);
        System.exit(0);
    }

    /** One command's figures: wall seconds, the client's CPU seconds and peak resident MiB, the server's CPU seconds. */
    record Measured(double wall, double clientCpu, double peakRssMib, double serverCpu) {
    }

    /** A pair of commands that do the same work, and what each of its runs measured. */
    record Pair(String what, String monarchCommand, String peerCommand, List<Measured> monarch, List<Measured> peer) {
        Pair(String what, String monarchCommand, String peerCommand) {
            this(what, monarchCommand, peerCommand, new ArrayList<>(), new ArrayList<>());
        }
    }

    private interface Step {
        Measured run() throws Exception;
    }

    public List<String> run() throws Exception {
        if (!Files.isExecutable(Path.of(GNU_TIME))) {
            throw new IllegalStateException(GNU_TIME + " (GNU time) is missing: it measures each command's CPU and peak"
                    + " memory; install it (apt-get install time) and run again");
        }
        tools = toolsFolder().orElse(null);
        if (tools == null) {
            line("note: mongodump/mongorestore not found (MONGO_TOOLS_BIN, PATH, ../shared/tools/mongo-tools/bin):"
                    + " running monarch's side only, the peers are skipped");
        }
        clockTicks = Long.parseLong(output(List.of("getconf", "CLK_TCK")).trim());
        work = Files.createTempDirectory("monarch-bench-peers");
        project = work.resolve("project");
        Thread stopServer = new Thread(this::stopServer, "stop-served-environment");
        Runtime.getRuntime().addShutdownHook(stopServer);
        boolean finished = false;
        try {
            launcher = unpack(distribution());
            int port = freePort();
            uri = "mongodb://127.0.0.1:" + port;
            settings(port);
            // the launcher's first command that connects records its class-data archive; served and timed commands map it
            measure("prime", launcher(List.of("backup", "bench", "--compression", "none"), Map.of()));
            MigrationBenchmark.deleteTree(project.resolve("backups"));
            if (!hasClassDataArchive()) {
                throw new IllegalStateException("the launcher recorded no class-data archive under " + work.resolve("cache")
                        + ": monarch would start slower than a user's does");
            }
            server = startServer(port);
            client = MongoClients.create(uri);
            seed();
            line("data: %,d documents of %.0f bytes on average, %.0f MB of BSON, in %d collections, served by monarch serve",
                    documents, (double) seededBytes / documents, seededBytes / 1e6, COLLECTIONS);
            warmUp();
            for (int round = 0; round < rounds; round++) {
                round(round);
            }
            note("Server: %,d MiB of heap in use between commands (the source's data, after a collection); peak resident %,d MiB.",
                    largestLiveHeapKib >> 10, peakResidentMib(server.pid()));
            note("Archives: monarch %.1f MB, gzip %.1f MB; mongodump %.1f MB, gzip %.1f MB.",
                    archiveSizes.getOrDefault("monarch none", 0L) / 1e6, archiveSizes.getOrDefault("monarch gzip", 0L) / 1e6,
                    archiveSizes.getOrDefault("peer none", 0L) / 1e6, archiveSizes.getOrDefault("peer gzip", 0L) / 1e6);
            List<String> others = client.getDatabase(SOURCE_DB).listCollectionNames().into(new ArrayList<>());
            others.removeAll(collections);
            if (!others.isEmpty()) {
                note("The source database also held %s at the end.", others);
            }
            List<String> table = table();
            Files.createDirectories(reportFile.toAbsolutePath().getParent());
            Files.writeString(reportFile, String.join("\n", table) + "\n");
            line("written to %s", reportFile);
            finished = true;
            return table;
        } finally {
            if (client != null) {
                client.close();
            }
            stopServer();
            Runtime.getRuntime().removeShutdownHook(stopServer);
            if (!finished) {
                keepLogs();
            }
            MigrationBenchmark.deleteTree(work); // hundreds of MB of archives: a benchmark leaves nothing behind
        }
    }

    private void settings(int port) throws IOException {
        Files.createDirectories(project.resolve("migrations"));
        Files.writeString(project.resolve("migrations/settings.yml"), """
                environments:
                  bench:
                    uri: embedded:memory
                    database: %1$s
                  source:
                    uri: mongodb://127.0.0.1:%2$d
                    database: %1$s
                  target:
                    uri: mongodb://127.0.0.1:%2$d
                    database: %3$s
                backups:
                  local:
                    path: %4$s
                """.formatted(SOURCE_DB, port, TARGET_DB, project.resolve("backups")));
    }

    /** One untimed pass of a backup and a restore on each side: the server's JIT and the files' page cache warm. */
    private void warmUp() throws Exception {
        line("start-up: --version, 3 times each");
        List<Measured> monarchStart = new ArrayList<>();
        List<Measured> toolStart = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            monarchStart.add(measure("monarch-version", launcher(List.of("--version"), Map.of())));
            if (tools != null) {
                toolStart.add(measure("mongodump-version", tool("mongodump", "--version")));
            }
        }
        note("Start-up alone (median of 3): `monarch --version` %s; `mongodump --version` %s.", figures(median(monarchStart)),
                figures(median(toolStart)));
        line("warm-up (untimed): a backup and a restore on each side");
        backupNone();
        restore(List.of());
        if (tools != null) {
            mongodumpNone();
            mongorestore();
        }
    }

    private void round(int round) throws Exception {
        boolean monarchFirst = round % 2 == 0; // the machine's drift touches both sides alike
        line("round %d of %d (%s first)", round + 1, rounds, monarchFirst ? "monarch" : "the peer");
        pair(0, monarchFirst, this::backupNone, this::mongodumpNone);
        pair(1, monarchFirst, this::backupGzip, this::mongodumpGzip);
        pair(2, monarchFirst, () -> restore(List.of()), this::mongorestore);
        pair(3, monarchFirst, () -> restore(List.of("--no-verify")), this::mongorestore);
        pair(4, monarchFirst, this::copyDb, this::mongodumpPipe);
    }

    private void pair(int index, boolean monarchFirst, Step monarch, Step peer) throws Exception {
        Pair pair = pairs.get(index);
        if (monarchFirst || tools == null) {
            pair.monarch().add(monarch.run());
            if (tools != null) {
                pair.peer().add(peer.run());
            }
        } else {
            pair.peer().add(peer.run());
            pair.monarch().add(monarch.run());
        }
        line("  %-26s monarch %s | peer %s", pair.what(), figures(last(pair.monarch())), figures(last(pair.peer())));
    }

    // monarch's side: bin/monarch <command>, a fresh JVM with the launcher's defaults

    private Measured backupNone() throws Exception {
        String previous = monarchBackup;
        Path log = nextLog("monarch-backup-none");
        Measured measured = measure(log, launcher(List.of("backup", "source", "--compression", "none"), Map.of()));
        monarchBackup = backupName(log);
        archiveSizes.put("monarch none", archiveSize(monarchBackup));
        if (previous != null) {
            deleteBackup(previous);
        }
        return measured;
    }

    private Measured backupGzip() throws Exception {
        Path log = nextLog("monarch-backup-gzip");
        Measured measured = measure(log, launcher(List.of("backup", "source", "--compression", "gzip"), Map.of()));
        String name = backupName(log);
        archiveSizes.put("monarch gzip", archiveSize(name));
        deleteBackup(name);
        return measured;
    }

    private Measured restore(List<String> options) throws Exception {
        List<String> args = new ArrayList<>(List.of("restore", monarchBackup + ":target"));
        args.addAll(options);
        return loaded(String.join(" ", args),
                () -> measure(nextLog("monarch-restore"), launcher(args, Map.of())));
    }

    private Measured copyDb() throws Exception {
        return loaded("monarch copy_db", () -> measure(nextLog("monarch-copy"), launcher(List.of("copy_db", "source:target"), Map.of())));
    }

    // the peers' side: MongoDB's Database Tools, as a user types them

    private Path dumpFile() {
        return work.resolve("mongodump.archive");
    }

    private Measured mongodumpNone() throws Exception {
        Measured measured = measure(nextLog("mongodump-none"), tool("mongodump", "--uri=" + uri, "--db=" + SOURCE_DB,
                "--archive=" + dumpFile()));
        archiveSizes.put("peer none", Files.size(dumpFile()));
        return measured;
    }

    private Measured mongodumpGzip() throws Exception {
        Path gzipped = work.resolve("mongodump.archive.gz");
        Measured measured = measure(nextLog("mongodump-gzip"), tool("mongodump", "--uri=" + uri, "--db=" + SOURCE_DB,
                "--gzip", "--archive=" + gzipped));
        archiveSizes.put("peer gzip", Files.size(gzipped));
        Files.delete(gzipped);
        return measured;
    }

    private Measured mongorestore() throws Exception {
        return loaded("mongorestore", () -> measure(nextLog("mongorestore"), tool("mongorestore", "--uri=" + uri,
                "--archive=" + dumpFile(), "--drop", "--nsFrom=" + SOURCE_DB + ".*", "--nsTo=" + TARGET_DB + ".*")));
    }

    private Measured mongodumpPipe() throws Exception {
        return loaded("mongodump | mongorestore", () -> measurePipe(
                tool("mongodump", "--uri=" + uri, "--db=" + SOURCE_DB, "--archive"),
                tool("mongorestore", "--uri=" + uri, "--archive", "--drop", "--nsFrom=" + SOURCE_DB + ".*",
                        "--nsTo=" + TARGET_DB + ".*")));
    }

    /**
     * A restore or copy into the target database: emptied before (untimed), so both sides start alike, then
     * counted collection by collection against the source; any difference fails the benchmark.
     */
    private Measured loaded(String what, Step load) throws Exception {
        MongoDatabase target = client.getDatabase(TARGET_DB);
        target.drop();
        Measured measured = load.run();
        List<String> wrong = new ArrayList<>();
        for (String name : collections) {
            MongoCollection<Document> collection = target.getCollection(name);
            long count = collection.countDocuments();
            if (count != seededCounts.get(name)) {
                wrong.add(name + ": " + count + " documents, the source has " + seededCounts.get(name));
            }
            List<String> indexes = collection.listIndexes().map(index -> index.getString("name")).into(new ArrayList<>());
            if (!indexes.contains("account_1_at_-1")) {
                wrong.add(name + ": indexes " + indexes + ", the compound index account_1_at_-1 is missing");
            }
        }
        if (!wrong.isEmpty()) {
            throw new IllegalStateException(what + " did not load what the source holds:\n  " + String.join("\n  ", wrong)
                    + "\n(every command's output: " + keptLogs + ")");
        }
        target.drop();
        return measured;
    }

    // processes and their measurement

    /** {@code bin/monarch <args>} in the project folder; {@code MONARCH_JAVA_OPTS} only where given. */
    private ProcessBuilder launcher(List<String> args, Map<String, String> environment) {
        List<String> command = new ArrayList<>(List.of(launcher.toString()));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).directory(project.toFile());
        builder.environment().remove("MONARCH_JAVA_OPTS"); // monarch's defaults, as a user who set nothing has them
        builder.environment().put("XDG_CACHE_HOME", work.resolve("cache").toString()); // its class-data archive
        builder.environment().putAll(environment);
        return builder;
    }

    private ProcessBuilder tool(String tool, String... args) {
        List<String> command = new ArrayList<>(List.of(tools.resolve(tool).toString()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).directory(project.toFile());
    }

    /** Where the commands' output goes when the benchmark fails: the work folder itself is deleted. */
    private final Path keptLogs = Path.of("target/peers-bench-logs");

    private void keepLogs() {
        try {
            MigrationBenchmark.deleteTree(keptLogs);
            Files.createDirectories(keptLogs);
            for (Path folder : List.of(work.resolve("logs"), work)) {
                if (Files.isDirectory(folder)) {
                    try (Stream<Path> logs = Files.list(folder)) {
                        for (Path log : logs.filter(f -> f.getFileName().toString().matches(".*\\.log(\\.time)?")).toList()) {
                            Files.copy(log, keptLogs.resolve(log.getFileName()));
                        }
                    }
                }
            }
            line("the commands' output is kept in %s", keptLogs);
        } catch (IOException e) {
            line("could not keep the commands' output: %s", e);
        }
    }

    private Path nextLog(String label) throws IOException {
        Files.createDirectories(work.resolve("logs"));
        return work.resolve("logs").resolve(String.format("%03d-%s.log", ++commands, label));
    }

    private Measured measure(String label, ProcessBuilder builder) throws Exception {
        return measure(nextLog(label), builder);
    }

    /** Runs the command under GNU time, its output to {@code log}; it must exit 0. */
    private Measured measure(Path log, ProcessBuilder builder) throws Exception {
        Path stats = timed(builder, log);
        builder.redirectErrorStream(true).redirectOutput(log.toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        settleServer();
        double serverBefore = serverCpu();
        long start = System.nanoTime();
        Process process = builder.start();
        awaitSuccess(process, builder.command(), log);
        double wall = (System.nanoTime() - start) / 1e9;
        double server = serverCpu() - serverBefore;
        double[] time = gnuTime(stats);
        return new Measured(wall, time[1] + time[2], time[3] / 1024, server);
    }

    /**
     * {@code first | second}, as a shell pipes them, each under GNU time: CPU is both processes' together, peak
     * resident memory the sum of their peaks (they run at once).
     */
    private Measured measurePipe(ProcessBuilder first, ProcessBuilder second) throws Exception {
        Path firstLog = nextLog("pipe-mongodump");
        Path secondLog = nextLog("pipe-mongorestore");
        Path firstStats = timed(first, firstLog);
        Path secondStats = timed(second, secondLog);
        first.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).redirectError(firstLog.toFile());
        second.redirectErrorStream(true).redirectOutput(secondLog.toFile());
        settleServer();
        double serverBefore = serverCpu();
        long start = System.nanoTime();
        List<Process> processes = ProcessBuilder.startPipeline(List.of(first, second));
        awaitSuccess(processes.get(0), first.command(), firstLog);
        awaitSuccess(processes.get(1), second.command(), secondLog);
        double wall = (System.nanoTime() - start) / 1e9;
        double server = serverCpu() - serverBefore;
        double[] a = gnuTime(firstStats);
        double[] b = gnuTime(secondStats);
        return new Measured(wall, a[1] + a[2] + b[1] + b[2], (a[3] + b[3]) / 1024, server);
    }

    /** Puts {@code /usr/bin/time -o <stats> -f '%e %U %S %M'} before the builder's command; returns the stats file. */
    private static Path timed(ProcessBuilder builder, Path log) {
        Path stats = Path.of(log + ".time");
        List<String> command = new ArrayList<>(List.of(GNU_TIME, "-o", stats.toString(), "-f", "%e %U %S %M"));
        command.addAll(builder.command());
        builder.command(command);
        return stats;
    }

    /** Elapsed, user and system seconds and peak resident KiB, from GNU time's last line. */
    private static double[] gnuTime(Path stats) throws IOException {
        List<String> lines = Files.readAllLines(stats).stream().filter(l -> !l.isBlank()).toList();
        String[] fields = lines.get(lines.size() - 1).trim().split("\\s+");
        double[] values = new double[4];
        for (int i = 0; i < 4; i++) {
            values[i] = Double.parseDouble(fields[i]);
        }
        return values;
    }

    private static void awaitSuccess(Process process, List<String> command, Path log) throws Exception {
        if (!process.waitFor(COMMAND_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IllegalStateException(String.join(" ", command) + " ran past " + COMMAND_TIMEOUT_MINUTES
                    + " minutes; it printed:\n" + tail(log));
        }
        if (process.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " exited " + process.exitValue() + "; it printed:\n" + tail(log));
        }
    }

    private static String tail(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }

    // the served environment

    /** {@code bin/monarch serve bench --port <port>} with {@code MONARCH_JAVA_OPTS=-Xmx<heap>}, once it answers. */
    private Process startServer(int port) throws Exception {
        Path log = work.resolve("serve.log");
        Process process = launcher(List.of("serve", "bench", "--port", String.valueOf(port)), Map.of("MONARCH_JAVA_OPTS", "-Xmx" + serverHeap))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!Files.readString(log).contains("serving bench at")) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                process.destroyForcibly();
                throw new IllegalStateException("monarch serve did not start; it printed:\n" + Files.readString(log));
            }
            Thread.sleep(100);
        }
        return process;
    }

    private void stopServer() {
        Process process = server;
        if (process == null || !process.isAlive()) {
            return;
        }
        process.descendants().forEach(ProcessHandle::destroy); // a launcher that did not exec: its JVM
        process.destroy();
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Collects the server's garbage before a command (untimed), so that no command pays for a collection of what the
     * one before it left behind; notes how much heap stayed in use.
     */
    private void settleServer() throws Exception {
        if (server == null || jcmd == null) {
            return;
        }
        String pid = String.valueOf(server.pid());
        output(List.of(jcmd.toString(), pid, "GC.run"));
        Matcher used = Pattern.compile("heap\\s+total \\d+K, used (\\d+)K").matcher(output(List.of(jcmd.toString(), pid, "GC.heap_info")));
        if (used.find()) {
            largestLiveHeapKib = Math.max(largestLiveHeapKib, Long.parseLong(used.group(1)));
        }
    }

    /** CPU seconds (user + system, all threads) of the serve process and any child of it, from /proc. */
    private double serverCpu() throws IOException {
        if (server == null) {
            return 0; // the priming command, before the server starts
        }
        long ticks = ticks(server.pid());
        for (ProcessHandle child : server.descendants().toList()) {
            ticks += ticks(child.pid());
        }
        return (double) ticks / clockTicks;
    }

    private static long ticks(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" "); // fields from the 3rd (state) on
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime, stime: the 14th and 15th
    }

    private boolean hasClassDataArchive() throws IOException {
        Path cache = work.resolve("cache/monarch");
        if (!Files.isDirectory(cache)) {
            return false;
        }
        try (Stream<Path> files = Files.list(cache)) {
            return files.anyMatch(f -> f.getFileName().toString().endsWith(".jsa"));
        }
    }

    private static long peakResidentMib(long pid) throws IOException {
        return EmbeddedBenchmark.peakResidentMegabytes(pid);
    }

    /**
     * {@code documents} documents of about 850 bytes (an account, a kind, an amount, a date, two tags and a note of
     * random text) in 8 collections, each with a compound index on account and date, inserted through the wire.
     */
    private void seed() {
        MongoDatabase db = client.getDatabase(SOURCE_DB);
        db.drop();
        Random random = new Random(7);
        String alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 ";
        DocumentCodec codec = new DocumentCodec();
        for (int c = 0; c < COLLECTIONS; c++) {
            String name = "events_" + c;
            collections.add(name);
            MongoCollection<RawBsonDocument> collection = db.getCollection(name, RawBsonDocument.class);
            collection.createIndex(Indexes.compoundIndex(Indexes.ascending("account"), Indexes.descending("at")));
            int count = documents / COLLECTIONS + (c < documents % COLLECTIONS ? 1 : 0);
            List<RawBsonDocument> batch = new ArrayList<>(BATCH);
            for (int i = 0; i < count; i++) {
                int length = 626 + random.nextInt(201); // 726 on average: about 850 bytes a document
                StringBuilder note = new StringBuilder(length);
                for (int k = 0; k < length; k++) {
                    note.append(alphabet.charAt(random.nextInt(alphabet.length())));
                }
                RawBsonDocument document = new RawBsonDocument(new Document("_id", i)
                        .append("account", "acct-" + random.nextInt(50_000))
                        .append("kind", i % 7 == 0 ? "refund" : "payment").append("amount", random.nextDouble() * 1000)
                        .append("at", new Date(1_700_000_000_000L + i * 1000L))
                        .append("tags", List.of("t" + random.nextInt(20), "t" + random.nextInt(20)))
                        .append("note", note.toString()), codec);
                seededBytes += document.getByteBuffer().remaining();
                batch.add(document);
                if (batch.size() == BATCH || i == count - 1) {
                    collection.insertMany(batch);
                    batch.clear();
                }
            }
            seededCounts.put(name, collection.countDocuments());
            if (seededCounts.get(name) != count) {
                throw new IllegalStateException("seeding " + name + ": the server holds " + seededCounts.get(name) + " of " + count);
            }
        }
    }

    // the distribution and the tools

    /** {@code target/monarch-<version>.tar.gz}, as {@code mvn package} leaves it ({@code -Dbench.dist=} for another). */
    private static Path distribution() throws IOException {
        String given = System.getProperty("bench.dist");
        if (given != null) {
            return Path.of(given);
        }
        try (Stream<Path> files = Files.list(Path.of("target"))) {
            return files.filter(f -> f.getFileName().toString().matches("monarch-.*\\.tar\\.gz"))
                    .max((a, b) -> Long.compare(a.toFile().lastModified(), b.toFile().lastModified()))
                    .orElseThrow(() -> new IllegalStateException("no target/monarch-<version>.tar.gz: run mvn -B -q -DskipTests package"));
        }
    }

    /** Unpacks the archive as a user does and returns its {@code bin/monarch}. */
    private Path unpack(Path archive) throws Exception {
        Path into = work.resolve("install");
        Files.createDirectories(into);
        output(List.of("tar", "-xzf", archive.toAbsolutePath().toString(), "-C", into.toString()));
        try (Stream<Path> unpacked = Files.list(into)) {
            return unpacked.findFirst().orElseThrow().resolve("bin/monarch");
        }
    }

    /** {@code MONGO_TOOLS_BIN}, else the PATH (as the interop tests look), else the shared copy beside the checkout. */
    private static Optional<Path> toolsFolder() {
        Optional<Path> found = MongoTools.available();
        Path shared = Path.of("../shared/tools/mongo-tools/bin").toAbsolutePath().normalize();
        if (found.isEmpty() && Files.isExecutable(shared.resolve("mongodump")) && Files.isExecutable(shared.resolve("mongorestore"))) {
            found = Optional.of(shared);
        }
        return found;
    }

    private static String output(List<String> command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (process.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed:\n" + output);
        }
        return output;
    }

    // monarch's backups in the local store

    /** The name {@code monarch backup} printed: its line {@code backup <name> (local)}. */
    private static String backupName(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log);
        return lines.stream().filter(l -> l.startsWith("backup ") && l.endsWith("(local)")).map(l -> l.split(" ")[1]).findFirst()
                .orElseThrow(() -> new IllegalStateException("no backup name in " + log + ":\n" + String.join("\n", lines)));
    }

    private List<Path> backupFiles(String name) throws IOException {
        try (Stream<Path> files = Files.list(project.resolve("backups"))) {
            return files.filter(f -> f.getFileName().toString().startsWith(name)).toList();
        }
    }

    /** The largest of the backup's files: its archive (beside it, the manifest). */
    private long archiveSize(String name) throws IOException {
        long largest = 0;
        for (Path file : backupFiles(name)) {
            largest = Math.max(largest, Files.size(file));
        }
        return largest;
    }

    private void deleteBackup(String name) throws IOException {
        for (Path file : backupFiles(name)) {
            Files.delete(file);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    // the report

    private List<String> table() throws Exception {
        List<String> out = new ArrayList<>();
        out.add("# monarch beside mongodump / mongorestore (`bench/run peers`)");
        out.add("");
        out.add(String.format("%s; %d cores (%s), %,d MiB of memory; %s (commit %s); OpenJDK %s; mongo-tools %s.",
                ZonedDateTime.now().format(DateTimeFormatter.ISO_LOCAL_DATE), Runtime.getRuntime().availableProcessors(),
                cpuModel(), memoryMib(), launcher.getParent().getParent().getFileName(), commit(),
                System.getProperty("java.version"), tools == null ? "absent (peers skipped)" : toolsVersion()));
        out.add(String.format("Data: %,d documents, %.0f MB of BSON, %d collections with a compound index each, in an"
                        + " `embedded:memory` environment served by `monarch serve` (-Xmx%s) on the same machine. Median of %d"
                        + " paired round%s; each command a fresh process, as a user runs it.", documents, seededBytes / 1e6,
                COLLECTIONS, serverHeap, rounds, rounds == 1 ? "" : "s"));
        out.add("Client CPU: user + system of the command's whole process tree; peak RSS: its largest resident size"
                + " (a pipe's: the sum of both tools' peaks); server CPU: the serve process's during the command"
                + (jcmd == null ? "." : ", whose garbage is collected (`jcmd GC.run`) before each command."));
        out.add("");
        out.add("| pair | monarch | peer | wall: monarch / peer | client CPU: monarch / peer | server CPU: monarch / peer | peak RSS: monarch / peer |");
        out.add("|---|---|---|---|---|---|---|");
        for (Pair pair : pairs) {
            Measured m = median(pair.monarch());
            Measured p = median(pair.peer());
            out.add(String.format("| %s | %s | %s | %s | %s | %s | %s |", pair.what(), pair.monarchCommand(), pair.peerCommand(),
                    compared(m.wall(), p == null ? null : p.wall(), "s"),
                    compared(m.clientCpu(), p == null ? null : p.clientCpu(), "s"),
                    compared(m.serverCpu(), p == null ? null : p.serverCpu(), "s"),
                    p == null ? String.format("%.0f MiB / —", m.peakRssMib())
                            : String.format("%.0f / %.0f MiB (%.1f ×)", m.peakRssMib(), p.peakRssMib(), m.peakRssMib() / p.peakRssMib())));
        }
        out.add("");
        out.addAll(notes);
        out.add("");
        out.add("Wall seconds of each round, monarch / peer:");
        out.add("");
        for (Pair pair : pairs) {
            out.add(String.format("- %s: %s / %s", pair.what(), walls(pair.monarch()), walls(pair.peer())));
        }
        return out;
    }

    private static String compared(double monarch, Double peer, String unit) {
        if (peer == null) {
            return String.format("%.2f %s / —", monarch, unit);
        }
        return String.format("%.2f / %.2f %s (**%.2f ×**)", monarch, peer, unit, monarch / peer);
    }

    /** The median of each figure on its own, over the rounds. */
    private static Measured median(List<Measured> runs) {
        if (runs.isEmpty()) {
            return null;
        }
        return new Measured(median(runs, Measured::wall), median(runs, Measured::clientCpu), median(runs, Measured::peakRssMib),
                median(runs, Measured::serverCpu));
    }

    private static double median(List<Measured> runs, java.util.function.ToDoubleFunction<Measured> figure) {
        double[] values = runs.stream().mapToDouble(figure).sorted().toArray();
        int mid = values.length / 2;
        return values.length % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
    }

    private static String walls(List<Measured> runs) {
        return runs.isEmpty() ? "—" : String.join(", ", runs.stream().map(m -> String.format("%.2f", m.wall())).toList());
    }

    private static Measured last(List<Measured> runs) {
        return runs.isEmpty() ? null : runs.get(runs.size() - 1);
    }

    private static String figures(Measured m) {
        return m == null ? "—" : String.format("%.2f s, cpu %.2f s, %.0f MiB, server cpu %.2f s", m.wall(), m.clientCpu(),
                m.peakRssMib(), m.serverCpu());
    }

    private static String cpuModel() throws IOException {
        return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name")).findFirst()
                .map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("CPU model unknown");
    }

    private static long memoryMib() throws IOException {
        return Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal:")).findFirst()
                .map(l -> Long.parseLong(l.replaceAll("\\D", "")) >> 10).orElse(-1L);
    }

    /** The checkout's commit the archive was built from, marked where the work tree had changes. */
    private static String commit() {
        try {
            String head = output(List.of("git", "rev-parse", "--short", "HEAD")).trim();
            return output(List.of("git", "status", "--porcelain", "--untracked-files=no")).isBlank() ? head : head + ", modified";
        } catch (Exception noGit) {
            return "unknown";
        }
    }

    private String toolsVersion() throws Exception {
        return output(List.of(tools.resolve("mongodump").toString(), "--version")).lines().findFirst()
                .map(l -> l.replace("mongodump version: ", "")).orElse("?");
    }

    /** Progress, to stderr. */
    private static void line(String format, Object... args) {
        System.err.println("[bench] " + String.format(format, args));
    }

    /** A line under the table too. */
    private void note(String format, Object... args) {
        String text = String.format(format, args);
        notes.add(text);
        line("%s", text);
    }
}
