package io.monarch.cli;

import io.monarch.Monarch;
import io.monarch.api.MigrateOptions;
import io.monarch.api.MigrateResult;
import io.monarch.api.MigrationFailedException;
import io.monarch.api.MigrationRun;
import io.monarch.api.MonarchException;
import io.monarch.api.TenantOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "migrate", mixinStandardHelpOptions = true,
        description = {"Apply the pending migrations to an environment, in order, each once, under its lock.",
                "An environment of many databases (databases: in settings) is migrated tenant by tenant, several at once, "
                        + "each with its own tracking and lock; a table of tenants ends it (exit 1 if one failed)."})
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

    @Option(names = "--tenant", paramLabel = "<db>", description = "Only this tenant database (repeatable).")
    List<String> tenants = new ArrayList<>();

    @Option(names = {"-j", "--parallel"}, paramLabel = "N", description = "Tenants migrated at once (default: 4).")
    Integer parallelism;

    @Option(names = "--canary", paramLabel = "N", description = "Migrate N tenants first, one at a time; the others only if all N succeed.")
    Integer canary;

    @Option(names = "--keep-going", description = "A failed tenant does not stop the others from starting.")
    boolean keepGoing;

    @Override
    public Integer call() {
        Console console = Console.of(global);
        Monarch monarch = global.monarch(console);
        MigrateOptions options = new MigrateOptions(dryRun, acceptChanged, to, Steps.count(count));
        if (monarch.environment(environment).tenants()) {
            TenantOptions fanOut = new TenantOptions(tenants, parallelism == null ? 4 : parallelism, canary == null ? 0 : canary, keepGoing);
            return TenantReport.migrated(console, monarch.migrateTenants(environment, options, fanOut));
        }
        if (!tenants.isEmpty() || parallelism != null || canary != null || keepGoing) {
            throw MonarchException.usage(environment + " has one database; --tenant, -j, --canary and --keep-going are for "
                    + "an environment of many (databases: in settings)");
        }
        MigrateResult result;
        try {
            result = monarch.migrate(environment, options);
        } catch (MigrationFailedException failed) {
            console.result(report(console, failed.result()));
            throw failed;
        }
        if (result.dryRun()) {
            console.result(result.nothingToDo() ? "dry run: " + nothingToDo() : "dry run: would apply to " + environment + ":");
            result.ran().forEach(r -> console.result("  " + r.name()));
            return 0;
        }
        console.result(result.nothingToDo() ? nothingToDo() : report(console, result));
        return 0;
    }

    private String nothingToDo() {
        return to != null ? "nothing to apply to " + environment + " up to " + to
                : count != null ? "nothing to apply to " + environment : environment + " is up to date";
    }

    /** Prints each run; returns the line that sums them up. */
    private static String report(Console console, MigrateResult result) {
        for (MigrationRun run : result.ran()) {
            console.result(run.state() + "  " + run.name() + "  (" + Formats.duration(run.took()) + ")");
        }
        long applied = result.ran().stream().filter(r -> r.error() == null).count();
        return "applied " + applied + " migration" + (applied == 1 ? "" : "s") + " to " + result.environment();
    }
}
