package io.monarch.storage;

import io.monarch.api.Store;

import java.io.InputStream;
import java.util.List;

/**
 * Where backup files live: a local folder or an S3 bucket. Files are written through an {@link BackupUpload}
 * that makes them visible under their name only when committed whole.
 */
public interface BackupStore extends AutoCloseable {
    Store kind();

    /** "local" or "s3", as users name the store on the command line. */
    default String label() {
        return kind().label();
    }

    /** Where a file of this store is, for messages: a path or an s3:// address. */
    String describe(String fileName);

    /** Starts writing a file; nothing is visible under its name until {@link BackupUpload#commit()}. */
    BackupUpload create(String fileName);

    /** Reads a committed file; a missing file is a usage error naming it. */
    InputStream open(String fileName);

    boolean exists(String fileName);

    /** The committed files (never a partial one). */
    List<StoredFile> list();

    /**
     * What backups that did not finish left here — a killed process's partial file, an upload never completed
     * or aborted — described for a person to clean up. A backup still running shows here too.
     */
    default List<UnfinishedFile> unfinished() {
        return List.of();
    }

    /** Removes what {@link #unfinished()} found: deletes a partial file, aborts an upload. */
    default void discard(UnfinishedFile leftover) {
        throw new UnsupportedOperationException(label() + " keeps no unfinished files");
    }

    void delete(String fileName);

    /** Frees what the store holds open (an S3 client's connections). */
    @Override
    default void close() {
    }
}
