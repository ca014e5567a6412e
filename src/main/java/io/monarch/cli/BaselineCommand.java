package io.monarch.cli;

import io.monarch.api.MigrationRun;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "baseline", mixinStandardHelpOptions = true,
        description = "Adopt a database that predates monarch: record every migration up to and including --to as BASELINE, "
                + "running none. Refused if the environment tracks any migration already.")
final class BaselineCommand implements Callable<Integer> {
    @Mixin
    GlobalOptions global;

    @Mixin
    TenantOption tenant;

    @Parameters(paramLabel = "<env>", completionCandidates = Choices.Environments.class, description = "The environment.")
    String environment;

    @Option(names = "--to", required = true, paramLabel = "<migration>",
            description = "The newest migration whose change the database already has.")
    String to;

    @Override
    public Integer call() {
        Console console = Console.of(global);
        List<MigrationRun> recorded = tenant.on(global.monarch(console), environment).baseline(environment, to);
        recorded.forEach(r -> console.result(r.state() + "  " + r.name()));
        console.result("recorded " + Formats.count(recorded.size(), "migration") + " as BASELINE in " + environment
                + "; migrate applies the ones after " + to);
        return 0;
    }
}
