package io.monarch.cli;

import io.monarch.api.MigrateOptions;
import io.monarch.api.MigrateResult;
import io.monarch.api.MigrationFailedException;
import io.monarch.api.MigrationRun;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.concurrent.Callable;

@Command(name = "migrate", mixinStandardHelpOptions = true,
        description = "Apply the pending migrations to an environment, in order, each once, under its lock.")
final class MigrateCommand implements Callable<Integer> {
    @Mixin
    GlobalOptions global;

    @Parameters(paramLabel = "<env>", completionCandidates = Choices.Environments.class, description = "The environment.")
    String environment;

    @Option(names = "--dry-run", description = "List what would run; change nothing.")
    boolean dryRun;

    @Option(names = "--accept-changed", description = "Go on although applied migrations changed since; record their new checksums.")
    boolean acceptChanged;

    @Option(names = "--to", paramLabel = "<migration>", description = "Apply the pending migrations up to and including this one.")
    String to;

    @Option(names = "--count", paramLabel = "N", description = "Apply the next N pending migrations.")
    Integer count;

    @Override
    public Integer call() {
        Console console = Console.of(global);
        MigrateResult result;
        try {
            result = global.monarch(console).migrate(environment, new MigrateOptions(dryRun, acceptChanged, to, Steps.count(count)));
        } catch (MigrationFailedException failed) {
            report(console, failed.result());
            throw failed;
        }
        if (result.dryRun()) {
            console.result(result.nothingToDo() ? "dry run: " + nothingToDo() : "dry run: would apply to " + environment + ":");
            result.ran().forEach(r -> console.result("  " + r.name()));
            return 0;
        }
        if (result.nothingToDo()) {
            console.result(nothingToDo());
            return 0;
        }
        report(console, result);
        return 0;
    }

    private String nothingToDo() {
        return to != null ? "nothing to apply to " + environment + " up to " + to
                : count != null ? "nothing to apply to " + environment : environment + " is up to date";
    }

    private static void report(Console console, MigrateResult result) {
        for (MigrationRun run : result.ran()) {
            console.result(run.state() + "  " + run.name() + "  (" + Formats.duration(run.took()) + ")");
        }
        long applied = result.ran().stream().filter(r -> r.error() == null).count();
        console.result("applied " + applied + " migration" + (applied == 1 ? "" : "s") + " to " + result.environment());
    }
}
