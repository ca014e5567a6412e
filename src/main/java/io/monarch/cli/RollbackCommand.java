package io.monarch.cli;

import io.monarch.api.MigrationRun;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "rollback", mixinStandardHelpOptions = true,
        description = "Run rollback() of applied migrations, newest first: those after --to, or only the newest.")
final class RollbackCommand implements Callable<Integer> {
    @Mixin
    GlobalOptions global;

    @Parameters(paramLabel = "<env>", completionCandidates = Choices.Environments.class, description = "The environment.")
    String environment;

    @Option(names = "--to", paramLabel = "<migration>", description = "Roll back every migration applied after this one (it stays applied).")
    String to;

    @Override
    public Integer call() {
        Console console = Console.of(global);
        List<MigrationRun> runs = global.monarch(console).rollback(environment, to);
        if (runs.isEmpty()) {
            console.result("nothing to roll back in " + environment);
        }
        runs.forEach(r -> console.result(r.state() + "  " + r.name() + "  (" + Formats.duration(r.took()) + ")"));
        return 0;
    }
}
