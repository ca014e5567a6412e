package io.monarch.storage;

import java.io.Closeable;
import java.io.OutputStream;

/**
 * A file being written to a store. {@link #commit()} makes it visible whole under its name; {@link #abort()}
 * (or closing without commit) removes every trace of it. The stream must not be used after either.
 */
public interface BackupUpload extends Closeable {
    OutputStream stream();

    /** Finishes the file and returns its size in bytes. */
    long commit();

    /** Removes what was written. Safe to call more than once, and after a failed commit. */
    void abort();

    /** Aborts unless committed. */
    @Override
    void close();
}
