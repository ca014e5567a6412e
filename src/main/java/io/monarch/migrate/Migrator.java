package io.monarch.migrate;

import io.monarch.lock.EnvironmentLock;
import io.monarch.lock.RunBy;
import com.mongodb.client.ClientSession;
import com.mongodb.client.MongoDatabase;
import io.monarch.api.ExitCode;
import io.monarch.api.MigrateOptions;
import io.monarch.api.MigrateResult;
import io.monarch.api.Migration;
import io.monarch.api.MigrationContext;
import io.monarch.api.MigrationFailedException;
import io.monarch.api.MigrationRun;
import io.monarch.api.MigrationState;
import io.monarch.api.MigrationStatus;
import io.monarch.api.MonarchException;
import io.monarch.api.RepairResult;
import io.monarch.api.RollbackOptions;
import io.monarch.api.TransactionMode;
import io.monarch.api.ValidateResult;
import io.monarch.config.MigrationSettings;
import io.monarch.mongo.MongoConnection;
import io.monarch.mongo.Redaction;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Plans and applies migrations to one database: exactly once, in name order, under the lock. Versioned migrations
 * first, then the repeatable ones that are new or changed. One Migrator per database: a tenant environment makes one
 * for each of its databases, each with its own tracking and lock.
 */
public final class Migrator {
    /** Stored states that count as done: nothing to apply. */
    private static final Set<MigrationState> DONE = EnumSet.of(MigrationState.APPLIED, MigrationState.BASELINE);

    private final MongoConnection connection;
    private final MongoDatabase database;
    /** The environment's name, as results and migrations see it. */
    private final String environment;
    /** How messages name where it works: the environment, or {@code tenants --tenant tenant_a}. */
    private final String label;
    private final MigrationSettings settings;
    private final List<MigrationDefinition> versioned;
    private final List<MigrationDefinition> repeatable;
    private final Consumer<String> out;
    private final RunBy runBy = RunBy.current();
    private final MigrationHistory history;
    private Boolean transactions;

    /** The environment's own database. */
    public Migrator(MongoConnection connection, MigrationSettings settings, List<MigrationDefinition> migrations,
                    Consumer<String> out) {
        this(connection, connection.environment(), connection.environment(), connection.database(), settings, migrations, out);
    }

    /** {@code tenant}, a database of tenant environment {@code environment}, on the connection's server: its own tracking and lock. */
    public static Migrator forTenant(MongoConnection connection, String environment, String tenant, MigrationSettings settings,
                                     List<MigrationDefinition> migrations, Consumer<String> out) {
        return new Migrator(connection, environment, environment + " --tenant " + tenant, connection.database(tenant),
                settings, migrations, out);
    }

    private Migrator(MongoConnection connection, String environment, String label, MongoDatabase database,
                     MigrationSettings settings, List<MigrationDefinition> migrations, Consumer<String> out) {
        this.connection = connection;
        this.environment = environment;
        this.label = label;
        this.database = database;
        this.settings = settings;
        List<MigrationDefinition> sorted = migrations.stream().sorted(Comparator.comparing(MigrationDefinition::name)).toList();
        this.versioned = sorted.stream().filter(m -> !m.repeatable()).toList();
        this.repeatable = sorted.stream().filter(MigrationDefinition::repeatable).toList();
        this.out = out;
        this.history = new MigrationHistory(database, settings.collection(), settings.namespace(), runBy);
    }

    /** Refuses options that name no migration of the project (a usage error), before any database is read. */
    public void check(MigrateOptions options) {
        if (options.to() != null) {
            findVersioned(options.to(), "--to");
        }
    }

    /**
     * Every known or tracked migration with its state here, versioned ones then repeatable ones, each in name order;
     * tracked ones with no source are MISSING (DELETED once repair recorded that).
     */
    public List<MigrationStatus> status() {
        return status(history.all());
    }

    private List<MigrationStatus> status(Map<String, HistoryRecord> tracked) {
        List<MigrationStatus> rows = new ArrayList<>();
        Stream.concat(versioned.stream(), repeatable.stream()).forEach(m -> rows.add(row(m, tracked.get(m.name()))));
        Set<String> known = Stream.concat(versioned.stream(), repeatable.stream()).map(MigrationDefinition::name)
                .collect(Collectors.toSet());
        tracked.values().stream().filter(r -> !known.contains(r.name())).forEach(r -> {
            MigrationState state = r.state() == MigrationState.DELETED ? MigrationState.DELETED : MigrationState.MISSING;
            rows.add(new MigrationStatus(r.name(), state, appliedAt(r, state), rolledBackAt(r), r.took(), r.checksum(), false,
                    r.error(), r.repeatable()));
        });
        rows.sort(Comparator.comparing(MigrationStatus::repeatable).thenComparing(MigrationStatus::name));
        return rows;
    }

