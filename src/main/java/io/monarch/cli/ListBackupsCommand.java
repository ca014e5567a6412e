package io.monarch.cli;

import io.monarch.api.BackupEntry;
import io.monarch.api.BackupListing;
import io.monarch.api.BackupManifest;
import io.monarch.api.StoreScope;
import org.bson.Document;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "list_backups", aliases = "list-backups", mixinStandardHelpOptions = true,
        description = "List the finished backups (those with a manifest), local and S3.")
final class ListBackupsCommand implements Callable<Integer> {
    @Mixin
    GlobalOptions global;
    @Mixin
    JsonOption output;

    @Option(names = "--env", paramLabel = "<env>", completionCandidates = Choices.Environments.class, description = "Only this environment's backups.")
    String environment;

    @Option(names = "--store", defaultValue = "all", completionCandidates = Choices.StoreScopes.class,
            description = "${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}: local, and S3 if configured).")
    StoreScope store;

    @Override
    public Integer call() {
        Console console = Console.of(global);
        BackupListing listing = global.monarch(console).backupListing(environment, store);
        List<BackupEntry> entries = listing.backups();
        if (!listing.unfinished().isEmpty()) {
            console.warn("note: " + listing.unfinished().size() + " unfinished backup file(s) or upload(s), never listed nor restored: "
                    + "left by a backup that was killed, or one still running. Once no backup is running, delete them:");
            listing.unfinished().forEach(u -> console.warn("  " + u));
        }
        if (!listing.damaged().isEmpty()) {
            console.warn("note: " + listing.damaged().size() + " damaged manifest(s); their backups cannot be checked, "
                    + "so they are neither listed nor restored:");
            listing.damaged().forEach(d -> console.warn("  " + d));
        }
        if (output.json) {
            console.result(Json.array(entries.stream().map(e -> {
                BackupManifest m = e.manifest();
                return new Document("name", m.name()).append("environment", m.environment()).append("database", m.database())
                        .append("createdAt", m.createdAt().toString()).append("querySet", m.querySet()).append("label", m.label())
                        .append("size", e.size()).append("compression", m.compression().label()).append("store", e.store())
                        .append("documents", m.documents()).append("file", m.archiveFile())
                        .append("lastMigration", m.lastApplied())
                        .append("migrations", m.migrations().stream().map(a -> new Document("name", a.name())
                                .append("state", a.state()).append("checksum", a.checksum())).toList())
                        .append("encryptionKeyId", m.encrypted() ? m.encryption().keyId() : null)
                        .append("macKeyId", m.authenticated() ? m.mac().keyId() : null);
            }).toList()));
            return 0;
        }
        if (entries.isEmpty()) {
            console.result("no backups yet" + (environment == null ? "" : " of " + environment) + ": monarch backup <env> takes one");
            return 0;
        }
        Table table = new Table("NAME", "ENVIRONMENT", "DATABASE", "TIME", "QUERY SET", "LABEL", "LAST MIGRATION", "SIZE",
                "COMPRESSION", "STORE");
        for (BackupEntry e : entries) {
            BackupManifest m = e.manifest();
            table.row(m.name(), m.environment(), m.database(), Formats.time(m.createdAt()), m.querySet(), m.label(),
                    m.lastApplied(), Formats.bytes(e.size()), m.compression().label() + (m.encrypted() ? "+enc" : "") + (m.authenticated() ? "+mac" : ""), e.store());
        }
        console.result(table.render());
        return 0;
    }
}
