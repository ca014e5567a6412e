package io.monarch.migrate;

import com.mongodb.client.ClientSession;
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
import io.monarch.config.MigrationSettings;
import io.monarch.mongo.MongoConnection;
import io.monarch.mongo.Redaction;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/** Plans and applies migrations to one environment: exactly once, in name order, under the lock. */
public final class Migrator {
    private final MongoConnection connection;
    private final MigrationSettings settings;
    private final List<MigrationDefinition> migrations;
    private final Consumer<String> out;
    private final RunBy runBy = RunBy.current();
    private final MigrationHistory history;

    public Migrator(MongoConnection connection, MigrationSettings settings, List<MigrationDefinition> migrations,
                    Consumer<String> out) {
        this.connection = connection;
        this.settings = settings;
        this.migrations = migrations.stream().sorted(Comparator.comparing(MigrationDefinition::name)).toList();
        this.out = out;
        this.history = new MigrationHistory(connection.database(), settings.collection(), runBy);
    }

    /** Every known or tracked migration with its state here, in order; tracked ones with no source are MISSING. */
    public List<MigrationStatus> status() {
        Map<String, HistoryRecord> tracked = history.all();
        List<MigrationStatus> rows = new ArrayList<>();
        for (MigrationDefinition m : migrations) {
            HistoryRecord r = tracked.get(m.name());
            if (r == null) {
                rows.add(new MigrationStatus(m.name(), MigrationState.PENDING, null, null, m.checksum(), false, null));
            } else {
                boolean drift = r.state() == MigrationState.APPLIED && m.checksum() != null && r.checksum() != null
                        && !m.checksum().equals(r.checksum());
                rows.add(new MigrationStatus(m.name(), r.state(), r.finishedAt(), r.took(), m.checksum(), drift, r.error()));
            }
        }
        Set<String> known = migrations.stream().map(MigrationDefinition::name).collect(Collectors.toSet());
        tracked.values().stream().filter(r -> !known.contains(r.name())).forEach(r ->
                rows.add(new MigrationStatus(r.name(), MigrationState.MISSING, r.finishedAt(), r.took(), r.checksum(), false, r.error())));
        rows.sort(Comparator.comparing(MigrationStatus::name));
        return rows;
    }

