package io.monarch.api;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What a backup holds, as its manifest ({@code <name>.json}, written beside the archive once it is complete)
 * says: a backup without one did not finish. Restore checks the archive against it (size, SHA-256, each
 * collection's count and CRC).
 */
public record BackupManifest(String name, String archiveFile, String environment, String database, Instant createdAt,
                             String label, String querySet, String serverVersion, String monarchVersion,
                             Compression compression, long archiveSize, String archiveSha256, Duration took,
                             List<CollectionSummary> collections, List<String> maskedFields) {

    public long documents() {
        return collections.stream().mapToLong(CollectionSummary::documents).sum();
    }

    public CollectionSummary collection(String name) {
        return collections.stream().filter(c -> c.name().equals(name)).findFirst().orElse(null);
    }
}
