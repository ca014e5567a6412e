package io.monarch.api;

import io.monarch.config.Environment;
import io.monarch.config.Settings;
import io.monarch.config.SettingsLoader;
import io.monarch.migrate.JavaSourceCompiler;
import io.monarch.migrate.MigrationDefinition;
import io.monarch.migrate.Migrator;
import io.monarch.migrate.SourceMigrations;
import io.monarch.mongo.EmbeddedServer;
import io.monarch.mongo.MongoConnection;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * monarch as a library: what every CLI command calls.
 * <pre>{@code
 * Monarch monarch = Monarch.load(Path.of("migrations/settings.yml"));
 * monarch.migrate("test");
 * }</pre>
 * For integration tests, {@link #withMigrations} hands migrations over as objects instead of sources.
 */
public final class Monarch {
    private final Settings settings;
    private final Supplier<List<MigrationDefinition>> migrations;
    private final Consumer<String> log;

    private Monarch(Settings settings, Supplier<List<MigrationDefinition>> migrations, Consumer<String> log) {
        this.settings = settings;
        this.migrations = migrations;
        this.log = log;
    }

    /** Writes a starting settings.yml and the migrations folder ({@code monarch init}); returns what it wrote. */
    public static List<Path> init(Path settingsFile) {
        return io.monarch.config.ProjectInitializer.init(settingsFile);
    }

    /** Reads settings.yml (errors name the file and line); migrations come from its migrations folder. */
    public static Monarch load(Path settingsFile) {
        Settings settings = SettingsLoader.load(settingsFile);
        return new Monarch(settings, () -> SourceMigrations.load(settings.migrations().directory(), compiler(settings)),
                line -> { });
    }

    /** The same settings, with these migration objects instead of the migrations folder's sources. */
    public Monarch withMigrations(List<? extends Migration> objects) {
        List<MigrationDefinition> definitions = objects.stream().map(MigrationDefinition::of).toList();
        return new Monarch(settings, () -> definitions, log);
    }

    /** The same, printing progress lines (what is being applied, a migration's own log) to {@code log}. */
    public Monarch withLog(Consumer<String> log) {
        return new Monarch(settings, migrations, Objects.requireNonNull(log));
    }

    public Settings settings() {
        return settings;
    }

    public List<MigrationStatus> listMigrations(String environment) {
        return withMigrator(environment, Migrator::status);
    }

    public MigrateResult migrate(String environment) {
        return migrate(environment, MigrateOptions.DEFAULT);
    }

    public MigrateResult migrate(String environment, MigrateOptions options) {
        return withMigrator(environment, m -> m.migrate(options));
    }

    public MigrationRun migrateOne(String migration, String environment) {
        return withMigrator(environment, m -> m.migrateOne(migration));
    }

    /** Rolls back the applied migrations after {@code to}, newest first; {@code to} null: only the newest. */
    public List<MigrationRun> rollback(String environment, String to) {
        return withMigrator(environment, m -> m.rollback(to));
    }

    /** Clears the environment's migration lock, whoever holds it. Returns whether there was one. */
    public boolean unlock(String environment) {
        Environment env = settings.environment(environment);
        try (MongoConnection connection = MongoConnection.open(env, settings.projectDir())) {
            return new Migrator(connection, settings.migrations(), List.of(), log).unlock();
        }
    }

    /**
     * Starts an embedded environment's server on 127.0.0.1:{@code port} (0: any free port) for other programs;
     * {@link EmbeddedServer#release()} stops it.
     */
    public EmbeddedServer serve(String environment, int port) {
        Environment env = settings.environment(environment);
        if (!env.embedded()) {
            throw MonarchException.usage(environment + " is not embedded (its uri is " + env.displayUri()
                    + "); serve runs only embedded: environments");
        }
        return EmbeddedServer.acquire(io.monarch.config.EmbeddedUri.dataDirectory(env.uri(), settings.projectDir()), port);
    }

    /** Opens a connection to an environment; the caller closes it. */
    public MongoConnection connect(String environment) {
        return MongoConnection.open(settings.environment(environment), settings.projectDir());
    }

    private <T> T withMigrator(String environment, Function<Migrator, T> work) {
        Environment env = settings.environment(environment);
        List<MigrationDefinition> definitions = migrations.get();
        try (MongoConnection connection = MongoConnection.open(env, settings.projectDir())) {
            return work.apply(new Migrator(connection, settings.migrations(), definitions, log));
        }
    }

    static JavaSourceCompiler compiler(Settings settings) {
        return new JavaSourceCompiler(settings.projectDir().resolve(".monarch").resolve("classes"),
                settings.migrations().classpath());
    }
}
