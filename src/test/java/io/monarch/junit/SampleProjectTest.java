package io.monarch.junit;

import io.monarch.support.JUnitRunner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The sample project (src/test/resources/sample-project: settings, a migration, a QuerySet, and a test class using
 * {@code @MonarchTest}) as its user's build runs it: its test compiled against monarch and JUnit, and run in a JVM
 * whose working folder is the project, so that the settings are found as they would be there. The README shows
 * that test class as it is, so its snippet cannot rot.
 */
class SampleProjectTest {
    static final Path SAMPLE = Path.of("src/test/resources/sample-project");
    static final Path USERS_TEST = Path.of("src/test/java/UsersTest.java");

    @TempDir
    Path dir;

    @Test
    void theSampleProjectsOwnTestsPass() throws Exception {
        Path project = copy(SAMPLE, dir.resolve("sample"));
        Path classes = Files.createDirectories(dir.resolve("test-classes"));
        compile(project.resolve(USERS_TEST), classes);

        Path output = dir.resolve("output.txt");
        ProcessBuilder builder = new ProcessBuilder(System.getProperty("java.home") + "/bin/java",
                "-cp", System.getProperty("java.class.path") + File.pathSeparator + classes,
                JUnitRunner.class.getName(), "UsersTest")
                .directory(project.toFile()).redirectErrorStream(true).redirectOutput(output.toFile());
        builder.environment().remove("MONARCH_SETTINGS");
        Process process = builder.start();
        if (!process.waitFor(3, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            fail("the sample's tests still running after 3 minutes");
        }
        String summary = Files.readString(output);
        assertEquals(0, process.exitValue(), summary);
        assertTrue(summary.contains("2 tests successful") && summary.contains("0 tests failed"), summary);
        assertTrue(Files.isDirectory(project.resolve(".monarch/classes")), "the migration was compiled in the sample's own folder");
    }

    @Test
    void theReadmeShowsTheSamplesTestClassAsItIs() throws IOException {
        String test = Files.readString(SAMPLE.resolve(USERS_TEST));
        assertTrue(Files.readString(Path.of("README.md")).contains("```java\n" + test + "```\n"),
                "README's 'Testing with monarch' block differs from " + SAMPLE.resolve(USERS_TEST) + "; paste it again");
    }

    private static void compile(Path source, Path classes) throws IOException {
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        try (StandardJavaFileManager files = compiler.getStandardFileManager(diagnostics, Locale.ROOT, StandardCharsets.UTF_8)) {
            boolean ok = compiler.getTask(null, files, diagnostics, List.of("-d", classes.toString(), "-classpath",
                    System.getProperty("java.class.path"), "-proc:none"), null, files.getJavaFileObjectsFromPaths(List.of(source))).call();
            assertTrue(ok, "the sample's test does not compile:\n" + String.join("\n", diagnostics.getDiagnostics().stream()
                    .filter(d -> d.getKind() == Diagnostic.Kind.ERROR).map(d -> d.getLineNumber() + ": " + d.getMessage(Locale.ROOT)).toList()));
        }
    }

    private static Path copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : files.toList()) {
                Path target = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target);
                }
            }
        }
        return to;
    }
}