    private static MigrationStatus row(MigrationDefinition m, HistoryRecord r) {
        if (r == null) {
            return new MigrationStatus(m.name(), MigrationState.PENDING, null, null, null, m.checksum(), false, null, m.repeatable());
        }
        boolean changed = r.state() == MigrationState.APPLIED && m.checksum() != null && r.checksum() != null
                && !m.checksum().equals(r.checksum());
        MigrationState state = changed && m.repeatable() ? MigrationState.OUTDATED : r.state();
        return new MigrationStatus(m.name(), state, appliedAt(r, state), rolledBackAt(r), r.took(), m.checksum(),
                changed && !m.repeatable(), r.error(), m.repeatable());
    }

    private static java.time.Instant appliedAt(HistoryRecord r, MigrationState state) {
        return state == MigrationState.APPLIED || state == MigrationState.OUTDATED || state == MigrationState.BASELINE
                || (state == MigrationState.MISSING && DONE.contains(r.state()))
                || (state == MigrationState.DELETED && DONE.contains(r.deletedFrom())) ? r.finishedAt() : null;
    }

    private static java.time.Instant rolledBackAt(HistoryRecord r) {
        return r.state() == MigrationState.ROLLED_BACK ? r.finishedAt() : null;
    }

    public MigrateResult migrate(MigrateOptions options) {
        String env = environment;
        check(options);
        if (options.dryRun()) {
            List<MigrationRun> wouldRun = plan(status(), options, true).stream()
                    .map(m -> new MigrationRun(m.name(), MigrationState.PENDING, null, null)).toList();
            return new MigrateResult(env, wouldRun, true);
        }
        history.ensureIndex();
        List<MigrationStatus> before = status();
        List<MigrationDefinition> planned = plan(before, options, false);
        if (planned.isEmpty()) {
            plan(before, options, true); // nothing to run, no second plan under the lock: say what is missing here
            return new MigrateResult(env, List.of(), false);
        }
        refuseWhereNoTransactions(planned);
        try (EnvironmentLock lock = lock()) {
            // Another process may have applied some while we waited for the lock: plan again under it.
            Map<String, HistoryRecord> tracked = history.all();
            List<MigrationStatus> current = status(tracked);
            acceptChanged(current, options);
            List<MigrationRun> ran = new ArrayList<>();
            for (MigrationDefinition m : plan(current, options, true)) {
                lock.checkHeld();
                HistoryRecord seen = tracked.get(m.name());
                if (seen != null && seen.state() == MigrationState.RUNNING) {
                    out.accept("note: " + m.name() + " was left RUNNING by a run that did not finish (its lock expired); running it again");
                }
                MigrationRun run = apply(m, seen == null ? null : seen.state(), false);
                ran.add(run);
                if (run.state() == MigrationState.FAILED) {
                    throw new MigrationFailedException(new MigrateResult(env, ran, false), m.name(), run.error());
                }
            }
            return new MigrateResult(env, ran, false);
        }
    }

    /** Runs one migration whatever its state. */
    public MigrationRun migrateOne(String name) {
        MigrationDefinition m = find(name);
        history.ensureIndex();
        refuseWhereNoTransactions(List.of(m));
        try (EnvironmentLock lock = lock()) {
            HistoryRecord seen = history.all().get(name);
            MigrationRun run = apply(m, seen == null ? null : seen.state(), false);
            if (run.state() == MigrationState.FAILED) {
                throw new MonarchException(ExitCode.FAILED, name + " failed: " + run.error());
            }
            return run;
        }
    }

