package io.monarch.cli;

import io.monarch.api.MigrationRun;
import io.monarch.api.RollbackOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "rollback", mixinStandardHelpOptions = true,
        description = "Run rollback() of applied migrations, newest first: the newest, those after --to, the newest --count N, or --all.")
final class RollbackCommand implements Callable<Integer> {
    @Mixin
    GlobalOptions global;

    @Mixin
    TenantOption tenant;

    @Parameters(paramLabel = "<env>", completionCandidates = Choices.Environments.class, description = "The environment.")
    String environment;

    @Option(names = "--to", paramLabel = "<migration>", description = "Roll back every migration applied after this one (it stays applied).")
    String to;

    @Option(names = "--count", paramLabel = "N", description = "Roll back the newest N applied migrations.")
    Integer count;

    @Option(names = "--all", description = "Roll back every applied migration.")
    boolean all;

    @Option(names = "--accept-changed", description = "Roll back migrations whose source changed since they were applied.")
    boolean acceptChanged;

    @Override
    public Integer call() {
        Console console = Console.of(global);
        List<MigrationRun> runs = tenant.on(global.monarch(console), environment).rollback(environment,
                new RollbackOptions(to, Steps.count(count), all, acceptChanged));
        if (runs.isEmpty()) {
            console.result("nothing to roll back in " + environment);
        }
        runs.forEach(r -> console.result(r.state() + "  " + r.name() + "  (" + Formats.duration(r.took()) + ")"));
        return 0;
    }
}
