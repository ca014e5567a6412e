package io.monarch.cli;

import io.monarch.api.ExitCode;
import io.monarch.api.MigrationRun;
import io.monarch.api.TenantMigrateResult;
import io.monarch.api.TenantRun;
import io.monarch.api.TenantState;
import io.monarch.api.TenantStatus;
import io.monarch.api.TenantValidation;
import io.monarch.api.ValidateResult;
import org.bson.Document;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** What migrate, list_migrations and validate print for an environment of many databases: a row per tenant. */
final class TenantReport {
    private TenantReport() {
    }

    /** The end of a tenant migrate: the table (tenant, applied, state, time, error) and a line that sums it up. */
    static int migrated(Console console, TenantMigrateResult result) {
        if (result.tenants().isEmpty()) {
            console.result(result.environment() + " has no tenant database now: nothing to migrate");
            return 0;
        }
        if (result.dryRun()) {
            result.tenants().stream().filter(t -> t.state() == TenantState.PENDING).forEach(t -> console.result("dry run: would apply to "
                    + t.database() + ": " + t.ran().stream().map(MigrationRun::name).collect(Collectors.joining(", "))));
        }
        Table table = new Table("TENANT", result.dryRun() ? "WOULD APPLY" : "APPLIED", "STATE", "TIME", "ERROR");
        for (TenantRun t : result.tenants()) {
            table.row(t.database(), t.applied(), t.state().label(), Formats.duration(t.took()), firstLine(t.error()));
        }
        console.result(table.render());
        Map<String, Long> states = result.tenants().stream().collect(Collectors.groupingBy(t -> t.state().label().toLowerCase(),
                TreeMap::new, Collectors.counting()));
        String summary = result.environment() + ": " + Formats.count(result.tenants().size(), "tenant") + ", "
                + states.entrySet().stream().map(e -> e.getValue() + " " + e.getKey()).collect(Collectors.joining(", "));
        if (result.exitCode() == ExitCode.OK) {
            console.result(summary);
        } else {
            console.warn("error: " + summary);
        }
        return result.exitCode().code();
    }

    /** list_migrations: one row per tenant, the counts of its migrations' states. */
    static void statuses(Console console, String environment, List<TenantStatus> tenants, boolean json) {
        if (json) {
            console.result(Json.array(tenants.stream().map(t -> new Document("tenant", t.database()).append("applied", t.applied())
                    .append("pending", t.pending()).append("failed", t.failed()).append("drift", t.drift()).append("missing", t.missing())
                    .append("migrations", t.migrations().stream().map(ListMigrationsCommand::json).toList())).toList()));
            return;
        }
        if (tenants.isEmpty()) {
            console.result(environment + " has no tenant database now");
            return;
        }
        Table table = new Table("TENANT", "APPLIED", "PENDING", "FAILED", "DRIFT", "MISSING");
        tenants.forEach(t -> table.row(t.database(), t.applied(), t.pending(), t.failed(), t.drift(), t.missing()));
        console.result(table.render());
        console.result("one tenant's migrations: monarch list_migrations " + environment + " --tenant <db>");
    }

    /** validate: one line per tenant; exits with the worst of theirs. */
    static int validated(Console console, String environment, List<TenantValidation> tenants, boolean json) {
        ExitCode worst = TenantValidation.worst(tenants);
        if (json) {
            console.result(Json.object(new Document("environment", environment).append("exitCode", worst.code()).append("tenants",
                    tenants.stream().map(t -> ValidateCommand.json(t.result()).append("tenant", t.database())).toList())));
            return worst.code();
        }
        if (tenants.isEmpty()) {
            console.result(environment + " has no tenant database now: nothing to validate");
            return worst.code();
        }
        Table table = new Table("TENANT", "STATUS", "PENDING", "PROBLEMS");
        for (TenantValidation t : tenants) {
            ValidateResult r = t.result();
            table.row(t.database(), ValidateCommand.status(r), r.pending().size(), r.problems().isEmpty() ? "" : r.problems().stream()
                    .map(s -> s.name() + " " + (s.drift() ? "CHANGED" : s.label())).collect(Collectors.joining(", ")));
        }
        console.result(table.render());
        long upToDate = tenants.stream().filter(t -> t.result().upToDate()).count();
        console.result(environment + ": " + Formats.count(tenants.size(), "tenant") + ", " + upToDate + " up to date"
                + (worst == ExitCode.OK ? "" : "; one tenant's details: monarch validate " + environment + " --tenant <db>"));
        return worst.code();
    }

    /** The first line of an error, for a table cell; the empty string for none. */
    private static String firstLine(String error) {
        return error == null ? "" : Arrays.stream(error.split("\n")).findFirst().orElse("");
    }
}
