package io.monarch.support;

import org.junit.jupiter.api.Assumptions;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * MongoDB's own Database Tools (mongodump, mongorestore, bsondump), run as a user runs them. Found through the
 * environment variable {@code MONGO_TOOLS_BIN} (a folder), else the PATH; a test that needs them is skipped, not
 * failed, where neither has them, as the Testcontainers suite is without Docker. {@code .ci/run} points
 * {@code MONGO_TOOLS_BIN} at the copy in {@code ../shared/tools/mongo-tools/bin}.
 */
public final class MongoTools {
    public static final String BIN_VARIABLE = "MONGO_TOOLS_BIN";
    /** What a folder must hold to count: the tools the tests run (bsondump, beside them, is not needed). */
    private static final List<String> TOOLS = List.of("mongodump", "mongorestore");

    private MongoTools() {
    }

    /** What one tool printed (stdout and stderr, interleaved as written) and its exit code. */
    public record Result(int exitCode, String output) {
    }

    /** The folder holding the tools: {@code MONGO_TOOLS_BIN}'s if it has them, else the first on the PATH that does. */
    public static Optional<Path> available() {
        return candidates().stream().filter(MongoTools::hasEveryTool).findFirst();
    }

    /** {@link #available()}, or the calling test is skipped, saying where the tools were looked for. */
    public static Path require() {
        Optional<Path> bin = available();
        Assumptions.assumeTrue(bin.isPresent(), MongoTools::whyMissing);
        return bin.orElseThrow();
    }

    /**
     * Runs {@code <tool> <args>} in {@code workDir} with nothing on its stdin; fails the test if it runs past
     * {@code timeout}. Skips the test where the tools are not installed.
     */
    public static Result run(Path workDir, Duration timeout, String tool, String... args) {
        return pipe(workDir, timeout, command(tool, args)).get(0);
    }

    /**
     * Runs the commands as a shell pipeline ({@code mongodump --archive | mongorestore --archive}): each one's stdout
     * into the next one's stdin; each one's stderr (and the last one's stdout) in its {@link Result}. Each command is a
     * tool's name then its arguments ({@link #command}).
     */
    @SafeVarargs
    public static List<Result> pipe(Path workDir, Duration timeout, List<String>... commands) {
        Path bin = require();
        List<ProcessBuilder> builders = new ArrayList<>();
        List<Path> outputs = new ArrayList<>();
        try {
            for (int i = 0; i < commands.length; i++) {
                List<String> line = new ArrayList<>(commands[i]);
                line.set(0, bin.resolve(line.get(0)).toString());
                Path output = Files.createTempFile("mongo-tools-", ".log");
                outputs.add(output);
                ProcessBuilder builder = new ProcessBuilder(line).directory(workDir.toFile());
                if (i == commands.length - 1) {
                    builder.redirectErrorStream(true).redirectOutput(output.toFile());
                } else {
                    builder.redirectError(output.toFile()); // its stdout is the next one's stdin
                }
                builders.add(builder);
            }
            List<Process> processes = ProcessBuilder.startPipeline(builders);
            processes.get(0).getOutputStream().close(); // nothing on the first one's stdin
            long deadline = System.nanoTime() + timeout.toNanos();
            List<Result> results = new ArrayList<>();
            for (int i = 0; i < processes.size(); i++) {
                Process process = processes.get(i);
                if (!process.waitFor(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                    processes.forEach(Process::destroyForcibly);
                    throw new AssertionError(String.join(" ", commands[i]) + " did not finish within " + timeout
                            + "; it printed:\n" + printed(outputs.get(i)));
                }
                results.add(new Result(process.exitValue(), printed(outputs.get(i))));
            }
            return results;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while " + commands[0].get(0) + " ran", e);
        } finally {
            for (Path output : outputs) {
                output.toFile().delete();
            }
        }
    }

    /** What a tool wrote, as text whatever the bytes (an archive sent to stdout by mistake must not throw here). */
    private static String printed(Path output) throws IOException {
        return new String(Files.readAllBytes(output), StandardCharsets.UTF_8);
    }

    /** A tool's name and its arguments, one element of {@link #pipe}. */
    public static List<String> command(String tool, String... args) {
        List<String> line = new ArrayList<>();
        line.add(tool);
        line.addAll(List.of(args));
        return line;
    }

    private static List<Path> candidates() {
        List<Path> folders = new ArrayList<>();
        String configured = System.getenv(BIN_VARIABLE);
        if (configured != null && !configured.isBlank()) {
            folders.add(Path.of(configured));
        }
        String path = System.getenv("PATH");
        if (path != null) {
            for (String entry : path.split(File.pathSeparator)) {
                if (!entry.isBlank()) {
                    folders.add(Path.of(entry));
                }
            }
        }
        return folders;
    }

    private static boolean hasEveryTool(Path folder) {
        return TOOLS.stream().allMatch(tool -> Files.isExecutable(folder.resolve(tool)));
    }

    private static String whyMissing() {
        String configured = System.getenv(BIN_VARIABLE);
        String where = configured == null || configured.isBlank()
                ? BIN_VARIABLE + " is not set"
                : BIN_VARIABLE + "=" + configured + " lacks one of them";
        return "MongoDB's Database Tools (" + String.join(" and ", TOOLS) + ") are not installed: " + where
                + " and no folder on the PATH has them; set " + BIN_VARIABLE + " to their folder"
                + " (../shared/tools/mongo-tools/bin) to run this test";
    }
}
