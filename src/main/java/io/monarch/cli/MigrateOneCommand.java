package io.monarch.cli;

import io.monarch.api.MigrationRun;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.util.concurrent.Callable;

@Command(name = "migrate_one", aliases = "migrate-one", mixinStandardHelpOptions = true,
        description = "Run one migration in an environment, whatever its state.")
final class MigrateOneCommand implements Callable<Integer> {
    @Mixin
    GlobalOptions global;

    @Mixin
    TenantOption tenant;

    @Parameters(index = "0", paramLabel = "<migration>", description = "The migration's name, e.g. M20261124093000_AddIndexes.")
    String migration;

    @Parameters(index = "1", paramLabel = "<env>", completionCandidates = Choices.Environments.class, description = "The environment.")
    String environment;

    @Override
    public Integer call() {
        Console console = Console.of(global);
        MigrationRun run = tenant.on(global.monarch(console), environment).migrateOne(migration, environment);
        console.result(run.state() + "  " + run.name() + "  (" + Formats.duration(run.took()) + ")");
        return 0;
    }
}
