package io.monarch.cli;

import io.monarch.api.SchemaPullReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "schema", mixinStandardHelpOptions = true, subcommands = SchemaCommand.Pull.class,
        description = "Schema as code: migrations/schema/*.yml declares collections, indexes, validators and views.")
final class SchemaCommand implements Runnable {
    @Mixin
    GlobalOptions global;

    @Override
    public void run() {
        global.spec.commandLine().usage(global.spec.commandLine().getErr());
    }

    @Command(name = "pull", mixinStandardHelpOptions = true,
            description = "Write the schema files from an existing environment (adopting a database that predates monarch).")
    static final class Pull implements Callable<Integer> {
        @Mixin
        GlobalOptions global;

        @Mixin
        TenantOption tenant;

        @Parameters(paramLabel = "<env>", description = "The environment to read.")
        String environment;

        @Option(names = "--collection", paramLabel = "<name>", description = "Only this collection.")
        String collection;

        @Override
        public Integer call() {
            Console console = Console.of(global);
            SchemaPullReport pulled = tenant.on(global.monarch(console), environment).pullSchema(environment, collection);
            for (Path file : pulled.files()) {
                console.result("wrote " + file);
            }
            pulled.notes().forEach(n -> console.warn("note: " + n));
            return 0;
        }
    }
}
