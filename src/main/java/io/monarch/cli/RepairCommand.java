package io.monarch.cli;

import io.monarch.Monarch;
import io.monarch.api.MigrationStatus;
import io.monarch.api.RepairOptions;
import io.monarch.api.RepairResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.util.concurrent.Callable;

@Command(name = "repair", mixinStandardHelpOptions = true,
        description = {"Mend an environment's migration history, as Flyway's repair does, and print what changed.",
                "A migration whose source file is gone (MISSING) is recorded DELETED: kept in the history, no longer a problem for validate.",
                "A FAILED one is cleared: it is PENDING again, and migrate runs it.",
                "A protected environment needs --force and its name typed (with no terminal: --confirm <env>)."})
final class RepairCommand implements Callable<Integer> {
    @Mixin
    GlobalOptions global;

    @Mixin
    TenantOption tenant;

    @Mixin
    ProtectedOptions guard;

    @Parameters(paramLabel = "<env>", completionCandidates = Choices.Environments.class, description = "The environment.")
    String environment;

    @Override
    public Integer call() {
        Console console = Console.of(global);
        Monarch monarch = tenant.on(global.monarch(console), environment);
        String typed = guard.typed(monarch.environment(environment), "its migration history will be changed", console);
        RepairResult result = monarch.repair(environment, new RepairOptions(guard.force, typed));
        String where = tenant.tenant == null ? environment : environment + " --tenant " + tenant.tenant;
        if (!result.changed()) {
            console.result(where + " needs no repair: no migration is MISSING or FAILED");
            return 0;
        }
        for (MigrationStatus s : result.deleted()) {
            console.result("DELETED  " + s.name() + "  (its source file is gone; kept in the history, no longer a problem for validate)");
        }
        for (MigrationStatus s : result.cleared()) {
            console.result("CLEARED  " + s.name() + "  (it failed: " + s.error() + "; it is PENDING, and migrate runs it)");
        }
        console.result("repaired " + where + ": " + Formats.count(result.deleted().size(), "migration") + " recorded DELETED, "
                + Formats.count(result.cleared().size(), "failure") + " cleared");
        return 0;
    }
}
