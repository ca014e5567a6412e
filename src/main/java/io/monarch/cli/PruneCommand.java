package io.monarch.cli;

import io.monarch.api.BackupManifest;
import io.monarch.api.PruneOptions;
import io.monarch.api.PruneResult;
import io.monarch.api.RetentionDecision;
import io.monarch.api.RetentionPolicy;
import io.monarch.api.StoreScope;
import io.monarch.api.UnfinishedBackup;
import org.bson.Document;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "prune", mixinStandardHelpOptions = true,
        description = {"Delete the backups a retention policy does not keep, and what killed backups left.",
                "The policy: these flags, else backups.retention in settings. What killed backups left goes once over a day old.",
                "Never the newest backup of an environment; days, ISO weeks and months are UTC; full, each QuerySet's and",
                "each label's backups are counted apart, per store."})
final class PruneCommand implements Callable<Integer> {
    @Mixin
    GlobalOptions global;
    @Mixin
    JsonOption output;

    @Option(names = "--env", paramLabel = "<env>", completionCandidates = Choices.Environments.class, description = "Only this environment's backups.")
    String environment;
    @Option(names = "--store", defaultValue = "all", completionCandidates = Choices.StoreScopes.class,
            description = "${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}: local, and S3 if configured).")
    StoreScope store;
    @Option(names = "--keep-last", paramLabel = "N", description = "Keep the N newest.")
    Integer last;
    @Option(names = "--keep-daily", paramLabel = "D", description = "Keep the newest of each of the last D days that have a backup.")
    Integer daily;
    @Option(names = "--keep-weekly", paramLabel = "W", description = "Keep the newest of each of the last W ISO weeks that have one.")
    Integer weekly;
    @Option(names = "--keep-monthly", paramLabel = "M", description = "Keep the newest of each of the last M months that have one.")
    Integer monthly;
    @Option(names = "--dry-run", description = "Say what would be deleted; delete nothing.")
    boolean dryRun;

    @Override
    public Integer call() {
        Console console = Console.of(global);
        PruneResult result = global.monarch(console).prune(new PruneOptions(environment, store,
                new RetentionPolicy(last, daily, weekly, monthly), dryRun));
        if (output.json) {
            console.result(Json.object(new Document("dryRun", dryRun).append("policy", result.policy().describe())
                    .append("backups", result.backups().stream().map(PruneCommand::json).toList())
                    .append("leftovers", result.leftovers().stream().map(l -> new Document("store", l.store())
                            .append("description", l.description()).append("size", l.bytes()).append("removed", l.removed())
                            .append("lastWritten", l.lastWritten() == null ? null : l.lastWritten().toString())).toList())
                    .append("problems", result.problems())));
        } else {
            print(console, result);
        }
        result.problems().forEach(p -> console.warn("error: " + p));
        return result.problems().isEmpty() ? 0 : 1;
    }

    private static Document json(RetentionDecision d) {
        BackupManifest m = d.backup().manifest();
        return new Document("name", m.name()).append("environment", m.environment()).append("database", m.database())
                .append("kind", d.kind()).append("store", d.backup().store()).append("createdAt", m.createdAt().toString())
                .append("size", d.backup().size()).append("kept", d.kept()).append("keptBy", d.keptBy());
    }

    private void print(Console console, PruneResult result) {
        String remove = dryRun ? "would remove" : "removed";
        console.result("policy: " + result.policy().describe() + " (days, ISO weeks and months in UTC)");
        if (result.backups().isEmpty()) {
            console.result("no backups" + (environment == null ? "" : " of " + environment));
        } else {
            Table table = new Table("", "NAME", "KIND", "STORE", "SIZE", "TIME", "KEPT BY");
            result.backups().forEach(d -> table.row(d.kept() ? "keep" : remove, d.backup().manifest().name(), d.kind(),
                    d.backup().store(), Formats.bytes(d.backup().size()), Formats.time(d.backup().manifest().createdAt()),
                    String.join(", ", d.keptBy())));
            console.result(table.render());
        }
        for (UnfinishedBackup l : result.leftovers()) {
            console.result((l.removed() ? remove + " leftover of a killed backup: " : "left alone (written within a day: a backup "
                    + "may be running): ") + l.description() + ", last written " + Formats.time(l.lastWritten()));
        }
        console.result(String.format("%s %s (%s), kept %s (%s)%s", remove, Formats.count(result.removed().size(), "backup"),
                Formats.bytes(size(result.removed())), Formats.count(result.kept().size(), "backup"), Formats.bytes(size(result.kept())),
                dryRun ? "; dry run: nothing was deleted" : ""));
    }

    private static long size(List<RetentionDecision> decisions) {
        return decisions.stream().mapToLong(d -> d.backup().size()).sum();
    }
}