    /**
     * Rolls back applied versioned migrations, newest first (see {@link RollbackOptions}). Refuses before anything
     * runs if one has no rollback(), was recorded by baseline, has lost its source, or (unless accepted) has changed
     * since it was applied.
     */
    public List<MigrationRun> rollback(RollbackOptions options) {
        if (options.to() != null) {
            findVersioned(options.to(), "--to");
        }
        history.ensureIndex();
        try (EnvironmentLock lock = lock()) {
            Map<String, HistoryRecord> tracked = history.all();
            List<HistoryRecord> done = tracked.values().stream()
                    .filter(r -> !r.repeatable() && DONE.contains(r.state()))
                    .sorted(Comparator.comparing(HistoryRecord::name).reversed()).toList();
            List<HistoryRecord> targets;
            if (options.to() != null) {
                targets = done.stream().filter(r -> r.name().compareTo(options.to()) > 0).toList();
            } else if (options.all()) {
                targets = done.stream().filter(r -> r.state() == MigrationState.APPLIED).toList();
            } else {
                targets = done.stream().limit(Math.max(1, options.count())).toList();
            }
            refuseRollback(targets, status(tracked), options);
            List<MigrationDefinition> definitions = targets.stream().map(r -> find(r.name())).toList();
            refuseWhereNoTransactions(definitions);
            List<MigrationRun> ran = new ArrayList<>();
            for (MigrationDefinition d : definitions) {
                lock.checkHeld();
                MigrationRun run = apply(d, MigrationState.APPLIED, true);
                ran.add(run);
                if (run.state() == MigrationState.FAILED) {
                    throw new MonarchException(ExitCode.FAILED, "rollback of " + d.name() + " failed: " + run.error()
                            + "\nIt is recorded FAILED; the ones before it were rolled back.");
                }
            }
            return ran;
        }
    }

    private void refuseRollback(List<HistoryRecord> targets, List<MigrationStatus> statuses, RollbackOptions options) {
        Set<String> names = targets.stream().map(HistoryRecord::name).collect(Collectors.toSet());
        List<String> baseline = targets.stream().filter(r -> r.state() == MigrationState.BASELINE).map(HistoryRecord::name).toList();
        if (!baseline.isEmpty()) {
            throw MonarchException.refused("cannot roll back " + String.join(", ", baseline) + ": recorded by baseline, "
                    + "never run here, so there is no run to undo; nothing was rolled back");
        }
        List<String> gone = statuses.stream().filter(s -> names.contains(s.name()) && s.state() == MigrationState.MISSING)
                .map(MigrationStatus::name).toList();
        if (!gone.isEmpty()) {
            throw MonarchException.refused("cannot roll back " + String.join(", ", gone) + ": its source file is gone, "
                    + "so there is no rollback() to run; nothing was rolled back");
        }
        List<String> without = targets.stream().map(r -> find(r.name())).filter(d -> !d.hasRollback())
                .map(MigrationDefinition::name).toList();
        if (!without.isEmpty()) {
            throw MonarchException.refused("cannot roll back: " + String.join(", ", without)
                    + " has no rollback(); nothing was rolled back");
        }
        List<String> changed = statuses.stream().filter(s -> names.contains(s.name()) && s.drift()).map(MigrationStatus::name).toList();
        if (!changed.isEmpty() && !options.acceptChanged()) {
            throw MonarchException.refused(String.join(", ", changed) + " changed since it was applied, so its rollback() "
                    + "may not undo what its run() did then. Check it, and run rollback --accept-changed to roll back with "
                    + "the source as it is now; nothing was rolled back");
        }
    }

    /**
     * Records every versioned migration up to and including {@code to} as BASELINE, running none: for a database
     * that existed before monarch. Refused if anything is tracked here already.
     */
    public List<MigrationRun> baseline(String to) {
        findVersioned(to, "--to");
        history.ensureIndex();
        try (EnvironmentLock lock = lock()) {
            Map<String, HistoryRecord> tracked = history.all();
            if (!tracked.isEmpty()) {
                throw MonarchException.refused(where() + " already tracks " + tracked.size() + " migration"
                        + (tracked.size() == 1 ? "" : "s") + " (" + tracked.keySet().iterator().next() + (tracked.size() > 1 ? ", …" : "")
                        + "); baseline is for a database monarch has never migrated. 'monarch list_migrations "
                        + label + "' shows where it stands");
            }
            List<MigrationRun> recorded = new ArrayList<>();
            for (MigrationDefinition m : versioned) {
                if (m.name().compareTo(to) <= 0) {
                    lock.checkHeld();
                    history.baseline(m.name(), m.checksum());
                    recorded.add(new MigrationRun(m.name(), MigrationState.BASELINE, null, null));
                }
            }
            return recorded;
        }
    }

