package io.monarch.compile;

import io.monarch.digest.Hashing;
import com.mongodb.client.MongoClient;
import com.mongodb.client.model.Filters;
import io.monarch.api.Migration;
import io.monarch.api.MonarchException;
import io.monarch.api.MonarchVersion;
import org.bson.Document;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * Compiles user Java sources (migrations, QuerySets) against monarch's own API and the driver, with
 * javax.tools, and caches each file's classes under {@code <cache>/<key>/}, the key being the hash of
 * its source, monarch's version and the extra classpath: an unchanged file is never compiled again.
 * A compile error names the file and line; nothing is loaded then.
 */
final class JavaSourceCompiler {
    private static final String DONE_MARKER = ".compiled";

    private final Path cacheDir;
    private final List<Path> extraClasspath;

    JavaSourceCompiler(Path cacheDir, List<Path> extraClasspath) {
        this.cacheDir = cacheDir;
        this.extraClasspath = List.copyOf(extraClasspath);
    }

    /** Compiles whatever is not cached, and returns a loader that sees every given source's classes. */
    ClassLoader load(List<SourceFile> sources) {
        List<SourceFile> missing = new ArrayList<>();
        List<URL> urls = new ArrayList<>();
        for (SourceFile source : sources) {
            Path dir = classesDir(source);
            if (!Files.exists(dir.resolve(DONE_MARKER))) {
                missing.add(source);
            }
            urls.add(directoryUrl(dir));
        }
        if (!missing.isEmpty()) {
            compile(missing);
        }
        for (Path jar : extraClasspath) {
            urls.add(url(jar));
        }
        return new URLClassLoader(urls.toArray(URL[]::new), Migration.class.getClassLoader());
    }

    private Path classesDir(SourceFile source) {
        String key = Hashing.sha256(source.sha256() + "\n" + MonarchVersion.VERSION + "\n" + extraClasspath);
        return cacheDir.resolve(key.substring(0, 32));
    }

    private void compile(List<SourceFile> sources) {
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        if (compiler == null) {
            throw MonarchException.failed("monarch compiles " + sources.get(0).path().getFileName()
                    + " with the JDK's compiler, but this Java (" + System.getProperty("java.home")
                    + ") is a JRE without one; run monarch with a JDK 17 or newer (set JAVA_HOME to it)", null);
        }
        Path output = null;
        try {
            Files.createDirectories(cacheDir);
            output = Files.createTempDirectory(cacheDir, "javac-");
            DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
            try (StandardJavaFileManager files = compiler.getStandardFileManager(diagnostics, Locale.ROOT, StandardCharsets.UTF_8)) {
                List<String> options = List.of("-d", output.toString(), "-classpath", classpath(),
                        "-proc:none", "-implicit:none", "-encoding", "UTF-8", "-parameters", "-g");
                Iterable<? extends JavaFileObject> units = files.getJavaFileObjectsFromPaths(sources.stream().map(SourceFile::path).toList());
                boolean ok = compiler.getTask(null, files, diagnostics, options, null, units).call();
                if (!ok) {
                    throw MonarchException.failed(describe(diagnostics), null);
                }
            }
            for (SourceFile source : sources) {
                store(source, output);
            }
        } catch (IOException e) {
            throw MonarchException.failed("cannot write compiled classes to " + cacheDir + ": " + e.getMessage(), e);
        } finally {
            if (output != null) {
                deleteTree(output);
            }
        }
    }

    /** Moves one source's classes (its class and its nested ones) from javac's output into its cache folder. */
    private void store(SourceFile source, Path output) throws IOException {
        String binary = source.binaryName();
        int dot = binary.lastIndexOf('.');
        String packagePath = dot < 0 ? "" : binary.substring(0, dot).replace('.', '/');
        String simple = binary.substring(dot + 1);
        Path from = packagePath.isEmpty() ? output : output.resolve(packagePath);
        Path target = classesDir(source);
        Path staging = Files.createTempDirectory(cacheDir, "store-");
        Path to = packagePath.isEmpty() ? staging : staging.resolve(packagePath);
        Files.createDirectories(to);
        try (Stream<Path> classes = Files.list(from)) {
            for (Path cls : classes.toList()) {
                String file = cls.getFileName().toString();
                if (file.equals(simple + ".class") || file.startsWith(simple + "$")) {
                    Files.move(cls, to.resolve(file));
                }
            }
        }
        Files.writeString(staging.resolve(DONE_MARKER), source.path().toString());
        // A cache folder appears whole (one atomic rename) and is never deleted: another process may be loading
        // classes from it. If another process got there first, its classes are the same; ours are dropped.
        if (Files.exists(target.resolve(DONE_MARKER))) {
            deleteTree(staging);
            return;
        }
        try {
            Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException raced) {
            deleteTree(staging);
        }
    }

    private static String describe(DiagnosticCollector<JavaFileObject> diagnostics) {
        StringBuilder message = new StringBuilder("compile error; nothing was run:");
        for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
            if (d.getKind() == Diagnostic.Kind.ERROR) {
                String file = d.getSource() != null ? d.getSource().getName() : "(unknown file)";
                message.append("\n  ").append(file).append(':').append(d.getLineNumber())
                        .append(": ").append(d.getMessage(Locale.ROOT));
            }
        }
        return message.toString();
    }

    /** monarch's own classes and the driver, wherever they come from (a jar, target/classes), plus extra jars. */
    private String classpath() {
        Set<String> entries = new LinkedHashSet<>();
        for (Class<?> anchor : List.of(Migration.class, MongoClient.class, Filters.class, Document.class)) {
            try {
                entries.add(Path.of(anchor.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
            } catch (Exception ignored) {
                // falls back to java.class.path below
            }
        }
        for (String entry : System.getProperty("java.class.path", "").split(File.pathSeparator)) {
            if (!entry.isBlank()) {
                entries.add(entry);
            }
        }
        extraClasspath.forEach(p -> entries.add(p.toString()));
        return String.join(File.pathSeparator, entries);
    }

    /** A folder's URL ends in '/', or URLClassLoader takes it for a jar; the folder may not exist yet. */
    private static URL directoryUrl(Path dir) {
        try {
            return new URL(dir.toUri().toString().replaceAll("/?$", "/"));
        } catch (MalformedURLException e) {
            throw new UncheckedIOException(new IOException(e));
        }
    }

    private static URL url(Path path) {
        try {
            return path.toUri().toURL();
        } catch (MalformedURLException e) {
            throw new UncheckedIOException(new IOException(e));
        }
    }

    private static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a leftover temp folder in the cache is harmless
        }
    }
}
