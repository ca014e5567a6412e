package io.monarch.cli;

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
        Console console = Console.of(global);
        console.result("created " + global.monarch(console).generateQuerySet(name));
        return 0;
    }
}
