package io.monarch.intent;

import com.mongodb.client.MongoDatabase;
import org.bson.Document;

/**
 * How many documents a dump cursor asks for at a time. A real server caps each batch at 16 MiB whatever
 * is asked; the embedded server does not, so a batch of 1000 documents near 16 MB each would be held
 * whole. Sizing the batch by the collection's average document keeps memory flat on both.
 */
public final class CursorBatches {
    static final int MAX_DOCUMENTS = 1000;
    private static final long BATCH_BYTES = 16L << 20;

    private CursorBatches() {
    }

    public static int forCollection(MongoDatabase database, String collection) {
        try {
            Document stats = database.runCommand(new Document("collStats", collection));
            Number average = stats.get("avgObjSize", Number.class);
            if (average == null || average.longValue() <= 0) {
                return MAX_DOCUMENTS;
            }
            return (int) Math.max(1, Math.min(MAX_DOCUMENTS, BATCH_BYTES / average.longValue()));
        } catch (RuntimeException e) {
            return MAX_DOCUMENTS; // no collStats (a view, or no right to it): the server's own cap applies
        }
    }
}
