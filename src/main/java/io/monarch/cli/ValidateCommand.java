package io.monarch.cli;

import io.monarch.Monarch;
import io.monarch.api.MigrationStatus;
import io.monarch.api.ValidateResult;
import org.bson.Document;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.util.concurrent.Callable;

@Command(name = "validate", mixinStandardHelpOptions = true,
        description = {"Compare the migrations with an environment's tracking, changing nothing (for CI): "
                + "exit 0 up to date, 4 migrations pending, 3 drift, a FAILED or a MISSING migration.",
                "An environment of many databases: a line per tenant, and the worst exit code of them all."})
final class ValidateCommand implements Callable<Integer> {
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
            return TenantReport.validated(console, environment, monarch.validateTenants(environment, tenants.tenants), output.json);
        }
        String where = tenants.where(environment);
        String typed = tenants.typed(environment);
        ValidateResult result = tenants.one(monarch, environment).validate(environment);
        if (output.json) {
            console.result(Json.object(json(result)));
            return result.exitCode().code();
        }
        if (result.upToDate()) {
            console.result(where + " is up to date");
            return 0;
        }
        Table table = new Table("NAME", "STATE", "WHY");
        result.problems().forEach(s -> table.row(s.name(), s.drift() ? "CHANGED" : s.label(), why(s, typed)));
        result.pending().forEach(s -> table.row(s.name(), s.label(), "migrate runs it"));
        console.result(table.render());
        console.result(where + ": " + Formats.count(result.pending().size(), "migration") + " pending"
                + (result.problems().isEmpty() ? "" : ", " + Formats.count(result.problems().size(), "problem")
                + " to deal with as WHY says (validate exits 3 until then)"));
        return result.exitCode().code();
    }

    static Document json(ValidateResult result) {
        return new Document("environment", result.environment()).append("status", status(result))
                .append("exitCode", result.exitCode().code())
                .append("pending", result.pending().stream().map(ListMigrationsCommand::json).toList())
                .append("problems", result.problems().stream().map(ListMigrationsCommand::json).toList());
    }

    /** {@code up to date}, {@code pending} or {@code problems}. */
    static String status(ValidateResult result) {
        return result.problems().isEmpty() ? result.pending().isEmpty() ? "up to date" : "pending" : "problems";
    }

    /**
     * Why a migration is a problem and what to do, as migrate really treats it; {@code environment} as it is typed
     * ({@code tenants --tenant tenant_a}). list_migrations says the same under its table.
     */
    static String why(MigrationStatus s, String environment) {
        if (s.drift()) {
            return "its source changed since it was applied: revert it, or migrate --accept-changed";
        }
        return switch (s.state()) {
            case MISSING -> "tracked here, but its source file is gone: deleted, or the data came from newer code. If it was "
                    + "deleted on purpose, run monarch repair " + environment;
            case FAILED -> "failed: " + s.error() + ". migrate runs it again; to clear the failure instead (it becomes "
                    + "PENDING), run monarch repair " + environment;
            case DELETED -> "recorded DELETED by monarch repair, but its source is back: migrate skips it. Delete the file "
                    + "again, or run it with monarch migrate_one " + s.name() + " " + environment;
            default -> s.label();
        };
    }
}
