package io.monarch.cli;

import io.monarch.codegen.QuerySetGenerator;
import io.monarch.config.Settings;
import io.monarch.config.SettingsLoader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.util.concurrent.Callable;

@Command(name = "generate_query_set", aliases = "generate-query-set", mixinStandardHelpOptions = true,
        description = "Write a new QuerySet: migrations/querysets/<Name>.java, for backup -q and copy_db -q.")
final class GenerateQuerySetCommand implements Callable<Integer> {
    @Mixin
    GlobalOptions global;

    @Parameters(paramLabel = "<Name>", description = "Its class name, e.g. AccountQuerySet.")
    String name;

    @Override
    public Integer call() {
        Settings settings = SettingsLoader.load(global.settings);
        var file = QuerySetGenerator.generate(settings.migrations().directory().resolve("querysets"),
                settings.projectDir().resolve("templates"), name);
        Console.of(global).result("created " + file);
        return 0;
    }
}
