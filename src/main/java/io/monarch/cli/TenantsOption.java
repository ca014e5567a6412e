package io.monarch.cli;

import io.monarch.Monarch;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code --tenant <db>} (repeatable) of a command that reports on an environment: for an environment of many databases,
 * none or several make a row per tenant, one makes that tenant's own report.
 */
final class TenantsOption {
    @Option(names = "--tenant", paramLabel = "<db>", description = "Only this tenant database (repeatable; one: its own report).")
    List<String> tenants = new ArrayList<>();

    /** Whether the command reports a row per tenant rather than one database's report. */
    boolean perTenant(Monarch monarch, String environment) {
        return tenants.size() != 1 && monarch.environment(environment).tenants();
    }

    /** The library working on the one tenant named, or on the environment's one database. */
    Monarch one(Monarch monarch, String environment) {
        return tenants.isEmpty() ? monarch : monarch.forTenant(environment, tenants.get(0));
    }

    /** The environment as a command is typed for the one report: {@code tenants --tenant tenant_a}, or its name. */
    String typed(String environment) {
        return tenants.isEmpty() ? environment : environment + " --tenant " + tenants.get(0);
    }

    /** What the one report is about: the tenant named, or the environment. */
    String where(String environment) {
        return tenants.isEmpty() ? environment : tenants.get(0);
    }
}
