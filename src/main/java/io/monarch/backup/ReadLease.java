package io.monarch.backup;

import io.monarch.lock.RunBy;
import io.monarch.storage.BackupStore;
import io.monarch.storage.BackupUpload;
import io.monarch.storage.StoredFile;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A backup being read (restore, verify, copy from a backup) holds a lease: a small file {@code <name>.reading-<id>.lease}
 * beside it in its store, saying who reads it since when, deleted when the reading ends. {@code prune} keeps a backup
 * with a lease younger than {@link #STALE} (a reader killed before it could delete its lease only delays a prune).
 */
final class ReadLease {
    static final String EXTENSION = ".lease";
    /** A lease older than this was left by a reader that died: it no longer protects its backup. */
    static final Duration STALE = Duration.ofHours(24);

    private ReadLease() {
    }

    /** Takes a lease on backup {@code name} for as long as {@code in} is open. */
    static InputStream hold(BackupStore store, String name, InputStream in) {
        String lease = name + ".reading-" + UUID.randomUUID().toString().substring(0, 8) + EXTENSION;
        RunBy by = RunBy.current();
        try (BackupUpload upload = store.create(lease)) {
            upload.stream().write(("{\"user\": \"" + by.user() + "\", \"host\": \"" + by.host() + "\", \"pid\": " + by.pid()
                    + ", \"since\": \"" + Instant.now() + "\"}\n").getBytes(StandardCharsets.UTF_8));
            upload.commit();
        } catch (IOException | RuntimeException e) {
            return in; // a store that cannot take the lease still gives the backup to read; prune may then race it
        }
        return new FilterInputStream(in) {
            private boolean closed;

            @Override
            public void close() throws IOException {
                try {
                    super.close();
                } finally {
                    if (!closed) {
                        closed = true;
                        try {
                            store.delete(lease);
                        } catch (RuntimeException e) {
                            // left behind: stale after a day, and prune removes it then
                        }
                    }
                }
            }
        };
    }

    /** The live leases on backup {@code name} among {@code files}. */
    static List<StoredFile> live(List<StoredFile> files, String name, Instant now) {
        return files.stream().filter(f -> isLeaseOf(f.name(), name))
                .filter(f -> f.modified() == null || f.modified().isAfter(now.minus(STALE))).toList();
    }

    /** Leases older than {@link #STALE}, to delete. */
    static List<StoredFile> stale(List<StoredFile> files, Instant now) {
        return files.stream().filter(f -> f.name().endsWith(EXTENSION) && f.name().contains(".reading-"))
                .filter(f -> f.modified() != null && f.modified().isBefore(now.minus(STALE))).toList();
    }

    private static boolean isLeaseOf(String file, String name) {
        return file.startsWith(name + ".reading-") && file.endsWith(EXTENSION);
    }
}