    /**
     * Compares the sources with the tracking, changing nothing. A DELETED migration is no problem while its source stays
     * gone; one whose source is back is (migrate skips it).
     */
    public ValidateResult validate() {
        List<MigrationStatus> rows = status();
        Set<MigrationState> pending = EnumSet.of(MigrationState.PENDING, MigrationState.ROLLED_BACK, MigrationState.OUTDATED,
                MigrationState.RUNNING);
        Set<MigrationState> broken = EnumSet.of(MigrationState.FAILED, MigrationState.MISSING);
        Set<String> known = Stream.concat(versioned.stream(), repeatable.stream()).map(MigrationDefinition::name).collect(Collectors.toSet());
        return new ValidateResult(environment,
                rows.stream().filter(s -> pending.contains(s.state()) && !s.drift()).toList(),
                rows.stream().filter(s -> s.drift() || broken.contains(s.state())
                        || s.state() == MigrationState.DELETED && known.contains(s.name())).toList());
    }

    /**
     * Mends the tracking as Flyway's repair does, under the lock: each MISSING migration (source gone) is recorded
     * DELETED, kept in the history; each FAILED one is cleared, so that migrate runs it as a pending one.
     */
    public RepairResult repair() {
        history.ensureIndex();
        try (EnvironmentLock lock = lock()) {
            Map<String, HistoryRecord> tracked = history.all();
            List<MigrationStatus> deleted = new ArrayList<>();
            List<MigrationStatus> cleared = new ArrayList<>();
            for (MigrationStatus s : status(tracked)) {
                lock.checkHeld();
                if (s.state() == MigrationState.MISSING && history.markDeleted(s.name(), tracked.get(s.name()).state())) {
                    deleted.add(s);
                } else if (s.state() == MigrationState.FAILED && history.clearFailed(s.name())) {
                    cleared.add(s);
                }
            }
            return new RepairResult(environment, deleted, cleared);
        }
    }

    public boolean unlock() {
        return EnvironmentLock.forceUnlock(database, settings.lockCollection(), settings.lockId());
    }

    private EnvironmentLock lock() {
        return new EnvironmentLock(database, settings.lockCollection(), settings.lockId(), runBy, settings.lockTtl(),
                label, "migrate").acquire(settings.lockWait());
    }

    /** The environment, and the namespace when there is one, for messages. */
    private String where() {
        return label + (settings.namespace() == null ? "" : " (namespace " + settings.namespace() + ")");
    }

    /**
     * What migrate runs: the pending versioned migrations (up to {@code to}, or the next {@code count}), then, once
     * none is left pending, the new, changed or failed repeatable ones. {@code tell}: say what is missing or waits
     * (once a run: the plan is made again under the lock).
     */
    private List<MigrationDefinition> plan(List<MigrationStatus> statuses, MigrateOptions options, boolean tell) {
        List<MigrationStatus> drifted = statuses.stream().filter(MigrationStatus::drift).toList();
        if (!drifted.isEmpty() && !options.acceptChanged()) {
            throw MonarchException.refused("these applied migrations have changed since they ran: "
                    + drifted.stream().map(MigrationStatus::name).collect(Collectors.joining(", "))
                    + ". Revert the changes (write a new migration instead), or run migrate --accept-changed to accept them");
        }
        statuses.stream().filter(s -> tell && s.state() == MigrationState.MISSING).forEach(s ->
                out.accept("warning: " + s.name() + " is recorded in " + where() + " but its source file is gone; if it was "
                        + "deleted on purpose, run monarch repair " + label));
        Map<String, MigrationState> states = statuses.stream().collect(Collectors.toMap(MigrationStatus::name, MigrationStatus::state));
        // a DELETED one whose source came back is not run: repair recorded that it went; migrate_one runs it
        List<MigrationDefinition> pending = versioned.stream()
                .filter(m -> !DONE.contains(states.get(m.name())) && states.get(m.name()) != MigrationState.DELETED).toList();
        List<MigrationDefinition> chosen = pending;
        if (options.to() != null) {
            chosen = pending.stream().filter(m -> m.name().compareTo(options.to()) <= 0).toList();
        } else if (options.count() > 0) {
            chosen = pending.stream().limit(options.count()).toList();
        }
        List<MigrationDefinition> repeats = repeatable.stream()
                .filter(m -> states.get(m.name()) != MigrationState.APPLIED && states.get(m.name()) != MigrationState.DELETED).toList();
        if (chosen.size() < pending.size()) {
            if (tell && !repeats.isEmpty()) {
                out.accept("note: " + repeats.stream().map(MigrationDefinition::name).collect(Collectors.joining(", "))
                        + " will run once no versioned migration is left pending");
            }
            return chosen;
        }
        return Stream.concat(chosen.stream(), repeats.stream()).toList();
    }

