package io.monarch.support;

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
import java.util.stream.Stream;

/**
 * MongoDB's own tools (mongodump, mongorestore, bsondump), found in the folder {@code MONGO_TOOLS_BIN} names or
 * else on the PATH, run as a user runs them. A test that needs them skips where {@link #available()} is empty.
 */
public final class MongoTools {
    private MongoTools() {
    }

    /** What one run of a tool printed (standard output and error, interleaved) and its exit code. */
    public record Result(int exitCode, String output) {
    }

    /** The folder holding mongodump: {@code MONGO_TOOLS_BIN}'s, else the first on the PATH that has it. */
    public static Optional<Path> available() {
        String bin = System.getenv("MONGO_TOOLS_BIN");
        Stream<String> folders = bin != null && !bin.isBlank() ? Stream.of(bin)
                : Stream.of(System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator));
        return folders.filter(folder -> !folder.isBlank()).map(Path::of)
                .filter(folder -> Files.isExecutable(folder.resolve("mongodump"))).findFirst();
    }

    /**
     * Runs {@code tool args...} from the tools' folder in {@code workDir}; a run still going after {@code timeout} is
     * killed and fails the test.
     */
    public static Result run(Path workDir, Duration timeout, String tool, String... args) {
        Path bin = available().orElseThrow(() -> new IllegalStateException(
                "no MongoDB tools: set MONGO_TOOLS_BIN to their folder or put them on the PATH"));
        List<String> command = new ArrayList<>(List.of(bin.resolve(tool).toString()));
        command.addAll(List.of(args));
        try {
            Path output = Files.createTempFile("mongo-tools", ".out");
            try {
                Process process = new ProcessBuilder(command).directory(workDir.toFile())
                        .redirectErrorStream(true).redirectOutput(output.toFile()).start();
                if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly().waitFor();
                    throw new AssertionError(String.join(" ", command) + " still ran after " + timeout + ":\n"
                            + Files.readString(output, StandardCharsets.UTF_8));
                }
                return new Result(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
