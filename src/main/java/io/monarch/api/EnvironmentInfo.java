package io.monarch.api;

import java.util.List;

/**
 * An environment of the settings file as list_environments shows it.
 *
 * @param uri             its URI with any password as {@code ***}, or why it cannot be used
 * @param database        its database; for a tenant environment, the tenant a {@code forTenant} view works on, else null
 * @param protectedTarget restore and copy_db into it need --force and its name typed
 * @param problem         why its URI cannot be used here (an unset {@code ${VAR}}); null when it can
 * @param tenantDatabases a tenant environment's databases as settings list them; empty otherwise
 * @param tenantPattern   a tenant environment's pattern, matched against the server's databases; null otherwise
 */
public record EnvironmentInfo(String name, String uri, String database, boolean protectedTarget, String problem,
                              List<String> tenantDatabases, String tenantPattern) {

    public EnvironmentInfo {
        tenantDatabases = List.copyOf(tenantDatabases);
    }

    /** An environment of one database. */
    public EnvironmentInfo(String name, String uri, String database, boolean protectedTarget, String problem) {
        this(name, uri, database, protectedTarget, problem, List.of(), null);
    }

    /** Whether it names many databases ({@code databases:} in settings): its commands then work tenant by tenant. */
    public boolean tenants() {
        return !tenantDatabases.isEmpty() || tenantPattern != null;
    }
}
