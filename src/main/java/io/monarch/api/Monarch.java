package io.monarch.api;

import io.monarch.config.Environment;
import io.monarch.config.Settings;
import io.monarch.config.SettingsLoader;
import io.monarch.migrate.JavaSourceCompiler;
import io.monarch.migrate.MigrationDefinition;
import io.monarch.migrate.Migrator;
import io.monarch.migrate.SourceMigrations;
import io.monarch.mongo.EmbeddedServer;
import io.monarch.queryset.MaskKeys;
import io.monarch.queryset.QueryPlan;
import io.monarch.queryset.QuerySets;
import io.monarch.dump.CopyService;
import io.monarch.mongo.MongoConnection;

import io.monarch.config.Compression;
import io.monarch.dump.BackupCatalog;
import io.monarch.dump.BackupEntry;
import io.monarch.dump.BackupManifest;
import io.monarch.dump.BackupName;
import io.monarch.dump.BackupService;
import io.monarch.dump.CollectionIntent;
import io.monarch.dump.DumpPlanner;
import io.monarch.dump.DumpSource;
import io.monarch.dump.DumpSources;
import io.monarch.dump.Progress;
import io.monarch.dump.RestoreService;
import io.monarch.storage.BackupStore;
import io.monarch.storage.BackupStores;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
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

    /**
     * Backs an environment's database up into a store: one mongodump archive, then its manifest. Returns the
     * manifest. Nothing is kept if it fails part way.
     */
    public BackupManifest backup(String environment, BackupOptions options, Progress progress) {
        Environment env = settings.environment(environment);
        QuerySet querySet = options.querySet() == null ? null : querySets().load(options.querySet());
        BackupStore store = BackupStores.open(settings.backups(), options.store());
        Compression compression = options.compression() != null ? options.compression() : defaultCompression(options.store());
        try (MongoConnection connection = MongoConnection.open(env, settings.projectDir())) {
            List<CollectionIntent> intents = DumpPlanner.plan(connection.database(), Set.of(settings.migrations().lockCollection()));
            QueryPlan plan = querySet == null ? null : QueryPlan.evaluate(querySet, connection.database(), options.prompter());
            if (plan != null) {
                intents = plan.apply(intents);
            }
            String label = plan != null ? plan.name() : options.label();
            BackupName name = BackupName.of(env.name(), env.database(), Instant.now(), label);
            return new BackupService(connection, store, progress).backup(new BackupService.Request(name, intents,
                    compression, options.parallelism(), plan == null ? null : plan.name(),
                    plan == null ? List.of() : plan.maskedFields(), plan == null ? null : plan.shaper(MaskKeys.forRun())));
        } finally {
            closeStore(store);
        }
    }

    /**
     * Copies one environment's database into another (whole, or what a QuerySet picks), streaming from the
     * source's cursors into the target's staging collections; the target changes only once all is loaded.
     */
    public RestoreResult copyDb(String from, String to, CopyOptions options, Progress progress) {
        Environment source = settings.environment(from);
        Environment target = settings.environment(to);
        if (sameDatabase(source, target)) {
            throw MonarchException.usage("copy_db " + from + ":" + to + " would copy " + source.database()
                    + " onto itself; name two different environments or databases");
        }
        checkTarget(target, options.target());
        QuerySet querySet = options.querySet() == null ? null : querySets().load(options.querySet());
        Instant started = Instant.now();
        try (MongoConnection sourceConnection = MongoConnection.open(source, settings.projectDir());
             MongoConnection targetConnection = MongoConnection.open(target, settings.projectDir())) {
            List<CollectionIntent> intents = DumpPlanner.plan(sourceConnection.database(), untouchable());
            QueryPlan plan = querySet == null ? null : QueryPlan.evaluate(querySet, sourceConnection.database(), options.prompter());
            if (plan != null) {
                intents = plan.apply(intents);
            }
            RestoreService.Outcome outcome = new CopyService(sourceConnection, targetConnection, untouchable(),
                    options.target().parallelism(), progress).copy(intents, plan == null ? null : plan.shaper(MaskKeys.forRun()));
            return new RestoreResult(from, to, outcome.collections(), outcome.documents(),
                    Duration.between(started, Instant.now()), outcome.warnings());
        }
    }

    /** The QuerySets of migrations/querysets, compiled like migrations. */
    public QuerySets querySets() {
        return new QuerySets(settings.migrations().directory().resolve("querysets"), compiler(settings));
    }

    private boolean sameDatabase(Environment a, Environment b) {
        if (!a.database().equals(b.database())) {
            return false;
        }
        if (a.embedded() && b.embedded()) {
            // every embedded:memory environment of a process is the one in-memory server
            return io.monarch.config.EmbeddedUri.dataDirectory(a.uri(), settings.projectDir())
                    .equals(io.monarch.config.EmbeddedUri.dataDirectory(b.uri(), settings.projectDir()));
        }
        return a.uri().equals(b.uri());
    }

    /** The finished backups, newest last; {@code environment} null for all, {@code store} "local", "s3" or "all". */
    public List<BackupEntry> listBackups(String environment, String store) {
        List<BackupStore> stores = stores(store);
        try {
            return finishedBackups(stores, environment);
        } finally {
            stores.forEach(Monarch::closeStore);
        }
    }

    /** The finished backups as {@link #listBackups} gives them, and what unfinished ones left, from one opening of the stores. */
    public BackupListing backupListing(String environment, String store) {
        List<BackupStore> stores = stores(store);
        try {
            List<String> unfinished = new ArrayList<>();
            stores.forEach(s -> unfinished.addAll(s.unfinished()));
            return new BackupListing(finishedBackups(stores, environment), unfinished);
        } finally {
            stores.forEach(Monarch::closeStore);
        }
    }

    private static List<BackupEntry> finishedBackups(List<BackupStore> stores, String environment) {
        return new BackupCatalog(stores).list().stream()
                .filter(e -> environment == null || e.manifest().environment().equals(environment)).toList();
    }

    /**
     * Restores a backup (a name from list_backups, or a path to a mongodump archive, folder or .dmp.zip) into
     * an environment. The target changes only once every collection is loaded and checked.
     */
    public RestoreResult restore(String backup, String environment, RestoreOptions options, Progress progress) {
        Environment env = settings.environment(environment);
        checkTarget(env, options);
        List<BackupStore> stores = stores("all");
        Instant started = Instant.now();
        try (MongoConnection connection = MongoConnection.open(env, settings.projectDir())) {
            DumpSource source = DumpSources.open(backup, new BackupCatalog(stores));
            RestoreService.Outcome outcome = new RestoreService(connection, untouchable(), options.parallelism(), progress)
                    .restore(source);
            return new RestoreResult(source.description(), environment, outcome.collections(), outcome.documents(),
                    Duration.between(started, Instant.now()), outcome.warnings());
        } finally {
            stores.forEach(Monarch::closeStore);
        }
    }

    /** monarch's own collections in every environment, never restored over nor dropped. */
    Set<String> untouchable() {
        return Set.of(settings.migrations().collection(), settings.migrations().lockCollection());
    }

    /** A protected environment is a restore or copy target only with --force and its name typed. */
    static void checkTarget(Environment env, RestoreOptions options) {
        if (!env.protectedTarget()) {
            return;
        }
        if (!options.force()) {
            throw MonarchException.refused(env.name() + " is protected: writing into it needs --force, and typing its name "
                    + "when asked (with no terminal: --force --confirm " + env.name() + "). Nothing was changed.");
        }
        if (!env.name().equals(options.confirm())) {
            throw MonarchException.refused("the name typed (" + (options.confirm() == null ? "none" : "'" + options.confirm() + "'")
                    + ") is not '" + env.name() + "'; nothing was changed");
        }
    }

    private Compression defaultCompression(String store) {
        return "s3".equals(store) ? settings.backups().s3().map(io.monarch.config.S3Settings::compression).orElse(Compression.GZIP)
                : settings.backups().localCompression();
    }

    private List<BackupStore> stores(String which) {
        if ("all".equals(which)) {
            List<BackupStore> all = new ArrayList<>();
            all.add(BackupStores.open(settings.backups(), "local"));
            if (settings.backups().s3().isPresent()) {
                all.add(BackupStores.open(settings.backups(), "s3"));
            }
            return all;
        }
        return List.of(BackupStores.open(settings.backups(), which));
    }

    private static void closeStore(BackupStore store) {
        if (store instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception ignored) {
                // closing a client frees its connections; nothing to report
            }
        }
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
