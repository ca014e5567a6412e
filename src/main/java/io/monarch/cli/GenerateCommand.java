package io.monarch.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.concurrent.Callable;

@Command(name = "generate", aliases = "create", mixinStandardHelpOptions = true,
        description = "Write a new migration: migrations/M<UTC timestamp>_<Name>.java (with --repeatable: R_<Name>.java).")
final class GenerateCommand implements Callable<Integer> {
    @Mixin
    GlobalOptions global;

    @Parameters(paramLabel = "<name>", description = "What it does, e.g. add_indexes_to_users.")
    String name;

    @Option(names = "--repeatable", description = "A repeatable migration, run again whenever its source changes.")
    boolean repeatable;

    @Override
    public Integer call() {
        Console console = Console.of(global);
        var monarch = global.monarch(console);
        console.result("created " + (repeatable ? monarch.generateRepeatableMigration(name) : monarch.generateMigration(name)));
        return 0;
    }
}
