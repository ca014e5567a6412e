package io.monarch.intent;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import io.monarch.support.InProcessMongo;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The embedded server does not cap a batch at 16 MiB, so the dump cursor sizes its batches by the documents. */
class CursorBatchesTest {
    @RegisterExtension
    static final InProcessMongo MONGO = new InProcessMongo();
    private static MongoClient client;

    @BeforeAll
    static void connect() {
        client = MONGO.client();
    }

    @AfterAll
    static void disconnect() {
        client.close();
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
