package io.monarch.cli;

import io.monarch.codegen.MigrationGenerator;
import io.monarch.config.Settings;
import io.monarch.config.SettingsLoader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.time.Instant;
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
        Settings settings = SettingsLoader.load(global.settings);
        var file = MigrationGenerator.generate(settings.migrations().directory(),
                settings.projectDir().resolve("templates"), name, Instant.now());
        Console.of(global).result("created " + file);
        return 0;
    }
}
