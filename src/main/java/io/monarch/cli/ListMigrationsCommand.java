package io.monarch.cli;

import io.monarch.api.MigrationStatus;
import org.bson.Document;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "list_migrations", aliases = "list-migrations", mixinStandardHelpOptions = true,
        description = "List the migrations and their state in an environment, with drift.")
final class ListMigrationsCommand implements Callable<Integer> {
    @Mixin
    GlobalOptions global;
    @Mixin
    JsonOption output;

    @Parameters(paramLabel = "<env>", completionCandidates = Choices.Environments.class, description = "The environment.")
    String environment;

    @Override
    public Integer call() {
        Console console = Console.of(global);
        List<MigrationStatus> rows = global.monarch(console).listMigrations(environment);
        if (output.json) {
            console.result(Json.array(rows.stream().map(s -> new Document("name", s.name()).append("state", s.state().name())
                    .append("appliedAt", Formats.time(s.appliedAt()))
                    .append("tookMs", s.took() == null ? null : s.took().toMillis())
                    .append("checksum", s.checksum()).append("drift", s.drift()).append("error", s.error())).toList()));
            return 0;
        }
        if (rows.isEmpty()) {
            console.result("no migrations yet: monarch generate <name> writes one");
            return 0;
        }
        Table table = new Table("NAME", "STATE", "APPLIED AT", "TOOK", "DRIFT");
        for (MigrationStatus s : rows) {
            table.row(s.name(), s.state(), Formats.time(s.appliedAt()), Formats.duration(s.took()),
                    s.drift() ? "CHANGED since applied" : "");
        }
        console.result(table.render());
        rows.stream().filter(s -> s.error() != null).forEach(s -> console.result(s.name() + " failed: " + s.error()));
        return 0;
    }
}
