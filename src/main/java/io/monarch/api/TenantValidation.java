package io.monarch.api;

import java.util.List;

/** How one tenant database's tracking compares with the project's migrations ({@code validate} of a tenant environment). */
public record TenantValidation(String database, ValidateResult result) {

    /**
     * What {@code monarch validate} exits with over several tenants: the worst of theirs — {@link ExitCode#REFUSED} if
     * any has a problem, else {@link ExitCode#PENDING} if any has migrations to apply, else {@link ExitCode#OK}.
     */
    public static ExitCode worst(List<TenantValidation> tenants) {
        List<ExitCode> codes = tenants.stream().map(t -> t.result().exitCode()).toList();
        return codes.contains(ExitCode.REFUSED) ? ExitCode.REFUSED : codes.contains(ExitCode.PENDING) ? ExitCode.PENDING : ExitCode.OK;
    }
}
