package io.monarch.api;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What a backup holds, as its manifest ({@code <name>.json}, written beside the archive once it is complete)
 * says: a backup without one did not finish. Restore checks the archive against it (size, SHA-256, each
 * collection's count and CRC).
 *
 * @param migrations the source's migration tracking when it was taken (empty when it had none)
 * {@code encryption} is null for an archive stored as it is; for an encrypted one,
 * {@code archiveSize} and {@code archiveSha256} are those of the bytes stored (the ciphertext), so they can be
 * checked without the key.
 * {@code mac} is null for a manifest that is not authenticated (written without a key, or before manifests were).
 */
public record BackupManifest(String name, String archiveFile, String environment, String database, Instant createdAt,
                             String label, String querySet, String serverVersion, String monarchVersion,
                             Compression compression, long archiveSize, String archiveSha256, Duration took,
                             List<CollectionSummary> collections, List<String> maskedFields,
                             List<AppliedMigration> migrations, BackupEncryption encryption, ManifestMac mac) {

    public long documents() {
        return collections.stream().mapToLong(CollectionSummary::documents).sum();
    }

    /** The newest migration the data had applied, by name; null when none. */
    public String lastApplied() {
        return migrations.stream().filter(m -> "APPLIED".equals(m.state()) || "BASELINE".equals(m.state()))
                .map(AppliedMigration::name).filter(n -> n.matches("M\\d{14}_.*")).max(String::compareTo).orElse(null);
    }

    public boolean encrypted() {
        return encryption != null;
    }

    /** Whether the manifest carries a MAC; whether that MAC is right is checked by restore and verify. */
    public boolean authenticated() {
        return mac != null;
    }

    /** The same manifest, carrying {@code mac}. */
    public BackupManifest withMac(ManifestMac mac) {
        return new BackupManifest(name, archiveFile, environment, database, createdAt, label, querySet, serverVersion,
                monarchVersion, compression, archiveSize, archiveSha256, took, collections, maskedFields, migrations,
                encryption, mac);
    }

    public CollectionSummary collection(String name) {
        return collections.stream().filter(c -> c.name().equals(name)).findFirst().orElse(null);
    }
}
