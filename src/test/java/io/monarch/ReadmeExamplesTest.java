package io.monarch;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every Java example of the README compiles as written, against monarch's classes: a class is compiled as a
 * file; statements (the library example) go into a method, their imports above it. All are compiled together,
 * so one example may use a class another declares.
 */
class ReadmeExamplesTest {
    private static final Pattern JAVA_BLOCK = Pattern.compile("```java\n(.*?)```", Pattern.DOTALL);
    private static final Pattern CLASS_NAME = Pattern.compile("public class (\\w+)");

    @TempDir
    Path dir;

    @Test
    void everyJavaExampleCompiles() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        List<Path> sources = new ArrayList<>();
        Matcher block = JAVA_BLOCK.matcher(readme);
        int statements = 0;
        while (block.find()) {
            String code = block.group(1);
            Matcher name = CLASS_NAME.matcher(code);
            if (name.find()) {
                sources.add(write(name.group(1), code));
            } else {
                sources.add(write("ReadmeStatements" + (++statements), wrap("ReadmeStatements" + statements, code)));
            }
        }
        assertTrue(sources.size() >= 3, "the README's Java examples were not found: " + sources);
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        try (StandardJavaFileManager files = compiler.getStandardFileManager(diagnostics, Locale.ROOT, StandardCharsets.UTF_8)) {
            boolean ok = compiler.getTask(null, files, diagnostics,
                    List.of("-d", dir.resolve("classes").toString(), "-classpath", System.getProperty("java.class.path"), "-proc:none"),
                    null, files.getJavaFileObjectsFromPaths(sources)).call();
            assertTrue(ok, "a README example does not compile:\n" + String.join("\n", diagnostics.getDiagnostics().stream()
                    .filter(d -> d.getKind() == Diagnostic.Kind.ERROR)
                    .map(d -> (d.getSource() == null ? "" : d.getSource().getName() + ":" + d.getLineNumber() + ": ")
                            + d.getMessage(Locale.ROOT)).toList()));
        }
    }

    private static String wrap(String className, String code) {
        StringBuilder imports = new StringBuilder();
        StringBuilder body = new StringBuilder();
        for (String line : code.split("\n")) {
            (line.startsWith("import ") ? imports : body).append(line).append('\n');
        }
        return imports + "\nclass " + className + " {\n    static void example() throws Exception {\n" + body + "    }\n}\n";
    }

    private Path write(String className, String code) throws IOException {
        Path file = dir.resolve(className + ".java");
        Files.writeString(file, code);
        return file;
    }
}
