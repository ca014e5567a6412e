package io.monarch.api;

import com.mongodb.client.ClientSession;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;

import java.util.function.Consumer;

/** What a migration works with: the environment's database and client, a log, and its transaction. */
public final class MigrationContext {
    private final String environment;
    private final MongoClient client;
    private final MongoDatabase database;
    private final ClientSession session;
    private final Consumer<String> log;

    public MigrationContext(String environment, MongoClient client, MongoDatabase database,
                            ClientSession session, Consumer<String> log) {
        this.environment = environment;
        this.client = client;
        this.database = database;
        this.session = session;
        this.log = log;
    }

    public String environment() {
        return environment;
    }

    public MongoClient client() {
        return client;
    }

    public MongoDatabase database() {
        return database;
    }

    /** The session of this migration's transaction; pass it to every write. Only in a transaction (see {@link #inTransaction()}). */
    public ClientSession session() {
        if (session == null) {
            throw new IllegalStateException("this migration runs without a transaction; override transactionMode() "
                    + "to return ALWAYS (or AUTO, and check inTransaction()) to get a session");
        }
        return session;
    }

    /** Whether this run is inside a transaction: always with ALWAYS, where the server has them with AUTO. */
    public boolean inTransaction() {
        return session != null;
    }

    /** Prints a line under the migration's name (quiet with --quiet). */
    public void log(String message) {
        log.accept(message);
    }
}
