package io.monarch.support;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * An in-process MongoDB-wire server (mongo-java-server, memory backend) on a free 127.0.0.1 port, reached over
 * TCP as any server is. As an instance field ({@code @RegisterExtension final InProcessMongo mongo = ...}) each
 * test gets a fresh one; as a static field the test class shares one.
 */
public final class InProcessMongo implements BeforeEachCallback, AfterEachCallback, BeforeAllCallback, AfterAllCallback {
    private MongoServer server;
    private String uri;
    private boolean perClass;

    @Override
    public void beforeAll(ExtensionContext context) {
        perClass = true;
        start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        stop();
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        if (!perClass) {
            start();
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (!perClass) {
            stop();
        }
    }

    private void start() {
        server = new MongoServer(new MemoryBackend());
        server.bind("127.0.0.1", 0);
        uri = "mongodb://127.0.0.1:" + server.getLocalAddress().getPort();
    }

    private void stop() {
        if (server != null) {
            server.shutdownNow();
            server = null;
        }
    }

    /** {@code mongodb://127.0.0.1:<port>}. */
    public String uri() {
        return uri;
    }

    /** A new client of the server; close it. */
    public MongoClient client() {
        return MongoClients.create(uri);
    }
}
