package io.monarch.cli;

import io.monarch.Monarch;
import io.monarch.api.MigrationState;
import io.monarch.api.MigrationStatus;
import org.bson.Document;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "list_migrations", aliases = "list-migrations", mixinStandardHelpOptions = true,
        description = {"List the migrations and their state in an environment, with drift.",
                "An environment of many databases: a row per tenant with its counts (one --tenant: that tenant's migrations)."})
final class ListMigrationsCommand implements Callable<Integer> {
    @Mixin
    GlobalOptions global;
    @Mixin
    JsonOption output;

    @Parameters(paramLabel = "<env>", completionCandidates = Choices.Environments.class, description = "The environment.")
    String environment;

    @Mixin
    TenantsOption tenants;

    @Override
    public Integer call() {
        Console console = Console.of(global);
        Monarch monarch = global.monarch(console);
        if (tenants.perTenant(monarch, environment)) {
            TenantReport.statuses(console, environment, monarch.listTenantMigrations(environment, tenants.tenants), output.json);
            return 0;
        }
        List<MigrationStatus> rows = tenants.one(monarch, environment).listMigrations(environment);
        if (output.json) {
            console.result(Json.array(rows.stream().map(ListMigrationsCommand::json).toList()));
            return 0;
        }
        if (rows.isEmpty()) {
            console.result("no migrations yet: monarch generate <name> writes one");
            return 0;
        }
        // the rollback time has a column of its own, shown when some migration was rolled back
        boolean rolledBack = rows.stream().anyMatch(s -> s.rolledBackAt() != null);
        List<String> headers = new ArrayList<>(List.of("NAME", "STATE", "APPLIED AT", "TOOK", "DRIFT"));
        if (rolledBack) {
            headers.add(3, "ROLLED BACK AT");
        }
        Table table = new Table(headers.toArray(String[]::new));
        for (MigrationStatus s : rows) {
            List<Object> cells = new ArrayList<>(Arrays.asList(s.name(), s.label(), Formats.time(s.appliedAt()),
                    Formats.duration(s.took()), s.drift() ? "CHANGED since applied" : ""));
            if (rolledBack) {
                cells.add(3, Formats.time(s.rolledBackAt()));
            }
            table.row(cells.toArray());
        }
        console.result(table.render());
        // under the table, what validate says of a FAILED or MISSING one: why, and what to do
        rows.stream().filter(s -> s.state() == MigrationState.FAILED || s.state() == MigrationState.MISSING)
                .forEach(s -> console.result(s.name() + ": " + ValidateCommand.why(s, tenants.typed(environment))));
        return 0;
    }

    static Document json(MigrationStatus s) {
        return new Document("name", s.name()).append("state", s.state().name()).append("repeatable", s.repeatable())
                .append("appliedAt", Formats.time(s.appliedAt())).append("rolledBackAt", Formats.time(s.rolledBackAt()))
                .append("tookMs", s.took() == null ? null : s.took().toMillis())
                .append("checksum", s.checksum()).append("drift", s.drift()).append("error", s.error());
    }
}