    public MigrateResult migrate(MigrateOptions options) {
        String env = connection.environment();
        if (options.dryRun()) {
            List<MigrationRun> wouldRun = plan(status(), options).stream()
                    .map(m -> new MigrationRun(m.name(), MigrationState.PENDING, null, null)).toList();
            return new MigrateResult(env, wouldRun, true);
        }
        history.ensureIndex();
        List<MigrationDefinition> planned = plan(status(), options);
        if (planned.isEmpty()) {
            return new MigrateResult(env, List.of(), false);
        }
        refuseTransactionalWhereUnsupported(planned);
        try (EnvironmentLock lock = lock()) {
            // Another process may have applied some while we waited for the lock: plan again under it.
            List<MigrationStatus> current = status();
            acceptChanged(current, options);
            Map<String, MigrationState> states = current.stream()
                    .collect(Collectors.toMap(MigrationStatus::name, MigrationStatus::state));
            List<MigrationRun> ran = new ArrayList<>();
            for (MigrationDefinition m : plan(current, options)) {
                lock.checkHeld();
                MigrationState seen = states.get(m.name()) == MigrationState.PENDING ? null : states.get(m.name());
                if (seen == MigrationState.RUNNING) {
                    out.accept("note: " + m.name() + " was left RUNNING by a run that did not finish (its lock expired); running it again");
                }
                MigrationRun run = apply(m, seen, false);
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
        refuseTransactionalWhereUnsupported(List.of(m));
        try (EnvironmentLock lock = lock()) {
            MigrationStatus now = status().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
            MigrationRun run = apply(m, now.state() == MigrationState.PENDING ? null : now.state(), false);
            if (run.state() == MigrationState.FAILED) {
                throw new MonarchException(ExitCode.FAILED, name + " failed: " + run.error());
            }
            return run;
        }
    }

    /**
     * Rolls back, newest first, every applied migration after {@code to} ({@code to} stays applied); with
     * {@code to} null, only the newest applied one. Refuses before anything runs if one has no rollback().
     */
    public List<MigrationRun> rollback(String to) {
        if (to != null) {
            find(to);
        }
        history.ensureIndex();
        try (EnvironmentLock lock = lock()) {
            List<MigrationStatus> applied = status().stream()
                    .filter(s -> s.state() == MigrationState.APPLIED)
                    .sorted(Comparator.comparing(MigrationStatus::name).reversed()).toList();
            List<MigrationStatus> targets = to == null ? applied.stream().limit(1).toList()
                    : applied.stream().filter(s -> s.name().compareTo(to) > 0).toList();
            List<MigrationDefinition> definitions = targets.stream().map(s -> find(s.name())).toList();
            List<String> without = definitions.stream().filter(d -> !d.hasRollback()).map(MigrationDefinition::name).toList();
            if (!without.isEmpty()) {
                throw MonarchException.refused("cannot roll back: " + String.join(", ", without)
                        + " has no rollback(); nothing was rolled back");
            }
            refuseTransactionalWhereUnsupported(definitions);
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

    public boolean unlock() {
        return EnvironmentLock.forceUnlock(connection.database(), settings.lockCollection());
    }

    private EnvironmentLock lock() {
        return new EnvironmentLock(connection.database(), settings.lockCollection(), runBy, settings.lockTtl(),
                connection.environment(), "migrate").acquire(settings.lockWait());
    }

    private List<MigrationDefinition> plan(List<MigrationStatus> statuses, MigrateOptions options) {
        List<MigrationStatus> drifted = statuses.stream().filter(MigrationStatus::drift).toList();
        if (!drifted.isEmpty() && !options.acceptChanged()) {
            throw MonarchException.refused("these applied migrations have changed since they ran: "
                    + drifted.stream().map(MigrationStatus::name).collect(Collectors.joining(", "))
                    + ". Revert the changes (write a new migration instead), or run migrate --accept-changed to accept them");
        }
        statuses.stream().filter(s -> s.state() == MigrationState.MISSING).forEach(s ->
                out.accept("warning: " + s.name() + " is recorded in " + connection.environment()
                        + " but its source file is gone"));
        Set<String> todo = statuses.stream().filter(s -> s.state() != MigrationState.APPLIED && s.state() != MigrationState.MISSING)
                .map(MigrationStatus::name).collect(Collectors.toSet());
        return migrations.stream().filter(m -> todo.contains(m.name())).toList();
    }

    private void acceptChanged(List<MigrationStatus> statuses, MigrateOptions options) {
        if (options.acceptChanged()) {
            statuses.stream().filter(MigrationStatus::drift).forEach(s -> {
                history.acceptChecksum(s.name(), s.checksum());
                out.accept("accepted the changed source of " + s.name());
            });
        }
    }

    private void refuseTransactionalWhereUnsupported(List<MigrationDefinition> planned) {
        List<String> transactional = planned.stream().filter(MigrationDefinition::transactional).map(MigrationDefinition::name).toList();
        if (!transactional.isEmpty() && !connection.supportsTransactions()) {
            throw MonarchException.refused(String.join(", ", transactional) + " asks for a transaction, and "
                    + connection.environment() + " cannot run one (transactions need a replica set or a sharded "
                    + "cluster; a standalone server and the embedded server have none). Nothing was run.");
        }
    }

    private MigrationDefinition find(String name) {
        return migrations.stream().filter(m -> m.name().equals(name)).findFirst().orElseThrow(() ->
                MonarchException.usage("no migration named '" + name + "'; 'monarch list_migrations <env>' lists them"));
    }

    private MigrationRun apply(MigrationDefinition definition, MigrationState seen, boolean rollback) {
        history.start(definition.name(), seen, definition.checksum());
        out.accept((rollback ? "rolling back " : "applying ") + definition.name());
        long started = System.nanoTime();
        String error = null;
        try {
            Migration migration = definition.factory().get();
            if (definition.transactional()) {
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
        return new MigrationContext(connection.environment(), connection.client(), connection.database(), session,
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
