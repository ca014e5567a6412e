package io.monarch.api;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What a backup holds, as its manifest ({@code <name>.json}, written beside the archive once it is complete)
 * says: a backup without one did not finish. Restore checks the archive against it (size, SHA-256, each
 * collection's count and CRC). {@code encryption} is null for an archive stored as it is; for an encrypted one,
 * {@code archiveSize} and {@code archiveSha256} are those of the bytes stored (the ciphertext), so they can be
 * checked without the key.
 */
public record BackupManifest(String name, String archiveFile, String environment, String database, Instant createdAt,
                             String label, String querySet, String serverVersion, String monarchVersion,
                             Compression compression, long archiveSize, String archiveSha256, Duration took,
                             List<CollectionSummary> collections, List<String> maskedFields,
                             BackupEncryption encryption) {

    public long documents() {
        return collections.stream().mapToLong(CollectionSummary::documents).sum();
    }

    public boolean encrypted() {
        return encryption != null;
    }

    public CollectionSummary collection(String name) {
        return collections.stream().filter(c -> c.name().equals(name)).findFirst().orElse(null);
    }
}
