package io.monarch.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.util.concurrent.Callable;

@Command(name = "generate", aliases = "create", mixinStandardHelpOptions = true,
        description = "Write a new migration: migrations/M<UTC timestamp>_<Name>.java.")
final class GenerateCommand implements Callable<Integer> {
    @Mixin
    GlobalOptions global;

    @Parameters(paramLabel = "<name>", description = "What it does, e.g. add_indexes_to_users.")
    String name;

    @Override
    public Integer call() {
        Console console = Console.of(global);
        console.result("created " + global.monarch(console).generateMigration(name));
        return 0;
    }
}
