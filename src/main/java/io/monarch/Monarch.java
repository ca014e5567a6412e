package io.monarch;

import com.mongodb.MongoTimeoutException;
import com.mongodb.connection.ServerConnectionState;
import io.monarch.api.BackupEntry;
import io.monarch.api.BackupListing;
import io.monarch.api.BackupManifest;
import io.monarch.api.BackupOptions;
import io.monarch.api.Compression;
import io.monarch.api.CopyOptions;
import io.monarch.api.CopyTenants;
import io.monarch.api.EnvironmentConnection;
import io.monarch.api.EnvironmentInfo;
import io.monarch.api.EnvironmentStatus;
import io.monarch.api.LoadResult;
import io.monarch.api.MigrateOptions;
import io.monarch.api.MigrateResult;
import io.monarch.api.Migration;
import io.monarch.api.MigrationRun;
import io.monarch.api.MigrationState;
import io.monarch.api.MigrationStatus;
import io.monarch.api.MonarchException;
import io.monarch.api.Progress;
import io.monarch.api.PruneOptions;
import io.monarch.api.PruneResult;
import io.monarch.api.QuerySet;
import io.monarch.api.RepairOptions;
import io.monarch.api.RepairResult;
import io.monarch.api.RestoreOptions;
import io.monarch.api.RetentionPolicy;
import io.monarch.api.SchemaPlanReport;
import io.monarch.api.SchemaPullReport;
import io.monarch.api.RollbackOptions;
import io.monarch.api.ServedEnvironment;
import io.monarch.api.Store;
import io.monarch.api.StoreScope;
import io.monarch.api.TenantMigrateResult;
import io.monarch.api.TenantOptions;
import io.monarch.api.TenantRun;
import io.monarch.api.TenantStatus;
import io.monarch.api.TenantValidation;
import io.monarch.api.ValidateResult;
import io.monarch.api.VerifyResult;
import io.monarch.codegen.MigrationGenerator;
import io.monarch.codegen.QuerySetGenerator;
import io.monarch.compile.UserCode;
import io.monarch.config.Environment;
import io.monarch.config.EnvironmentEntry;
import io.monarch.config.MigrationSettings;
import io.monarch.config.ProjectInitializer;
import io.monarch.config.S3Settings;
import io.monarch.config.Settings;
import io.monarch.config.SettingsLoader;
import io.monarch.config.SettingsLocation;
import io.monarch.config.TenantDatabases;
import io.monarch.backup.BackupCatalog;
import io.monarch.stream.BackupKey;
import io.monarch.backup.BackupKeys;
import io.monarch.backup.BackupName;
import io.monarch.backup.BackupService;
import io.monarch.backup.BackupVerifier;
import io.monarch.backup.ManifestKey;
import io.monarch.intent.CollectionIntent;
import io.monarch.load.CopyService;
import io.monarch.intent.DumpPlanner;
import io.monarch.source.DumpSource;
import io.monarch.backup.DumpSources;
import io.monarch.load.Leftovers;
import io.monarch.backup.PruneService;
import io.monarch.load.RestoreService;
import io.monarch.lock.EnvironmentLock;
import io.monarch.migrate.MigrationDefinition;
import io.monarch.migrate.MigrationHistory;
import io.monarch.migrate.Migrator;
import io.monarch.migrate.SourceMigrations;
import io.monarch.migrate.TenantRollout;
import io.monarch.mongo.EmbeddedServer;
import io.monarch.mongo.EmbeddedUri;
import io.monarch.mongo.MongoConnection;
import io.monarch.mongo.Redaction;
import io.monarch.queryset.MaskKeys;
import io.monarch.queryset.QueryPlan;
import io.monarch.queryset.QuerySets;
import io.monarch.schema.DatabaseSchema;
import io.monarch.schema.PullResult;
import io.monarch.schema.Schema;
import io.monarch.schema.SchemaPlan;
import io.monarch.storage.AwsSecretsManager;
import io.monarch.storage.BackupStore;
import io.monarch.storage.BackupStores;
import org.bson.json.JsonMode;
import org.bson.json.JsonWriterSettings;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * monarch as a library: what every CLI command calls, as Flyway's {@code Flyway} is for Flyway.
 * <pre>{@code
 * Monarch monarch = Monarch.load(Path.of("migrations/settings.yml"));
 * monarch.migrate("test");
 * }</pre>
 * For integration tests, {@link #withMigrations} hands migrations over as objects instead of sources. Everything
 * it returns or takes is of {@code io.monarch.api}; every error is a {@link MonarchException} with its exit code.
 */
public final class Monarch {
    private static final System.Logger LOGGER = System.getLogger("io.monarch");
    private static final Pattern CAUSE = Pattern.compile("(?:caused by |exception=)\\{([^{}]+)}");
    /** A server of the driver's cluster description in a timeout's message: {@code address=db.example.net:27017}. */
    private static final Pattern ADDRESS = Pattern.compile("address=([^,}\\s]+)");

    private final Settings settings;
    private final Supplier<List<MigrationDefinition>> migrations;
    private final Consumer<String> log;
    private final Consumer<String> warnings;

    private Monarch(Settings settings, Supplier<List<MigrationDefinition>> migrations, Consumer<String> log,
                    Consumer<String> warnings) {
        this.settings = settings;
        this.migrations = migrations;
        this.log = log;
        this.warnings = warnings;
    }

    /** Writes a starting settings.yml, the migrations folder and a .gitignore ({@code monarch init}); returns what it wrote. */
    public static List<Path> init(Path settingsFile) {
        return ProjectInitializer.init(settingsFile);
    }

    /**
     * The settings file a command means: {@code explicit} (--settings) unless null, else the file
     * {@code MONARCH_SETTINGS} names, else {@code migrations/settings.yml} in the working folder or the nearest
     * folder above it. None: a usage error that says where it looked.
     */
    public static Path findSettings(Path explicit) {
        return SettingsLocation.find(explicit, System.getenv(SettingsLocation.VARIABLE), Path.of(""));
    }

    /** Where {@code monarch init} writes: as {@link #findSettings}, but with none, {@code migrations/settings.yml} here. */
    public static Path settingsForInit(Path explicit) {
        return SettingsLocation.forInit(explicit, System.getenv(SettingsLocation.VARIABLE), Path.of(""));
    }

    /**
     * Reads settings.yml (errors name the file and line); migrations come from its migrations folder. Secrets an
     * environment's uri names are read only when a command uses that environment.
     */
    public static Monarch load(Path settingsFile) {
        Settings settings = SettingsLoader.load(settingsFile).withSecretSource(new AwsSecretsManager());
        return new Monarch(settings, () -> SourceMigrations.load(settings.migrations().directory(), userCode(settings)),
                line -> { }, message -> LOGGER.log(System.Logger.Level.WARNING, message));
    }

    /** The same settings, with these migration objects instead of the migrations folder's sources. */
    public Monarch withMigrations(List<? extends Migration> objects) {
        List<MigrationDefinition> definitions = objects.stream().map(MigrationDefinition::of).toList();
        return new Monarch(settings, () -> definitions, log, warnings);
    }

    /**
     * The same project with one more environment, {@code name}, on this process's in-memory server
     * ({@code embedded:memory}) with database {@code database}, as if settings.yml had it: for tests.
     */
    public Monarch withMemoryEnvironment(String name, String database) {
        return withSettings(settings.withEnvironment(new EnvironmentEntry(name, EmbeddedUri.SCHEME + EmbeddedUri.MEMORY,
                database, false, 0, null)));
    }

    /**
     * The same project with one more environment, {@code name}: {@code like}'s server, with database
     * {@code database} (a name of its own per test class, say). {@code name} may be {@code like}.
     */
    public Monarch withEnvironment(String name, String like, String database) {
        settings.environment(like);
        EnvironmentEntry model = settings.environments().get(like);
        return withSettings(settings.withEnvironment(new EnvironmentEntry(name, model.uri(), database,
                model.protectedTarget(), model.line(), model.problem())));
    }

    private Monarch withSettings(Settings changed) {
        return new Monarch(changed, migrations, log, warnings);
    }

    /** The same, telling progress lines (what is being applied, a migration's own log) to {@code log}. */
    public Monarch withLog(Consumer<String> log) {
        return new Monarch(settings, migrations, Objects.requireNonNull(log), warnings);
    }

    /**
     * The same, telling warnings that cannot wait for a result (Ctrl-C's cleanup, an upload that could not be
     * aborted) to {@code warnings}; by default they go to the {@code io.monarch} System.Logger.
     */
    public Monarch withWarnings(Consumer<String> warnings) {
        return new Monarch(settings, migrations, log, Objects.requireNonNull(warnings));
    }

    /** Text as it may be shown: every password monarch has seen replaced by {@code ***}. */
    public static String redact(String text) {
        return Redaction.scrub(text);
    }

    /** The environments of the settings file, as written (an unusable URI says why). */
    public List<EnvironmentInfo> environments() {
        return settings.environments().values().stream().map(Monarch::info).toList();
    }

    /** One environment, ready to use: an unknown name or an unset {@code ${VAR}} in it is a usage error. */
    public EnvironmentInfo environment(String name) {
        settings.environment(name);
        return info(settings.environments().get(name));
    }

    private static EnvironmentInfo info(EnvironmentEntry e) {
        TenantDatabases t = e.tenants();
        return new EnvironmentInfo(e.name(), e.displayUri(), e.database(), e.protectedTarget(), e.problem(),
                t == null ? List.of() : t.listed(), t == null ? null : t.pattern());
    }

    /**
     * The databases of a tenant environment ({@code databases:} in settings) now: the list as written, or the server's
     * databases its pattern matches, in name order (none is not an error here).
     */
    public List<String> tenants(String environment) {
        Environment env = tenantEnvironment(environment);
        return env.tenants().isPattern() ? connected(env, c -> env.tenants().among(serverDatabases(c))) : env.tenants().listed();
    }

    /**
     * The same project, in which tenant environment {@code environment} means its database {@code tenant}: every call
     * on one database ({@link #listMigrations}, {@link #migrate}, {@link #rollback}, {@link #backup}, {@link #restore},
     * {@link #status}, …) then works on that tenant, with its own tracking and lock. {@code tenant} is one settings
     * lists, or one the pattern matches; a call that reads it then needs the server to have it, while a restore or
     * copy into it creates it.
     */
    public Monarch forTenant(String environment, String tenant) {
        Environment env = tenantEnvironment(environment);
        if (!env.tenants().includes(tenant)) {
            throw MonarchException.usage(env.tenants().isPattern()
                    ? "'" + tenant + "' does not match " + environment + "'s " + env.tenants().describe() + " (admin, config and local never do)"
                    : "'" + tenant + "' is not one of the databases of " + environment + " (" + env.tenants().describe()
                    + "); add it under databases: in " + settings.file());
        }
        return withSettings(settings.withEnvironment(settings.environments().get(environment).forTenant(tenant)));
    }

    /**
     * Migrates the databases of a tenant environment, each with its own tracking and lock, {@code tenants.parallelism()}
     * at once, canaries first (see {@link TenantOptions}); {@code options} applies to each. A tenant that fails is a
     * row of the result, not an exception: {@link TenantMigrateResult#exitCode()} says how the whole went. A pattern
     * that matches no database is no error: the result has no tenant. Migrations handed over as objects
     * ({@link #withMigrations}) run for several tenants at once.
     */
    public TenantMigrateResult migrateTenants(String environment, MigrateOptions options, TenantOptions tenants) {
        Environment env = tenantEnvironment(environment);
        List<MigrationDefinition> definitions = migrations.get();
        return connected(env, c -> {
            List<String> chosen = chosenTenants(env, c, tenants.only());
            if (chosen.isEmpty()) {
                return new TenantMigrateResult(environment, List.of(), options.dryRun());
            }
            Migrator.forTenant(c, environment, chosen.get(0), settings.migrations(), definitions, log).check(options);
            List<TenantRun> runs = new TenantRollout(tenants, log).run(chosen, tenant -> Migrator.forTenant(c, environment,
                    tenant, settings.migrations(), definitions, line -> log.accept(tenant + ": " + line)).migrate(options));
            return new TenantMigrateResult(environment, runs, options.dryRun());
        });
    }

    /** {@link #listMigrations} of each tenant of a tenant environment ({@code only} some; empty: all), in order. */
    public List<TenantStatus> listTenantMigrations(String environment, List<String> only) {
        Environment env = tenantEnvironment(environment);
        List<MigrationDefinition> definitions = migrations.get();
        return connected(env, c -> chosenTenants(env, c, only).stream().map(tenant -> new TenantStatus(tenant,
                Migrator.forTenant(c, environment, tenant, settings.migrations(), definitions, log).status())).toList());
    }

    /**
     * {@link #validate} of each tenant of a tenant environment ({@code only} some; empty: all), in order;
     * {@link TenantValidation#worst} is what {@code monarch validate} exits with.
     */
    public List<TenantValidation> validateTenants(String environment, List<String> only) {
        Environment env = tenantEnvironment(environment);
        List<MigrationDefinition> definitions = migrations.get();
        return connected(env, c -> chosenTenants(env, c, only).stream().map(tenant -> new TenantValidation(tenant,
                Migrator.forTenant(c, environment, tenant, settings.migrations(), definitions, log).validate())).toList());
    }

    /** A tenant environment, or a usage error saying that the command is for one. */
    private Environment tenantEnvironment(String environment) {
        Environment env = settings.environment(environment);
        if (!env.tenant()) {
            throw MonarchException.usage(environment + " has one database (" + env.database() + "); tenants are for an "
                    + "environment with databases: [..] or databases: {pattern: ..} in settings");
        }
        return env;
    }

    /**
     * The tenants a command goes through: all of them now, or those named (each listed, or matching the pattern and on
     * the server: a typo never creates a database), in the order named.
     */
    private List<String> chosenTenants(Environment env, MongoConnection connection, List<String> only) {
        TenantDatabases tenants = env.tenants();
        List<String> all = tenants.isPattern() ? tenants.among(serverDatabases(connection)) : tenants.listed();
        if (only.isEmpty()) {
            return all;
        }
        for (String tenant : only) {
            if (!all.contains(tenant)) {
                throw MonarchException.usage("'" + tenant + "' is not a tenant of " + env.name() + ": "
                        + (tenants.isPattern() && tenants.includes(tenant) ? "it matches " + tenants.describe() + " but the server has no such database"
                        : tenants.isPattern() ? "it does not match " + tenants.describe() : "settings list " + tenants.describe())
                        + (tenants.isPattern() ? "; its tenants now: " + (all.isEmpty() ? "none" : String.join(", ", all)) : ""));
            }
        }
        return List.copyOf(new LinkedHashSet<>(only));
    }

    private static List<String> serverDatabases(MongoConnection connection) {
        return connection.client().listDatabaseNames().into(new ArrayList<>());
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
        return rollback(environment, to == null ? RollbackOptions.NEWEST : RollbackOptions.after(to));
    }

    /** Rolls back applied migrations, newest first: the newest, those after one, the newest N, or all. */
    public List<MigrationRun> rollback(String environment, RollbackOptions options) {
        return withMigrator(environment, m -> m.rollback(options));
    }

    /**
     * Compares the migrations with the environment's tracking and changes nothing: {@link ValidateResult#exitCode()}
     * is what {@code monarch validate} exits with (0 up to date, 4 pending, 3 drift, failed or missing).
     */
    public ValidateResult validate(String environment) {
        return withMigrator(environment, Migrator::validate);
    }

    /**
     * Records every migration up to and including {@code to} as BASELINE without running it, for a database that
     * predates monarch; refused (exit 3) if the environment tracks any migration already.
     */
    public List<MigrationRun> baseline(String environment, String to) {
        return withMigrator(environment, m -> m.baseline(to));
    }

    /**
     * Mends the environment's migration history, as Flyway's repair does: each migration whose source file is gone
     * (MISSING) is recorded DELETED, kept in the history and no longer a problem for {@link #validate}; each FAILED one
     * is cleared, so that {@link #migrate} runs it as a pending one. Under the environment's lock. A
     * {@code protected: true} environment is refused (exit 3) unless the options force it and name it.
     */
    public RepairResult repair(String environment, RepairOptions options) {
        Environment env = oneDatabase(environment);
        checkProtected(env, options.force(), options.confirm(), "changing its migration history");
        return withMigrator(env, migrations.get(), Migrator::repair);
    }

    /** {@link #repair(String, RepairOptions)} of an environment that is not protected. */
    public RepairResult repair(String environment) {
        return repair(environment, RepairOptions.DEFAULT);
    }

    /** Clears the environment's migration lock, whoever holds it. Returns whether there was one. */
    public boolean unlock(String environment) {
        return withMigrator(environment, List.of(), Migrator::unlock);
    }

    /**
     * Who holds the environment's lock, which restores and copies into it are running, and what dead ones left:
     * their staging collections are dropped (but a resumable one's, kept for {@code --resume}) and a swap one was
     * killed in is finished.
     */
    public EnvironmentStatus status(String environment) {
        Environment env = oneDatabase(environment);
        return onDatabase(env, false, connection -> {
            MigrationSettings m = settings.migrations();
            Leftovers.Report report = new Leftovers(connection.database(), connection.database().getCollection(m.lockCollection()),
                    untouchable(), m.lockTtl()).clean(warnings);
            List<String> cleaned = new ArrayList<>(report.cleaned());
            EnvironmentLock.clearExpired(connection.database(), m.lockCollection(), m.lockId(), env.label()).ifPresent(cleaned::add);
            return new EnvironmentStatus(environment, EnvironmentLock.holder(connection.database(), m.lockCollection(),
                    m.lockId(), env.label()).orElse(null), report.running(), report.resumable(), cleaned);
        });
    }

    /**
     * What would bring the environment to the schema files of {@code migrations/schema/} (DESIGN §8); reads only.
     * Drops are planned only with {@code prune}; otherwise what the files do not declare is listed apart.
     */
    public SchemaPlanReport plan(String environment, boolean prune) {
        Environment env = oneDatabase(environment);
        DatabaseSchema declared = Schema.read(schemaDirectory());
        return onDatabase(env, false, connection -> {
            SchemaPlan plan = Schema.plan(connection.database(), declared, untouchable(), prune);
            return new SchemaPlanReport(environment, plan.database(), plan.hasChanges(), plan.render(),
                    plan.toDocument().toJson(JsonWriterSettings.builder().outputMode(JsonMode.RELAXED).build()), plan.notes());
        });
    }

    /**
     * Writes the migration that applies the plan to {@code environment} (its rollback undoes it), as
     * {@code migrations/M<UTC timestamp>_<Name>.java}: schema changes stay reviewed, tracked migrations.
     */
    public Path generateFromSchema(String name, String environment, boolean prune) {
        Environment env = oneDatabase(environment);
        DatabaseSchema declared = Schema.read(schemaDirectory());
        return onDatabase(env, false, connection -> Schema.generate(
                Schema.plan(connection.database(), declared, untouchable(), prune), settings.migrations().directory(),
                templates(), name, Instant.now()));
    }

    /** Writes the schema files from an existing environment (one collection, or all when null): a database adopted. */
    public SchemaPullReport pullSchema(String environment, String collection) {
        return withConnection(environment, connection -> {
            PullResult pulled = Schema.pull(connection.database(), schemaDirectory(), untouchable(), Optional.ofNullable(collection));
            return new SchemaPullReport(pulled.files(), pulled.notes());
        });
    }

    private Path schemaDirectory() {
        return settings.migrations().directory().resolve("schema");
    }


    /**
     * Writes a new migration, {@code migrations/M<UTC timestamp>_<Name>.java}, and returns its path. Its timestamp is
     * now, or a second past the newest migration's if that is not earlier, so names stay unique and in order.
     */
    public Path generateMigration(String name) {
        return MigrationGenerator.generate(settings.migrations().directory(), templates(), name, Instant.now());
    }

    /** Writes a new repeatable migration, {@code migrations/R_<Name>.java}, and returns its path. */
    public Path generateRepeatableMigration(String name) {
        return MigrationGenerator.generateRepeatable(settings.migrations().directory(), templates(), name, Instant.now());
    }

    /** Writes a new QuerySet, {@code migrations/querysets/<Name>.java}, and returns its path. */
    public Path generateQuerySet(String name) {
        return QuerySetGenerator.generate(querySetsDirectory(), templates(), name);
    }

    /**
     * Starts an embedded environment's server on 127.0.0.1:{@code port} (0: any free port) for other programs,
     * until closed.
     */
    public ServedEnvironment serve(String environment, int port) {
        Environment env = settings.environment(environment);
        if (!env.embedded()) {
            throw MonarchException.usage(environment + " is not embedded (its uri is " + env.displayUri()
                    + "); serve runs only embedded: environments");
        }
        return EmbeddedServer.serve(EmbeddedUri.dataDirectory(env.uri(), settings.projectDir()), port);
    }

    /**
     * Backs an environment's database up into a store: one mongodump archive, then its manifest. Returns the
     * manifest. Nothing is kept if it fails part way.
     */
    public BackupManifest backup(String environment, BackupOptions options, Progress progress) {
        BackupName.checkLabel(options.label());
        QuerySet querySet = options.querySet() == null ? null : querySets().load(options.querySet());
        Compression compression = options.compression() != null ? options.compression() : defaultCompression(options.store());
        BackupKeys keys = keys();
        BackupKey key = keys.forNewBackups().orElse(null);
        ManifestKey manifestKey = keys.forNewManifests().orElse(null);
        try (BackupStore store = BackupStores.open(settings.backups(), options.store(), warnings)) {
            return withConnection(environment, connection -> {
                List<CollectionIntent> intents = DumpPlanner.plan(connection.database(), Leftovers.ownCollections(connection.database(), settings.migrations().lockCollection()));
                QueryPlan plan = querySet == null ? null : QueryPlan.evaluate(querySet, connection.database(), options.prompter());
                if (plan != null) {
                    intents = withHistory(plan.apply(intents), intents);
                }
                String label = plan != null ? plan.name() : options.label();
                BackupName name = BackupName.of(environment, connection.database().getName(), Instant.now(), label);
                return new BackupService(connection, store, progress, warnings).backup(new BackupService.Request(name, intents,
                        compression, options.parallelism(), plan == null ? null : plan.name(),
                        plan == null ? List.of() : plan.maskedFields(), plan == null ? null : plan.shaper(MaskKeys.forRun()),
                        MigrationHistory.recorded(connection.database(), settings.migrations().collection()), key,
                        manifestKey, options.segmentBytes()));
            });
        }
    }

    /**
     * Copies one environment's database into another (whole, or what a QuerySet picks), streaming from the
     * source's cursors into the target's staging collections; the target changes only once all is loaded.
     */
    public LoadResult copyDb(String from, String to, CopyOptions options, Progress progress) {
        return copy(oneDatabase(from), oneDatabase(to), options, progress);
    }

    /**
     * Copies as {@link #copyDb(String, String, CopyOptions, Progress)} does, choosing each side's database among an
     * environment's many by {@code tenants}; a tenant environment copied onto itself copies one tenant onto another.
     */
    public LoadResult copyDb(String from, String to, CopyTenants tenants, CopyOptions options, Progress progress) {
        CopySides sides = copySides(from, to, tenants);
        if (sides.withinOne()) {
            return copyTenant(from, sides.fromDb(), sides.toDb(), options, progress);
        }
        Monarch both = sides.fromDb() == null ? sides.writer() : sides.writer().forTenant(from, sides.fromDb());
        return both.copyDb(from, to, options, progress);
    }

    /** The environment {@code copy_db} with these tenants writes into (its database is the tenant's): for a confirmation. */
    public EnvironmentInfo copyTarget(String from, String to, CopyTenants tenants) {
        return copySides(from, to, tenants).writer().environment(to);
    }

    /** Each side's tenant database (null: the environment has one) and the library bound to the target's. */
    private record CopySides(String fromDb, String toDb, Monarch writer, boolean withinOne) {
    }

    private CopySides copySides(String from, String to, CopyTenants tenants) {
        boolean fromMany = environment(from).tenants();
        boolean toMany = environment(to).tenants();
        if (tenants.tenant() != null && !fromMany && !toMany) {
            throw MonarchException.usage("--tenant is for an environment of many databases; neither " + from + " nor " + to + " has them");
        }
        String fromDb = tenants.fromTenant() != null ? tenants.fromTenant() : fromMany ? tenants.tenant() : null;
        String toDb = tenants.toTenant() != null ? tenants.toTenant() : toMany ? tenants.tenant() : null;
        boolean withinOne = from.equals(to) && fromMany;
        if (withinOne && (fromDb == null || toDb == null)) {
            throw MonarchException.usage("copy_db " + from + ":" + to + " copies one of its tenants onto another: "
                    + "name them with --from-tenant <db> --to-tenant <db>");
        }
        return new CopySides(fromDb, toDb, toDb == null ? this : forTenant(to, toDb), withinOne);
    }

    /** Copies one tenant database of a tenant environment onto another of it, as {@link #copyDb} copies environments. */
    public LoadResult copyTenant(String environment, String fromTenant, String toTenant, CopyOptions options, Progress progress) {
        Monarch from = forTenant(environment, fromTenant);
        Monarch to = forTenant(environment, toTenant);
        return copy(from.settings.environment(environment), to.settings.environment(environment), options, progress);
    }

    private LoadResult copy(Environment source, Environment target, CopyOptions options, Progress progress) {
        if (sameDatabase(source, target)) {
            throw MonarchException.usage("copy_db " + source.name() + ":" + target.name() + " would copy " + source.database()
                    + " onto itself; name two different environments or databases");
        }
        checkTarget(target, options.target());
        QuerySet querySet = options.querySet() == null ? null : querySets().load(options.querySet());
        LoadResult copied = connected(source, target, (sourceConnection, targetConnection) -> {
            requireTenantOnServer(source, sourceConnection); // the target's is created, as a restore's
            List<CollectionIntent> intents = DumpPlanner.plan(sourceConnection.database(), Leftovers.ownCollections(sourceConnection.database(), settings.migrations().lockCollection()));
            QueryPlan plan = querySet == null ? null : QueryPlan.evaluate(querySet, sourceConnection.database(), options.prompter());
            if (plan != null) {
                intents = withHistory(plan.apply(intents), intents);
            }
            return new CopyService(sourceConnection, targetConnection, settings.migrations(), options.target(),
                    options.segmentBytes(), progress, warnings).copy(intents, plan == null ? null : plan.shaper(MaskKeys.forRun()),
                    plan == null);
        });
        return copied.withNotes(standing(target));
    }

    /** The QuerySets of migrations/querysets, compiled like migrations. */
    public List<QuerySet> listQuerySets() {
        return querySets().all();
    }

    /** The names of the QuerySets of migrations/querysets, from their file names: nothing is compiled. */
    public List<String> querySetNames() {
        return querySets().names();
    }

    private QuerySets querySets() {
        return new QuerySets(querySetsDirectory(), userCode(settings));
    }

    private Path querySetsDirectory() {
        return settings.migrations().directory().resolve("querysets");
    }

    private Path templates() {
        return settings.projectDir().resolve("templates");
    }

    private boolean sameDatabase(Environment a, Environment b) {
        if (!a.database().equals(b.database())) {
            return false;
        }
        if (a.embedded() && b.embedded()) {
            // every embedded:memory environment of a process is the one in-memory server
            return EmbeddedUri.dataDirectory(a.uri(), settings.projectDir())
                    .equals(EmbeddedUri.dataDirectory(b.uri(), settings.projectDir()));
        }
        return a.uri().equals(b.uri());
    }

    /** The finished backups, newest last; {@code environment} null for all. */
    public List<BackupEntry> listBackups(String environment, StoreScope scope) {
        try (BackupStores stores = BackupStores.open(settings.backups(), scope, warnings)) {
            return finishedBackups(stores, environment);
        }
    }

    /** The finished backups as {@link #listBackups} gives them, and what unfinished ones left, from one opening of the stores. */
    public BackupListing backupListing(String environment, StoreScope scope) {
        try (BackupStores stores = BackupStores.open(settings.backups(), scope, warnings)) {
            List<String> unfinished = new ArrayList<>();
            stores.all().forEach(s -> s.unfinished().forEach(u -> unfinished.add(u.description())));
            BackupCatalog.Listing listing = new BackupCatalog(stores.all()).listing();
            return new BackupListing(ofEnvironment(listing.backups(), environment), unfinished, listing.damaged());
        }
    }

    private List<BackupEntry> finishedBackups(BackupStores stores, String environment) {
        return ofEnvironment(new BackupCatalog(stores.all()).list(), environment);
    }

    /** The backups of an environment (null: all); one neither in settings nor in any backup is a usage error, a typo. */
    private List<BackupEntry> ofEnvironment(List<BackupEntry> backups, String environment) {
        List<BackupEntry> chosen = backups.stream().filter(e -> environment == null || e.manifest().environment().equals(environment)).toList();
        if (environment != null && chosen.isEmpty() && !settings.environments().containsKey(environment)) {
            // an environment since removed from settings still names its backups; a name nothing knows is a mistake
            throw MonarchException.usage("no environment named '" + environment + "', and no backup of one; the environments are: "
                    + String.join(", ", settings.environments().keySet()) + " (without --env: the backups of all of them)");
        }
        return chosen;
    }

    /**
     * Applies a retention policy to the finished backups — the options' rules over {@code backups.retention} in
     * settings — series by series (see {@link RetentionPolicy}): never the newest of a series; each removed backup's
     * manifest goes before its archive. Also removes what killed backups left over a day ago (partial files,
     * incomplete S3 uploads, archives without manifest). A policy that keeps nothing is a usage error. A deletion
     * that fails is a problem in the result, not an exception: the others still happen.
     */
    public PruneResult prune(PruneOptions options) {
        RetentionPolicy policy = options.policy().over(settings.backups().retention());
        if (!policy.keepsAnything()) {
            throw MonarchException.usage("no retention policy" + (policy.equals(RetentionPolicy.NONE) ? "" : " (every rule is 0)")
                    + ": say what to keep with --keep-last N, --keep-daily D, --keep-weekly W or --keep-monthly M, or in "
                    + settings.file() + ":\n  backups:\n    retention: {keep_daily: 7, keep_weekly: 4}\nNothing was deleted");
        }
        try (BackupStores stores = BackupStores.open(settings.backups(), options.store(), warnings)) {
            if (options.environment() != null && !settings.environments().containsKey(options.environment())) {
                finishedBackups(stores, options.environment()); // a name neither settings nor a backup knows: a usage error
            }
            return new PruneService(stores.all(), Clock.systemUTC(), warnings).prune(options.environment(), policy, options.dryRun());
        }
    }

    /**
     * Restores a backup (a name from list_backups, or a path to a mongodump archive, folder or .dmp.zip) into
     * an environment. The target changes only once every collection is loaded and checked. An encrypted backup
     * needs its key among {@code backups.encryption}'s: a missing or wrong key is a usage error before anything changes.
     * A manifest with a MAC is checked before the archive is read (see {@link DumpSources}).
     */
    public LoadResult restore(String backup, String environment, RestoreOptions options, Progress progress) {
        Environment target = oneDatabase(environment);
        checkTarget(target, options);
        try (BackupStores stores = BackupStores.open(settings.backups(), StoreScope.ALL, warnings)) {
            LoadResult restored = onDatabase(target, true, connection -> {
                DumpSource source = DumpSources.open(backup, new BackupCatalog(stores.all()), keys(), warnings);
                return new RestoreService(connection, settings.migrations(), options, progress, warnings).restore(source);
            });
            return restored.withNotes(standing(target));
        }
    }

    /**
     * Reads a backup (a name from list_backups, local or S3, or a path) end to end against its manifest — size,
     * SHA-256, every collection's count and CRC-64, and first its manifest's MAC — with no environment. A backup that does not check out is a
     * result with its problem, not an exception; one that does not exist is a usage error.
     */
    public VerifyResult verify(String backup) {
        try (BackupStores stores = BackupStores.open(settings.backups(), StoreScope.ALL, warnings)) {
            BackupKeys keys = keys();
            return BackupVerifier.verify(backup, () -> DumpSources.openChecked(backup, new BackupCatalog(stores.all()), keys, warnings));
        }
    }

    /** A partial backup or copy still carries the migration history: it says what schema its data has. */
    private List<CollectionIntent> withHistory(List<CollectionIntent> taken, List<CollectionIntent> all) {
        String tracking = settings.migrations().collection();
        if (taken.stream().anyMatch(i -> i.name().equals(tracking))) {
            return taken;
        }
        List<CollectionIntent> with = new ArrayList<>(taken);
        all.stream().filter(i -> i.name().equals(tracking)).forEach(with::add);
        return with;
    }

    /**
     * Where an environment stands after its data (and history) came from elsewhere: the newest migration its data
     * has, what of this project is pending, and what its history names that this project does not have. Empty
     * when the project has no migrations to compare with.
     */
    private List<String> standing(Environment target) {
        String who = target.tenant() ? target.database() : target.name();
        List<MigrationStatus> rows;
        try {
            rows = withMigrator(target, migrations.get(), Migrator::status);
        } catch (MonarchException e) {
            return List.of(); // no migrations folder, or sources that do not compile: nothing to say where it stands
        }
        if (rows.isEmpty()) {
            return List.of();
        }
        List<String> notes = new ArrayList<>();
        String last = rows.stream().filter(r -> r.state() == MigrationState.APPLIED).map(MigrationStatus::name)
                .max(String::compareTo).orElse(null);
        // what migrate would run: not what is done, gone from the sources, or recorded DELETED by repair
        Set<MigrationState> settled = Set.of(MigrationState.APPLIED, MigrationState.BASELINE, MigrationState.MISSING, MigrationState.DELETED);
        long pending = rows.stream().filter(r -> !settled.contains(r.state())).count();
        List<String> missing = rows.stream().filter(r -> r.state() == MigrationState.MISSING).map(MigrationStatus::name).toList();
        notes.add(who + "'s data is " + (last == null ? "at no migration of this project" : "at " + last) + "; "
                + (pending == 0 ? "no migration of this project is pending"
                : pending + " migration" + (pending == 1 ? " of this project is" : "s of this project are")
                + " pending — run 'monarch migrate " + target.label() + "'"));
        if (!missing.isEmpty()) {
            notes.add("warning: its history names migrations this project does not have: " + String.join(", ", missing)
                    + ". Either the data came from newer code (bring this project up to date), or their files were deleted "
                    + "(if on purpose, run 'monarch repair " + target.label() + "' to record them DELETED)");
        }
        return notes;
    }

    /** The backup keys of the settings: one for new backups, all of them for reading. */
    private BackupKeys keys() {
        return BackupKeys.of(settings.backups());
    }

    /** Opens a connection to an environment's database (a tenant's, in a {@link #forTenant} view); the caller closes it. */
    public EnvironmentConnection connect(String environment) {
        return open(oneDatabase(environment));
    }

    /** monarch's own collections in every environment, never restored over nor dropped. */
    private Set<String> untouchable() {
        return Set.of(settings.migrations().collection(), settings.migrations().lockCollection());
    }

    /** A protected environment is a restore or copy target only with --force and its name typed. */
    private static void checkTarget(Environment env, RestoreOptions options) {
        checkProtected(env, options.force(), options.confirm(), "writing into it");
    }

    /** A protected environment is changed ({@code doing}: "writing into it") only with --force and its name typed. */
    private static void checkProtected(Environment env, boolean force, String confirm, String doing) {
        if (!env.protectedTarget()) {
            return;
        }
        if (!force) {
            throw MonarchException.refused(env.name() + " is protected: " + doing + " needs --force, and typing its name "
                    + "when asked (with no terminal: --force --confirm " + env.name() + "). Nothing was changed.");
        }
        if (!env.name().equals(confirm)) {
            throw MonarchException.refused("the name typed (" + (confirm == null ? "none" : "'" + confirm + "'")
                    + ") is not '" + env.name() + "'; nothing was changed");
        }
    }

    private Compression defaultCompression(Store store) {
        return store == Store.S3 ? settings.backups().s3().map(S3Settings::compression).orElse(Compression.GZIP)
                : settings.backups().localCompression();
    }

    /** Connects to the environment's database; a tenant's connection names it as messages should: {@code tenants --tenant tenant_a}. */
    private MongoConnection open(Environment env) {
        return MongoConnection.open(env.label(), env.uri(), env.database(), settings.projectDir());
    }

    /**
     * The environment of a command on one database: a tenant environment needs a tenant named first ({@link #forTenant},
     * {@code --tenant}); without one it is a usage error that names its tenants.
     */
    private Environment oneDatabase(String environment) {
        Environment env = settings.environment(environment);
        if (env.tenant() && env.database() == null) {
            String tenants = env.tenants().describe();
            if (env.tenants().isPattern()) {
                List<String> now;
                try {
                    now = connected(env, c -> env.tenants().among(serverDatabases(c)));
                } catch (MonarchException unreachable) {
                    now = null;
                }
                tenants += now == null ? "" : now.isEmpty() ? ", which matches none of its server's databases now"
                        : ": " + String.join(", ", now);
            }
            throw MonarchException.usage(environment + " is an environment of many databases (" + tenants + "), and this "
                    + "command works on one: name it with --tenant <db> (in the library: forTenant(\"" + environment + "\", db))");
        }
        return env;
    }

    /** Runs work on a connection to the environment's database, closed after (see {@link #onDatabase}). */
    private <T> T withConnection(String environment, Function<MongoConnection, T> work) {
        return onDatabase(oneDatabase(environment), false, work);
    }

    /**
     * Runs work on a connection to {@code env}'s database. A tenant that only a pattern names must be on the server
     * unless the work {@code creates} it (a restore, a copy): a typo never creates a database.
     */
    private <T> T onDatabase(Environment env, boolean creates, Function<MongoConnection, T> work) {
        return connected(env, connection -> {
            if (!creates) {
                requireTenantOnServer(env, connection);
            }
            return work.apply(connection);
        });
    }

    /** A tenant that only a pattern names must be on the server. */
    private static void requireTenantOnServer(Environment env, MongoConnection connection) {
        if (env.tenant() && env.tenants().isPattern() && !serverDatabases(connection).contains(env.database())) {
            List<String> now = env.tenants().among(serverDatabases(connection));
            throw MonarchException.usage(env.database() + " matches " + env.name() + "'s " + env.tenants().describe()
                    + ", but its server has no such database; its tenants now: " + (now.isEmpty() ? "none" : String.join(", ", now))
                    + " (a restore or copy_db into it creates it)");
        }
    }

    /** Runs work on a connection to the environment, closed after; an unreachable server says which and what to check. */
    private <T> T connected(Environment env, Function<MongoConnection, T> work) {
        try (MongoConnection connection = open(env)) {
            long started = System.nanoTime();
            try {
                return work.apply(connection);
            } catch (MongoTimeoutException e) {
                throw unreachable(e, started, List.of(new Side(null, env, connection)));
            }
        }
    }

    /**
     * Runs work on connections to a copy's source and target, closed after. An unreachable server is named as the
     * source's or the target's: whichever the work was waiting for, not the one whose connection happens to be inner.
     */
    private <T> T connected(Environment source, Environment target, BiFunction<MongoConnection, MongoConnection, T> work) {
        try (MongoConnection from = open(source); MongoConnection to = open(target)) {
            long started = System.nanoTime();
            try {
                return work.apply(from, to);
            } catch (MongoTimeoutException e) {
                throw unreachable(e, started, List.of(new Side("the source", source, from), new Side("the target", target, to)));
            }
        }
    }

    /** One connection of a command, and how messages name its side ({@code the source}); null role: the command's only one. */
    private record Side(String role, Environment env, MongoConnection connection) {
        String named() {
            return (role == null ? env.label() : role + ", " + env.label() + ",") + " at " + String.join(", ", connection.hosts());
        }
    }

    /**
     * The driver gave up finding a server: which side's (the servers its message names, else the client that sees no
     * server), at which hosts, and for how long it really waited (that side's server selection timeout, or less when
     * the command had not been running that long).
     */
    private static MonarchException unreachable(MongoTimeoutException e, long started, List<Side> sides) {
        List<Side> failed = sides.size() == 1 ? sides : timedOut(e, sides);
        Duration timeout = failed.stream().map(s -> s.connection().serverSelectionTimeout()).max(Duration::compareTo).orElseThrow();
        Duration waited = Duration.ofNanos(System.nanoTime() - started);
        String which = failed.stream().map(Side::named).collect(Collectors.joining(" and of "));
        String whose = failed.size() == 1 && failed.get(0).role() == null ? "the environment's uri"
                : failed.stream().map(s -> s.env().name() + "'s uri").distinct().collect(Collectors.joining(" and "));
        return MonarchException.failed("cannot reach the MongoDB server" + (failed.size() > 1 ? "s" : "") + " of " + which
                + " (tried for " + seconds(waited.compareTo(timeout) < 0 ? waited : timeout) + lastCause(e.getMessage())
                + "); check " + whose + " and that the server is running and reachable from here "
                + "(a serverSelectionTimeoutMS=<ms> option in the uri waits longer)", e);
    }

    /** The sides a timeout is about: those whose hosts its message names; failing that, those whose client sees no server. */
    private static List<Side> timedOut(MongoTimeoutException e, List<Side> sides) {
        Set<String> tried = new LinkedHashSet<>();
        Matcher m = ADDRESS.matcher(String.valueOf(e.getMessage()));
        while (m.find()) {
            tried.add(m.group(1).toLowerCase(Locale.ROOT));
        }
        List<Side> named = sides.stream().filter(s -> s.connection().hosts().stream().map(Monarch::address).anyMatch(tried::contains)).toList();
        if (named.size() == 1) {
            return named;
        }
        List<Side> among = named.isEmpty() ? sides : named;
        List<Side> unseen = among.stream().filter(s -> s.connection().client().getClusterDescription().getServerDescriptions().stream()
                .noneMatch(d -> d.getState() == ServerConnectionState.CONNECTED)).toList();
        return unseen.isEmpty() ? among : unseen;
    }

    /** A uri's host as the driver names a server: host:port, the default port added. */
    private static String address(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        return h.matches(".*:\\d+") ? h : h + ":27017";
    }

    /** The innermost cause the driver's cluster description names ("java.net.ConnectException: Connection refused"). */
    private static String lastCause(String message) {
        Matcher m = CAUSE.matcher(String.valueOf(message));
        String last = null;
        while (m.find()) {
            last = m.group(1);
        }
        return last == null ? "" : ": " + last;
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : String.format("%.1f s", d.toMillis() / 1000.0);
    }

    private <T> T withMigrator(String environment, Function<Migrator, T> work) {
        Environment env = oneDatabase(environment);
        return withMigrator(env, migrations.get(), work);
    }

    private <T> T withMigrator(String environment, List<MigrationDefinition> definitions, Function<Migrator, T> work) {
        return withMigrator(oneDatabase(environment), definitions, work);
    }

    /** A Migrator of the environment's database, or of the tenant a forTenant view names. */
    private <T> T withMigrator(Environment env, List<MigrationDefinition> definitions, Function<Migrator, T> work) {
        return onDatabase(env, false, c -> work.apply(env.tenant()
                ? Migrator.forTenant(c, env.name(), env.database(), settings.migrations(), definitions, log)
                : new Migrator(c, settings.migrations(), definitions, log)));
    }

    private static UserCode userCode(Settings settings) {
        return new UserCode(settings.projectDir().resolve(".monarch").resolve("classes"), settings.migrations().classpath());
    }
}
