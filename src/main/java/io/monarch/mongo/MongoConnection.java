package io.monarch.mongo;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import io.monarch.config.EmbeddedUri;
import io.monarch.config.Environment;
import org.bson.Document;

import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The one place that opens a connection: an environment's client and database, with its embedded server
 * when the URI is {@code embedded:}. Close it to release both.
 */
public final class MongoConnection implements AutoCloseable {
    private final Environment environment;
    private final MongoClient client;
    private final EmbeddedServer embedded;

    private MongoConnection(Environment environment, MongoClient client, EmbeddedServer embedded) {
        this.environment = environment;
        this.client = client;
        this.embedded = embedded;
    }

    public static MongoConnection open(Environment environment, Path projectDir) {
        EmbeddedServer embedded = null;
        String uri = environment.uri();
        if (environment.embedded()) {
            embedded = EmbeddedServer.acquire(EmbeddedUri.dataDirectory(uri, projectDir), 0);
            uri = embedded.connectionString();
        }
        try {
            ConnectionString connectionString = new ConnectionString(uri);
            // 15 s to find the server (the driver's 30 s is long for a CLI), unless the uri says otherwise
            long selectionTimeout = connectionString.getServerSelectionTimeout() != null
                    ? connectionString.getServerSelectionTimeout() : Long.getLong("monarch.serverSelectionTimeoutMs", 15_000);
            MongoClientSettings settings = MongoClientSettings.builder()
                    .applyConnectionString(connectionString)
                    .applyToClusterSettings(b -> b.serverSelectionTimeout(selectionTimeout, TimeUnit.MILLISECONDS))
                    .applicationName("monarch")
                    .build();
            return new MongoConnection(environment, MongoClients.create(settings), embedded);
        } catch (RuntimeException e) {
            if (embedded != null) {
                embedded.release();
            }
            throw e;
        }
    }

    public Environment environment() {
        return environment;
    }

    public MongoClient client() {
        return client;
    }

    public MongoDatabase database() {
        return client.getDatabase(environment.database());
    }

    public Optional<EmbeddedServer> embeddedServer() {
        return Optional.ofNullable(embedded);
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
