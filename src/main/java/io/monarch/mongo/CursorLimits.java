package io.monarch.mongo;

import de.bwaldvogel.mongo.backend.Cursor;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.InMemoryCursor;
import de.bwaldvogel.mongo.bson.Document;

import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * MongoDB's limits on every cursor reply of an embedded back end (memory and folder alike): a first batch of the
 * batchSize asked for (a find or an aggregate without one: 101 documents; listCollections, listIndexes: no count),
 * every batch ended at 16 MiB ({@link BatchedCursor}). mongo-java-server answers a find without a batchSize, an
 * aggregate or a listing with every result in one reply, and its getMore with the rest of a list whatever its
 * size; a client then fails on a reply over 48 MB ("length of read message too large"). Here the rest of such a
 * reply, with what is left of the list cursor the server may have opened, goes to a {@link BatchedCursor} under the
 * same id, so every cursor a command opens answers getMore within the limits too.
 */
final class CursorLimits {
    private final CursorRegistry cursors;

    CursorLimits(CursorRegistry cursors) {
        this.cursors = cursors;
    }

    /** The server's answer to one command, its cursor's batches within MongoDB's limits. */
    Document answer(String command, Document query, Supplier<Document> server) {
        Document reply = server.get();
        if (reply.get("cursor") instanceof Document cursor && cursor.get("firstBatch") instanceof List<?> firstBatch
                && cursor.get("id") instanceof Number id) {
            limitFirstBatch(command, query, cursor, firstBatch, id.longValue());
        }
        return reply;
    }

    /** Cuts the first batch to the batchSize asked for and 16 MiB; the rest, and any list cursor's, stays to read. */
    @SuppressWarnings("unchecked")
    private void limitFirstBatch(String command, Document query, Document reply, List<?> firstBatch, long id) {
        Stream<Document> documents = ((List<Document>) firstBatch).stream();
        if (id != 0) {
            Cursor inner = cursors.getCursor(id);
            if (!(inner instanceof InMemoryCursor)) {
                return; // one of ours, its batches already limited, or a change stream's, which waits for more
            }
            cursors.remove(id);
            documents = Stream.concat(documents, inner.takeDocuments(Integer.MAX_VALUE).stream());
        }
        BatchedCursor cursor = BatchedCursor.over(id != 0 ? id : cursors.generateCursorId(), documents.iterator());
        List<Document> first = cursor.takeDocuments(firstBatchSize(command, query));
        boolean open = !cursor.isEmpty() && !Boolean.TRUE.equals(query.get("singleBatch"));
        if (open) {
            cursors.add(cursor);
        }
        reply.put("firstBatch", first);
        reply.put("id", open ? cursor.getId() : 0L);
    }

    /** The batchSize asked for; none (or 0): 101 documents for a find or an aggregate, no count for a listing. */
    private static int firstBatchSize(String command, Document query) {
        Object asked = "find".equalsIgnoreCase(command) ? query.get("batchSize")
                : query.get("cursor") instanceof Document cursor ? cursor.get("batchSize") : null;
        if (asked instanceof Number number && number.intValue() > 0) {
            return number.intValue();
        }
        return "find".equalsIgnoreCase(command) || "aggregate".equalsIgnoreCase(command) ? BatchedCursor.DEFAULT_FIRST_BATCH : 0;
    }
}
