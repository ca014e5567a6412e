package io.monarch.cli;

import io.monarch.api.ExitCode;
import io.monarch.api.SchemaPlanReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.concurrent.Callable;

@Command(name = "plan", mixinStandardHelpOptions = true,
        description = {"Show what would bring an environment to the schema files (migrations/schema/*.yml).",
                "Exit 0 when nothing would change, 4 when something would; drops only with --prune."})
final class PlanCommand implements Callable<Integer> {
    @Mixin
    GlobalOptions global;
    @Mixin
    JsonOption output;

    @Mixin
    TenantOption tenant;

    @Parameters(paramLabel = "<env>", description = "The environment.")
    String environment;

    @Option(names = "--prune", description = "Plan drops of what the files do not declare (otherwise only listed).")
    boolean prune;

    @Override
    public Integer call() {
        Console console = Console.of(global);
        SchemaPlanReport plan = tenant.on(global.monarch(console), environment).plan(environment, prune);
        if (output.json) {
            console.result(plan.json());
        } else {
            console.result(plan.changes() || !plan.text().isBlank() ? plan.text()
                    : environment + " (" + plan.database() + ") matches the schema files");
            plan.notes().forEach(n -> console.warn("note: " + n));
        }
        return plan.changes() ? ExitCode.PENDING.code() : ExitCode.OK.code();
    }
}
