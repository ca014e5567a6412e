package io.monarch.cli;

import io.monarch.api.EnvironmentInfo;
import org.bson.Document;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "list_environments", aliases = "list-environments", mixinStandardHelpOptions = true,
        description = "List the environments of the settings file (passwords shown as ***).")
final class ListEnvironmentsCommand implements Callable<Integer> {
    @Mixin
    GlobalOptions global;
    @Mixin
    JsonOption output;

    @Override
    public Integer call() {
        Console console = Console.of(global);
        List<EnvironmentInfo> environments = global.monarch(console).environments();
        if (output.json) {
            console.result(Json.array(environments.stream().map(e -> {
                Document d = new Document("name", e.name()).append("uri", e.uri()).append("database", e.database());
                if (e.tenants()) {
                    d.append("databases", e.tenantDatabases()).append("pattern", e.tenantPattern());
                }
                return d.append("protected", e.protectedTarget());
            }).toList()));
            return 0;
        }
        Table table = new Table("NAME", "DATABASE", "PROTECTED", "URI");
        for (EnvironmentInfo e : environments) {
            table.row(e.name(), databases(e), e.protectedTarget() ? "yes" : "no", e.uri());
        }
        console.result(table.render());
        return 0;
    }

    /** Its database; a tenant environment's list, or its pattern. */
    private static String databases(EnvironmentInfo e) {
        return !e.tenants() ? e.database() : e.tenantPattern() != null ? "pattern \"" + e.tenantPattern() + "\""
                : String.join(", ", e.tenantDatabases());
    }
}
