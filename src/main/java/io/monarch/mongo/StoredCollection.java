package io.monarch.mongo;

import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.AbstractSynchronizedMongoCollection;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.DocumentWithPosition;
import de.bwaldvogel.mongo.backend.Missing;
import de.bwaldvogel.mongo.backend.QueryParameters;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.backend.Utils;
import de.bwaldvogel.mongo.bson.Document;
import org.h2.mvstore.Cursor;
import org.h2.mvstore.MVMap;

import java.util.List;
import java.util.NoSuchElementException;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * A collection of an embedded folder environment: one map from {@code _id} to the document's BSON bytes (or, in a
 * map monarch 0.1 wrote, to the Java-serialized document), and a small map holding its data size.
 *
 * <p>Unlike mongo-java-server's H2 collection, a query without a sort does not decode every matching document
 * before answering: it answers batch by batch from a cursor that reads the map as the client asks, so a backup
 * of a large collection holds one batch of documents at a time, not the collection.
 */
final class StoredCollection extends AbstractSynchronizedMongoCollection<Object> {
    private static final String DATA_SIZE = "dataSize";
    /** How many documents an unbatched read decodes at a time. */
    private static final int READ_AHEAD = 1000;

    private final MVMap<Object, Object> documents;
    private final MVMap<String, Object> meta;
    private final boolean legacy;
    /** Inside {@link #insertDocuments}: the size change of the documents added so far, written when it returns. */
    private boolean batching;
    private long batchedSize;
    /** Inside {@link #handleQuery}: a client's find without a batchSize. */
    private boolean clientFind;

    StoredCollection(MongoDatabase database, String name, CollectionOptions options, MVMap<Object, Object> documents,
                     MVMap<String, Object> meta, boolean legacy, CursorRegistry cursors) {
        super(database, name, options, cursors);
        this.documents = documents;
        this.meta = meta;
        this.legacy = legacy;
        meta.putIfAbsent(DATA_SIZE, 0L);
    }

    private Object stored(Document document) {
        return legacy ? document : BsonDocuments.encode(document);
    }

    private Document document(Object stored) {
        if (stored == null || legacy) {
            return (Document) stored;
        }
        return BsonDocuments.decode((byte[]) stored);
    }

    private int size(Object stored) {
        return legacy ? BsonDocuments.encode((Document) stored).length : ((byte[]) stored).length;
    }

    /** The size is counted from the bytes stored instead of encoding every document a second time to measure it. */
    @Override
    protected boolean tracksDataSize() {
        return false;
    }

    /** Inserts a batch, writing its data size once at the end instead of once per document. */
    @Override
    public synchronized List<Document> insertDocuments(List<Document> documents, boolean isOrdered) {
        batchedSize = 0;
        batching = true;
        try {
            return super.insertDocuments(documents, isOrdered);
        } finally {
            batching = false;
            updateDataSize(0);
        }
    }

    @Override
    protected void updateDataSize(int delta) {
        if (batching) {
            batchedSize += delta;
            return;
        }
        long change = delta + batchedSize;
        batchedSize = 0;
        if (change != 0) {
            synchronized (meta) {
                meta.put(DATA_SIZE, ((Number) meta.get(DATA_SIZE)).longValue() + change);
            }
        }
    }

    @Override
    protected int getDataSize() {
        return ((Number) meta.get(DATA_SIZE)).intValue();
    }

    @Override
    protected Object addDocumentInternal(Document document) {
        Object key = getIdField() != null ? Utils.getSubdocumentValue(document, getIdField()) : UUID.randomUUID();
        Object stored = stored(document);
        Object previous = documents.putIfAbsent(Missing.ofNullable(key), stored);
        if (previous != null) {
            throw new IllegalStateException("a document with _id " + key + " is already in " + getFullName());
        }
        updateDataSize(size(stored));
        return key;
    }

    @Override
    public int count() {
        return documents.size();
    }

    @Override
    public boolean isEmpty() {
        return documents.isEmpty();
    }

    @Override
    protected Document getDocument(Object position) {
        return document(documents.get(position));
    }

    @Override
    protected void removeDocument(Object position) {
        Object removed = documents.remove(position);
        if (removed == null) {
            throw new NoSuchElementException("No document with key " + position);
        }
        updateDataSize(-size(removed));
    }

