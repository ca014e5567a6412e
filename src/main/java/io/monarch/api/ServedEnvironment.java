package io.monarch.api;

/** An embedded environment served on 127.0.0.1 for other programs (mongosh, Compass, an app) until closed. */
public interface ServedEnvironment extends AutoCloseable {
    /** {@code mongodb://127.0.0.1:<port>}. */
    String connectionString();

    int port();

    /** Stops serving (and, for a folder, flushes and unlocks it). */
    @Override
    void close();
}
