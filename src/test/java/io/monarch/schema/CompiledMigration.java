package io.monarch.schema;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import io.monarch.api.Migration;
import io.monarch.api.MigrationContext;

import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A generated migration source compiled with javax.tools against this classpath (as monarch compiles users'
 * sources) and run as monarch runs a migration: a test sees that the generated code compiles and does what it says.
 */
public final class CompiledMigration {
    private final Migration migration;
    private final List<String> log = new ArrayList<>();

    private CompiledMigration(Migration migration) {
        this.migration = migration;
    }

    public static CompiledMigration compile(Path source) throws Exception {
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        Path classes = Files.createTempDirectory("schema-migration-classes");
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        try (StandardJavaFileManager files = compiler.getStandardFileManager(diagnostics, Locale.ROOT, StandardCharsets.UTF_8)) {
            boolean ok = compiler.getTask(null, files, diagnostics,
                    List.of("-d", classes.toString(), "-classpath", System.getProperty("java.class.path"), "-proc:none",
                            "-encoding", "UTF-8", "-Xlint:all", "-Werror"),
                    null, files.getJavaFileObjects(source)).call();
            if (!ok) {
                throw new AssertionError("the generated migration does not compile:\n" + diagnostics.getDiagnostics()
                        + "\n" + Files.readString(source));
            }
        }
        String className = source.getFileName().toString().replace(".java", "");
        URLClassLoader loader = new URLClassLoader(new URL[]{classes.toUri().toURL()}, Migration.class.getClassLoader());
        return new CompiledMigration((Migration) loader.loadClass(className).getDeclaredConstructor().newInstance());
    }

    public Migration migration() {
        return migration;
    }

    public void run(MongoClient client, MongoDatabase database) throws Exception {
        migration.run(context(client, database));
    }

    public void rollback(MongoClient client, MongoDatabase database) throws Exception {
        migration.rollback(context(client, database));
    }

    private MigrationContext context(MongoClient client, MongoDatabase database) {
        return new MigrationContext("test", client, database, null, log::add);
    }
}