    @Override
    protected void handleUpdate(Object position, Document oldDocument, Document newDocument) {
        Object stored = stored(newDocument);
        Object previous = documents.put(Missing.ofNullable(position), stored);
        updateDataSize(size(stored) - (previous == null ? 0 : size(previous)));
    }

    @Override
    protected Stream<DocumentWithPosition<Object>> streamAllDocumentsWithPosition() {
        return documents.entrySet().stream().map(e -> new DocumentWithPosition<>(document(e.getValue()), e.getKey()));
    }

    /**
     * A client's find (its selector holds {@code $query}) without a batchSize gets mongod's first batch and a
     * cursor for the rest; mongo-java-server would answer it with every match in one reply, however large.
     */
    @Override
    public synchronized QueryResult handleQuery(QueryParameters parameters) {
        clientFind = parameters.getBatchSize() == 0 && parameters.getQuerySelector().containsKey("$query");
        try {
            return super.handleQuery(parameters);
        } finally {
            clientFind = false;
        }
    }

    @Override
    protected QueryResult matchDocuments(Document query, Document orderBy, int skip, int limit, int batchSize,
                                         Document projection) {
        boolean reverse = isNaturalDescending(orderBy);
        if (!reverse && deriveComparator(orderBy) != null) {
            // a sort needs every match first
            return matchDocumentsFromStream(documents.values().stream().map(this::document), query, orderBy, skip, limit,
                    batchSize, projection);
        }
        if (batchSize <= 0 && !clientFind) {
            // every match, read as the caller iterates: the server's own callers (count, update, delete, the
            // aggregation stages), which take all of it
            return new QueryResult(() -> new MapCursor(query, skip, limit, projection, reverse).remaining(READ_AHEAD));
        }
        MapCursor cursor = new MapCursor(query, skip, limit, projection, reverse);
        List<Document> first = cursor.takeDocuments(batchSize > 0 ? batchSize : BatchedCursor.DEFAULT_FIRST_BATCH);
        if (cursor.isEmpty()) {
            return new QueryResult(first);
        }
        cursorRegistry.add(cursor);
        return new QueryResult(first, cursor);
    }

    /**
     * The matches of a query in map order, read a batch at a time. Each batch reads the map as it is then, from
     * the key after the last one read (as mongod's cursors see documents written meanwhile).
     */
    private final class MapCursor extends BatchedCursor {
        private final Document query;
        private final Document projection;
        private final boolean reverse;
        private int toSkip;
        private int toReturn;
        private Object lastKey;
        private boolean started;
        /** The map as this batch reads it; none between batches. */
        private Cursor<Object, Object> entries;

        MapCursor(Document query, int skip, int limit, Document projection, boolean reverse) {
            super(cursorRegistry.generateCursorId());
            this.query = query;
            this.projection = projection;
            this.reverse = reverse;
            this.toSkip = Math.max(0, skip);
            this.toReturn = limit > 0 ? limit : Integer.MAX_VALUE;
        }

        @Override
        protected Next read() {
            if (entries == null) {
                entries = started ? documents.cursor(lastKey, null, reverse) : documents.cursor(null, null, reverse);
            }
            while (toReturn > 0 && entries.hasNext()) {
                Object key = entries.next();
                if (started && documents.getKeyType().compare(key, lastKey) == 0) {
                    continue;
                }
                started = true;
                lastKey = key;
                Object stored = entries.getValue();
                Document document = document(stored);
                if (!documentMatchesQuery(document, query)) {
                    continue;
                }
                if (toSkip > 0) {
                    toSkip--;
                    continue;
                }
                toReturn--;
                // the stored size bounds the projected one: a find's projection only leaves fields out
                return new Next(document, size(stored));
            }
            return null;
        }

        @Override
        protected List<Document> batchRead(List<Document> batch) {
            entries = null;
            if (projection == null || projection.isEmpty() || batch.isEmpty()) {
                return batch;
            }
            // mongo-java-server's projection, applied to this batch alone (an empty query matches each)
            return matchDocumentsFromStream(new Document(), batch.stream(), 0, 0, 0, null, projection).collectDocuments();
        }
    }
}
