package io.monarch.api;

import java.util.List;

/**
 * How {@code migrate} goes through the databases of a tenant environment.
 *
 * @param only        these tenants (each listed in settings, or matching its pattern and on the server); empty: all
 * @param parallelism tenants migrated at once
 * @param canary      this many tenants go first, one at a time; the others start only if all of them succeeded
 * @param keepGoing   a failed tenant does not stop the others from starting (canaries still must all succeed)
 */
public record TenantOptions(List<String> only, int parallelism, int canary, boolean keepGoing) {
    public static final TenantOptions DEFAULT = new TenantOptions(List.of(), 4, 0, false);

    public TenantOptions {
        only = List.copyOf(only);
        Bounds.threads(parallelism, "-j", "tenants");
        if (canary < 0) {
            throw MonarchException.usage("--canary must be 0 or more, not " + canary);
        }
    }

    public TenantOptions withOnly(List<String> tenants) {
        return new TenantOptions(tenants, parallelism, canary, keepGoing);
    }

    public TenantOptions withParallelism(int tenantsAtOnce) {
        return new TenantOptions(only, tenantsAtOnce, canary, keepGoing);
    }

    public TenantOptions withCanary(int tenants) {
        return new TenantOptions(only, parallelism, tenants, keepGoing);
    }

    public TenantOptions withKeepGoing(boolean keepGoing) {
        return new TenantOptions(only, parallelism, canary, keepGoing);
    }
}
