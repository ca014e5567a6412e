package io.monarch.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "generate", aliases = "create", mixinStandardHelpOptions = true,
        description = "Write a new migration: migrations/M<UTC timestamp>_<Name>.java (with --repeatable: R_<Name>.java; with --from-schema, the one the schema files call for).")
final class GenerateCommand implements Callable<Integer> {
    @Mixin
    GlobalOptions global;

    @Parameters(paramLabel = "<name>", description = "What it does, e.g. add_indexes_to_users.")
    String name;

    @Option(names = "--from-schema", paramLabel = "<env>",
            description = "Write the migration that brings <env> to the schema files (as 'monarch plan <env>' shows), with its rollback.")
    String fromSchema;

    @Mixin
    TenantOption tenant;

    @Option(names = "--prune", description = "With --from-schema: also drop what the files do not declare.")
    boolean prune;
    @Option(names = "--repeatable", description = "A repeatable migration, run again whenever its source changes.")
    boolean repeatable;

    @Override
    public Integer call() {
        Console console = Console.of(global);
        var monarch = fromSchema == null ? global.monarch(console) : tenant.on(global.monarch(console), fromSchema);
        Path created = fromSchema != null ? monarch.generateFromSchema(name, fromSchema, prune)
                : repeatable ? monarch.generateRepeatableMigration(name) : monarch.generateMigration(name);
        console.result("created " + created);
        return 0;
    }
}