    private void acceptChanged(List<MigrationStatus> statuses, MigrateOptions options) {
        if (options.acceptChanged()) {
            statuses.stream().filter(MigrationStatus::drift).forEach(s -> {
                history.acceptChecksum(s.name(), s.checksum());
                out.accept("accepted the changed source of " + s.name());
            });
        }
    }

    private void refuseWhereNoTransactions(List<MigrationDefinition> planned) {
        List<String> always = planned.stream().filter(m -> m.transactionMode() == TransactionMode.ALWAYS)
                .map(MigrationDefinition::name).toList();
        if (!always.isEmpty() && !transactions()) {
            throw MonarchException.refused(String.join(", ", always) + " asks for a transaction, and "
                    + label + " cannot run one (transactions need a replica set or a sharded "
                    + "cluster; a standalone server and the embedded server have none). Nothing was run. "
                    + "A migration that can run either way says transactionMode() AUTO.");
        }
    }

    /** Whether the server runs transactions; asked once. */
    private boolean transactions() {
        if (transactions == null) {
            transactions = connection.supportsTransactions();
        }
        return transactions;
    }

    private MigrationDefinition find(String name) {
        return Stream.concat(versioned.stream(), repeatable.stream()).filter(m -> m.name().equals(name)).findFirst().orElseThrow(() ->
                MonarchException.usage("no migration named '" + name + "'; 'monarch list_migrations <env>' lists them"));
    }

    private MigrationDefinition findVersioned(String name, String option) {
        MigrationDefinition m = find(name);
        if (m.repeatable()) {
            throw MonarchException.usage(option + " takes a versioned migration (M<timestamp>_<Name>); " + name
                    + " is repeatable and runs after every versioned one");
        }
        return m;
    }

    private MigrationRun apply(MigrationDefinition definition, MigrationState seen, boolean rollback) {
        history.start(definition.name(), seen, definition.checksum(), definition.repeatable());
        out.accept((rollback ? "rolling back " : "applying ") + definition.name());
        boolean inTransaction = switch (definition.transactionMode()) {
            case NEVER -> false;
            case ALWAYS -> true;
            case AUTO -> transactions();
        };
        if (definition.transactionMode() == TransactionMode.AUTO && !inTransaction) {
            out.accept("note: " + definition.name() + " runs without a transaction: " + label
                    + " has none (transactions need a replica set or a sharded cluster)");
        }
        long started = System.nanoTime();
        String error = null;
        try {
            Migration migration = definition.factory().get();
            if (inTransaction) {
                try (ClientSession session = connection.client().startSession()) {
                    session.withTransaction(() -> {
                        invoke(migration, context(session, definition), rollback);
                        return null;
                    });
                }
            } else {
                invoke(migration, context(null, definition), rollback);
            }
        } catch (Exception | LinkageError e) {
            Throwable cause = e instanceof WrappedFailure w ? w.getCause() : e;
            error = Redaction.scrub(cause.toString());
        }
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        MigrationState state = error != null ? MigrationState.FAILED
                : rollback ? MigrationState.ROLLED_BACK : MigrationState.APPLIED;
        history.finish(definition.name(), state, took, error);
        return new MigrationRun(definition.name(), state, took, error);
    }

    private MigrationContext context(ClientSession session, MigrationDefinition definition) {
        return new MigrationContext(environment, connection.client(), database, session,
                line -> out.accept("  " + definition.name() + ": " + line));
    }

    private static void invoke(Migration migration, MigrationContext context, boolean rollback) {
        try {
            if (rollback) {
                migration.rollback(context);
            } else {
                migration.run(context);
            }
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new WrappedFailure(e);
        }
    }

    /** Carries a checked exception out of withTransaction's lambda. */
    private static final class WrappedFailure extends RuntimeException {
        WrappedFailure(Exception cause) {
            super(cause);
        }
    }
}
