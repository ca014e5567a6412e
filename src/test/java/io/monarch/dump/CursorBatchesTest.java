package io.monarch.dump;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The embedded server does not cap a batch at 16 MiB, so the dump cursor sizes its batches by the documents. */
class CursorBatchesTest {
    private static MongoServer server;
    private static MongoClient client;

    @BeforeAll
    static void start() {
        server = new MongoServer(new MemoryBackend());
        InetSocketAddress address = server.bind();
        client = MongoClients.create("mongodb://" + address.getHostString() + ":" + address.getPort());
    }

    @AfterAll
    static void stop() {
        client.close();
        server.shutdownNow();
    }

    @Test
    void largeDocumentsComeAFewAtATimeSmallOnesAThousand() {
        MongoDatabase db = client.getDatabase("batches");
        String fourMegabytes = "x".repeat(4 << 20);
        for (int i = 0; i < 3; i++) {
            db.getCollection("large").insertOne(new Document("_id", i).append("blob", fourMegabytes));
        }
        db.getCollection("small").insertOne(new Document("_id", 1));

        assertEquals(3, CursorBatches.forCollection(db, "large"), "16 MiB of ~4 MiB documents");
        assertEquals(CursorBatches.MAX_DOCUMENTS, CursorBatches.forCollection(db, "small"));
        assertEquals(CursorBatches.MAX_DOCUMENTS, CursorBatches.forCollection(db, "missing"));
    }
}
