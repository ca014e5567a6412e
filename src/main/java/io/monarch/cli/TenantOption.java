package io.monarch.cli;

import io.monarch.Monarch;
import picocli.CommandLine.Option;

/** {@code --tenant <db>} of a command on one database: which database of an environment of many (databases: in settings). */
final class TenantOption {
    @Option(names = "--tenant", paramLabel = "<db>",
            description = "For an environment of many databases (databases: in settings): the one to work on.")
    String tenant;

    /** The library, working on the tenant named, when one is. */
    Monarch on(Monarch monarch, String environment) {
        return tenant == null ? monarch : monarch.forTenant(environment, tenant);
    }
}
