package io.monarch.api;

/** Whether a migration runs inside one transaction ({@link Migration#transactionMode()}). */
public enum TransactionMode {
    /** Never: each write stands on its own. The default. */
    NEVER,
    /**
     * Always: the migration runs in one transaction, and where the server has none (a standalone server, the
     * embedded server) it is refused before anything runs.
     */
    ALWAYS,
    /**
     * In one transaction where the server has them (a replica set, a sharded cluster); elsewhere it runs without
     * one, and monarch says so. {@link MigrationContext#inTransaction()} tells which: pass
     * {@link MigrationContext#session()} to every write when it is true, and write plainly when it is false.
     */
    AUTO
}
