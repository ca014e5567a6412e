package io.monarch.api;

import java.time.Duration;
import java.util.List;

/**
 * One tenant database of a tenant migrate, and how it ended.
 *
 * @param ran   the migrations run there, in order, the failed one last (a dry run: those that would run, PENDING)
 * @param took  from its start to its end; null when it never started
 * @param error why it failed, was refused or skipped; null otherwise
 */
public record TenantRun(String database, TenantState state, List<MigrationRun> ran, Duration took, String error) {
    public TenantRun {
        ran = List.copyOf(ran);
    }

    /** How many migrations were applied there (a dry run: would be). */
    public int applied() {
        return (int) ran.stream().filter(r -> r.error() == null).count();
    }

    /** Whether it failed, was refused or never started. */
    public boolean failed() {
        return state == TenantState.FAILED || state == TenantState.REFUSED || state == TenantState.SKIPPED;
    }
}
