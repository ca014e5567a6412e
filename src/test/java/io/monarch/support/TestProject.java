package io.monarch.support;

import com.mongodb.client.MongoDatabase;
import io.monarch.Monarch;
import io.monarch.api.EnvironmentConnection;
import io.monarch.cli.MonarchCommand;
import org.bson.BsonDocument;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A project folder as a user has one: migrations/settings.yml and migration sources. Runs the CLI in this
 * process, as a user would type it, and hands back what it printed and its exit code.
 */
public final class TestProject {
    private final Path root;

    public TestProject(Path root) {
        this.root = root;
    }

    /** A project with one embedded environment, 'development', kept in .monarch/development. */
    public static TestProject embedded(Path root) {
        TestProject project = new TestProject(root);
        project.settings("""
                environments:
                  development:
                    uri: embedded:.monarch/development
                    database: app_dev
                migrations:
                  lock_wait_seconds: 2
                """);
        return project;
    }

    /** A project whose environment 'development' is a MongoDB server at the given URI. */
    public static TestProject server(Path root, String uri) {
        return new TestProject(root).serverSettings(uri, "lock_wait_seconds: 2");
    }

    /** Settings for 'development' at {@code uri}, with these lines (one per line) under {@code migrations:}. */
    public TestProject serverSettings(String uri, String... migrationLines) {
        return settings("""
                environments:
                  development:
                    uri: %s
                    database: app_dev
                migrations:
                """.formatted(uri) + String.join("", java.util.Arrays.stream(migrationLines).map(l -> "  " + l + "\n").toList()));
    }

    public Path root() {
        return root;
    }

    public Path settingsFile() {
        return root.resolve("migrations/settings.yml");
    }

    public TestProject settings(String yaml) {
        return write("migrations/settings.yml", yaml);
    }

    public TestProject write(String relative, String content) {
        try {
            Path file = root.resolve(relative);
            Files.createDirectories(file.getParent());
            Files.writeString(file, content);
            return this;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes a migration whose run() body is {@code body} (with {@code db} and {@code context} in scope). */
    public TestProject migration(String name, String body) {
        return migration(name, body, null);
    }

    public TestProject migration(String name, String body, String rollbackBody) {
        String rollback = rollbackBody == null ? "" : """
                    @Override
                    public void rollback(MigrationContext context) throws Exception {
                        MongoDatabase db = context.database();
                        %s
                    }
                """.formatted(rollbackBody);
        return write("migrations/" + name + ".java", """
                import com.mongodb.client.MongoDatabase;
                import com.mongodb.client.model.*;
                import io.monarch.api.*;
                import org.bson.Document;

                public class %s extends Migration {
                    @Override
                    public void run(MigrationContext context) throws Exception {
                        MongoDatabase db = context.database();
                        %s
                    }
                %s}
                """.formatted(name, body, rollback));
    }

    /** Writes a repeatable migration, {@code R_<Name>}, whose run() body is {@code body}. */
    public TestProject repeatable(String name, String body) {
        return write("migrations/" + name + ".java", """
                import com.mongodb.client.MongoDatabase;
                import com.mongodb.client.model.*;
                import io.monarch.api.*;
                import org.bson.Document;

                public class %s extends RepeatableMigration {
                    @Override
                    public void run(MigrationContext context) throws Exception {
                        MongoDatabase db = context.database();
                        %s
                    }
                }
                """.formatted(name, body));
    }

    /** Works on an environment's database through monarch's own connection (embedded ones included). */
    public void with(String environment, Consumer<MongoDatabase> work) {
        read(environment, db -> {
            work.accept(db);
            return null;
        });
    }

    public <T> T read(String environment, Function<MongoDatabase, T> work) {
        try (EnvironmentConnection connection = Monarch.load(settingsFile()).connect(environment)) {
            return work.apply(connection.database());
        }
    }

    /** Every collection's documents in _id order (see {@link TestData#contents}). */
    public Map<String, List<BsonDocument>> contents(String environment) {
        return read(environment, db -> TestData.contents(db));
    }

    public Map<String, BsonDocument> indexes(String environment, String collection) {
        return read(environment, db -> TestData.indexes(db, collection));
    }

    /** The collection names, sorted, but the lock collection's (see {@link TestData#LOCK_COLLECTION}). */
    public List<String> names(String environment) {
        List<String> names = read(environment, db -> db.listCollectionNames().into(new ArrayList<>()));
        names.remove(TestData.LOCK_COLLECTION);
        names.sort(null);
        return names;
    }

    /** What one CLI run printed, and its exit code. */
    public record Run(int exitCode, String out, String err) {
        public String all() {
            return out + err;
        }
    }

    /** Runs {@code monarch <args> --settings <this project's settings>}. */
    public Run run(String... args) {
        String[] full = new String[args.length + 2];
        System.arraycopy(args, 0, full, 0, args.length);
        full[args.length] = "--settings";
        full[args.length + 1] = settingsFile().toString();
        return runRaw(full);
    }

    /** Runs {@code monarch <args>} exactly as given. */
    public static Run runRaw(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = MonarchCommand.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Run(code, out.toString(), err.toString());
    }
}
