package io.monarch.cli;

import io.monarch.api.BackupManifest;
import io.monarch.api.BackupOptions;
import io.monarch.api.Compression;
import io.monarch.api.Store;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.concurrent.Callable;

@Command(name = "backup", mixinStandardHelpOptions = true,
        description = "Back an environment's database up to local disk or S3: one mongodump archive (mongorestore --archive reads it, unless encrypted) and a manifest.")
final class BackupCommand implements Callable<Integer> {
    @Mixin
    GlobalOptions global;

    @Mixin
    TenantOption tenant;

    @Parameters(paramLabel = "<env>", completionCandidates = Choices.Environments.class, description = "The environment to back up.")
    String environment;

    @Option(names = "--name", paramLabel = "<label>", description = "A label that ends the backup's name: letters, digits, '.', '_' and '-' (not '.' or '..').")
    String label;

    @Option(names = "--store", defaultValue = "local", completionCandidates = Choices.Stores.class,
            description = "${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    Store store;

    @Option(names = "--compression", paramLabel = "gzip|zstd|none", completionCandidates = Choices.Compressions.class,
            description = "Default: the store's, from settings (gzip).")
    Compression compression;

    @Mixin
    QuerySetOptions subset;

    @Option(names = {"-j", "--parallel"}, defaultValue = "4",
            description = "Readers at once: collections, or segments of a large one (default: ${DEFAULT-VALUE}).")
    int parallelism;

    @Mixin
    SegmentOptions segments;

    @Override
    public Integer call() {
        Console console = Console.of(global);
        BackupOptions options = new BackupOptions(store, compression, parallelism, label,
                subset.querySet, subset.prompter(console), segments.segmentBytes);
        BackupManifest manifest = ProgressBar.during(global, progress -> tenant.on(global.monarch(console), environment).backup(environment, options, progress));
        console.result("backup " + manifest.name() + " (" + store.label() + ")");
        if (!manifest.maskedFields().isEmpty()) {
            console.result("  masked: " + String.join(", ", manifest.maskedFields()));
        }
        console.result(String.format("  %s, %s in %s, %s, took %s", Formats.bytes(manifest.archiveSize()),
                Formats.count(manifest.documents(), "document"), Formats.count(manifest.collections().size(), "collection"),
                manifest.compression().label() + (manifest.encrypted() ? ", encrypted (key id " + manifest.encryption().keyId() + ")" : "")
                        + (manifest.authenticated() ? ", manifest authenticated (key id " + manifest.mac().keyId() + ")" : ""),
                Formats.duration(manifest.took())));
        return 0;
    }
}
