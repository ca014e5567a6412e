package io.monarch.migrate;

import io.monarch.api.ExitCode;
import io.monarch.api.MigrateResult;
import io.monarch.api.MigrationFailedException;
import io.monarch.api.MonarchException;
import io.monarch.api.TenantOptions;
import io.monarch.api.TenantRun;
import io.monarch.api.TenantState;
import io.monarch.concurrent.Workers;
import io.monarch.mongo.Redaction;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Migrates the databases of a tenant environment: the canaries first, one at a time, then the others several at
 * once, only if every canary succeeded. A tenant that fails stops new ones from starting (those running finish),
 * unless keep-going. Each tenant's migrate is the caller's (its own tracking and lock); this class only decides
 * which start, and when, and records how each ended.
 */
public final class TenantRollout {
    private final TenantOptions options;
    private final Consumer<String> out;
    /** The first tenant that failed; from then on, without keep-going, no tenant starts. */
    private final AtomicReference<String> firstFailure = new AtomicReference<>();

    public TenantRollout(TenantOptions options, Consumer<String> out) {
        this.options = options;
        this.out = out;
    }

    /** Runs {@code migrate} for each tenant; returns how each ended, in the order given. */
    public List<TenantRun> run(List<String> tenants, Function<String, MigrateResult> migrate) {
        int canaries = Math.min(options.canary(), tenants.size());
        List<TenantRun> runs = new ArrayList<>();
        for (String tenant : tenants.subList(0, canaries)) {
            runs.add(startUnlessStopped(tenant, migrate));
        }
        List<String> rest = tenants.subList(canaries, tenants.size());
        List<String> failedCanaries = runs.stream().filter(r -> r.failed() && r.state() != TenantState.SKIPPED)
                .map(TenantRun::database).toList();
        if (!failedCanaries.isEmpty()) {
            String why = "not started: canary " + String.join(", ", failedCanaries) + " did not succeed";
            if (!rest.isEmpty()) {
                out.accept("canary " + String.join(", ", failedCanaries) + " did not succeed: the other "
                        + rest.size() + " tenant" + (rest.size() == 1 ? " is" : "s are") + " not started");
            }
            rest.forEach(t -> runs.add(skipped(t, why)));
            return runs;
        }
        if (rest.isEmpty()) {
            return runs;
        }
        if (canaries > 0) {
            out.accept("canar" + (canaries == 1 ? "y" : "ies") + " " + String.join(", ", tenants.subList(0, canaries))
                    + " succeeded; migrating the other " + rest.size() + ", up to " + options.parallelism() + " at a time");
        }
        runs.addAll(inParallel(rest, migrate));
        return runs;
    }

    private List<TenantRun> inParallel(List<String> tenants, Function<String, MigrateResult> migrate) {
        ExecutorService pool = Workers.fixed("tenant", Math.min(options.parallelism(), tenants.size()));
        try {
            // a fixed pool starts them in the order submitted, so "stops new tenants" follows the tenants' order
            List<Future<TenantRun>> started = tenants.stream().map(t -> pool.submit(() -> startUnlessStopped(t, migrate))).toList();
            List<TenantRun> runs = new ArrayList<>();
            for (Future<TenantRun> run : started) {
                runs.add(Workers.await(run));
            }
            return runs;
        } catch (IOException interrupted) {
            throw new MonarchException(ExitCode.INTERRUPTED, "interrupted; the tenants being migrated stop after their current "
                    + "migration, and their locks expire");
        } finally {
            pool.shutdownNow();
        }
    }

    private TenantRun startUnlessStopped(String tenant, Function<String, MigrateResult> migrate) {
        String failed = firstFailure.get();
        if (failed != null && !options.keepGoing()) {
            return skipped(tenant, "not started: " + failed + " failed (--keep-going runs the others all the same)");
        }
        TenantRun run = migrateOne(tenant, migrate);
        if (run.failed() && firstFailure.compareAndSet(null, tenant) && !options.keepGoing()) {
            out.accept(tenant + ": " + run.state().label() + "; no other tenant starts (--keep-going runs them all the same)");
        }
        return run;
    }

    private static TenantRun migrateOne(String tenant, Function<String, MigrateResult> migrate) {
        long started = System.nanoTime();
        try {
            MigrateResult result = migrate.apply(tenant);
            TenantState state = result.nothingToDo() ? TenantState.UP_TO_DATE
                    : result.dryRun() ? TenantState.PENDING : TenantState.MIGRATED;
            return new TenantRun(tenant, state, result.ran(), since(started), null);
        } catch (MigrationFailedException e) {
            return new TenantRun(tenant, TenantState.FAILED, e.result().ran(), since(started), e.getMessage());
        } catch (MonarchException e) {
            if (e.exitCode() == ExitCode.INTERRUPTED) {
                throw e;
            }
            TenantState state = e.exitCode() == ExitCode.REFUSED ? TenantState.REFUSED : TenantState.FAILED;
            return new TenantRun(tenant, state, List.of(), since(started), e.getMessage());
        } catch (RuntimeException e) {
            return new TenantRun(tenant, TenantState.FAILED, List.of(), since(started), Redaction.scrub(e.toString()));
        }
    }

    private static TenantRun skipped(String tenant, String why) {
        return new TenantRun(tenant, TenantState.SKIPPED, List.of(), null, why);
    }

    private static Duration since(long started) {
        return Duration.ofNanos(System.nanoTime() - started);
    }
}
