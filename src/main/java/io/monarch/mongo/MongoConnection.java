package io.monarch.mongo;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import io.monarch.api.EnvironmentConnection;
import org.bson.Document;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The one place that opens a connection: an environment's client and database, with its embedded server
 * when the URI is {@code embedded:}. Close it to release both.
 */
public final class MongoConnection implements EnvironmentConnection {
    /** How long to look for a server before giving up, unless the uri says (the driver's 30 s is long for a CLI). */
    static final long DEFAULT_SERVER_SELECTION_MS = 5_000;

    private final String environment;
    private final String database;
    private final MongoClient client;
    private final EmbeddedServer embedded;
    private final List<String> hosts;
    private final Duration serverSelectionTimeout;

    private MongoConnection(String environment, String database, MongoClient client, EmbeddedServer embedded,
                            List<String> hosts, Duration serverSelectionTimeout) {
        this.environment = environment;
        this.database = database;
        this.client = client;
        this.embedded = embedded;
        this.hosts = hosts;
        this.serverSelectionTimeout = serverSelectionTimeout;
    }

    /**
     * Connects to {@code database} at {@code uri} (an {@code embedded:} one starts or joins its in-process server,
     * its folder relative to {@code projectDir}); {@code environment} names it in messages.
     */
    public static MongoConnection open(String environment, String uri, String database, Path projectDir) {
        EmbeddedServer embedded = null;
        if (EmbeddedUri.isEmbedded(uri)) {
            embedded = EmbeddedServer.acquire(EmbeddedUri.dataDirectory(uri, projectDir), 0);
            uri = embedded.connectionString();
        }
        try {
            ConnectionString connectionString = new ConnectionString(uri);
            long selectionTimeout = connectionString.getServerSelectionTimeout() != null
                    ? connectionString.getServerSelectionTimeout()
                    : Long.getLong("monarch.serverSelectionTimeoutMs", DEFAULT_SERVER_SELECTION_MS);
            MongoClientSettings settings = MongoClientSettings.builder()
                    .applyConnectionString(connectionString)
                    .applyToClusterSettings(b -> b.serverSelectionTimeout(selectionTimeout, TimeUnit.MILLISECONDS))
                    .applicationName("monarch")
                    .build();
            return new MongoConnection(environment, database, MongoClients.create(settings), embedded,
                    List.copyOf(connectionString.getHosts()), Duration.ofMillis(selectionTimeout));
        } catch (RuntimeException e) {
            if (embedded != null) {
                embedded.release();
            }
            throw e;
        }
    }

    @Override
    public String environment() {
        return environment;
    }

    @Override
    public MongoClient client() {
        return client;
    }

    @Override
    public MongoDatabase database() {
        return client.getDatabase(database);
    }

    /** Another database of the same server (tenants, several databases of one dump). */
    public MongoDatabase database(String name) {
        return client.getDatabase(name);
    }

    /** The hosts of the uri (an SRV uri: its one host name), as messages name them; no credentials. */
    public List<String> hosts() {
        return hosts;
    }

    /** How long the client looks for a server: the uri's serverSelectionTimeoutMS, else 5 s. */
    public Duration serverSelectionTimeout() {
        return serverSelectionTimeout;
    }

    public Optional<EmbeddedServer> embeddedServer() {
        return Optional.ofNullable(embedded);
    }

    /** Makes an embedded environment's recent changes durable now (see {@link EmbeddedServer#flush()}); nothing elsewhere. */
    public void flush() {
        if (embedded != null) {
            embedded.flush();
        }
    }

    /** Whether the server can run multi-document transactions: a replica set or a mongos, not a standalone. */
    public boolean supportsTransactions() {
        if (embedded != null) {
            return false;
        }
        Document hello = client.getDatabase("admin").runCommand(new Document("hello", 1));
        boolean sessions = hello.get("logicalSessionTimeoutMinutes") != null;
        return sessions && (hello.get("setName") != null || "isdbgrid".equals(hello.get("msg")));
    }

    @Override
    public void close() {
        client.close();
        if (embedded != null) {
            embedded.release();
        }
    }
}
