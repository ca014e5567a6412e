package io.monarch.api;

import java.util.List;

/**
 * What a migrate of a tenant environment did, tenant by tenant.
 *
 * @param tenants every tenant it was to migrate, in the order they were taken (canaries first)
 * @param dryRun  whether nothing was done
 */
public record TenantMigrateResult(String environment, List<TenantRun> tenants, boolean dryRun) {
    public TenantMigrateResult {
        tenants = List.copyOf(tenants);
    }

    /** Whether every tenant was migrated (or was up to date). */
    public boolean succeeded() {
        return tenants.stream().noneMatch(TenantRun::failed);
    }

    /**
     * What {@code monarch migrate} exits with: {@link ExitCode#FAILED} if a tenant failed (or was skipped for one),
     * else {@link ExitCode#REFUSED} if one was refused (drift, its lock held), else {@link ExitCode#OK}.
     */
    public ExitCode exitCode() {
        if (tenants.stream().anyMatch(t -> t.state() == TenantState.FAILED || t.state() == TenantState.SKIPPED)) {
            return ExitCode.FAILED;
        }
        return tenants.stream().anyMatch(t -> t.state() == TenantState.REFUSED) ? ExitCode.REFUSED : ExitCode.OK;
    }
}
