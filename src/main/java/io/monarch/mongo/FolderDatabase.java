package io.monarch.mongo;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.AbstractSynchronizedMongoDatabase;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.oplog.Oplog;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

import java.util.List;

/**
 * A database of an embedded folder environment, in the map layout of mongo-java-server's H2 backend
 * ({@code databases.<db>.<coll>} for documents, {@code meta.<db>.<coll>}, {@code <db>.<coll>._index_<name>})
 * so folders it wrote open as they were. What differs: documents are kept as BSON and keys in a compact,
 * comparable form ({@link StoredValueType}); renameCollection moves a collection's maps with it (upstream 1.47.0
 * looks them up under the new name, so a renamed collection came back empty after a restart); and dropping a
 * database removes only its own maps (upstream also removed those of every database whose name it prefixes).
 */
final class FolderDatabase extends AbstractSynchronizedMongoDatabase<Object> {
    private static final String DATA_PREFIX = StoreFormat.DATA_PREFIX;
    private static final String META_PREFIX = StoreFormat.META_PREFIX;
    private static final String INDEX_INFIX = StoreFormat.INDEX_INFIX;

    private final MVStore store;
    private final StoreFormat format;

    FolderDatabase(String name, MVStore store, StoreFormat format, CursorRegistry cursors) {
        super(name, cursors);
        this.store = store;
        this.format = format;
        initializeNamespacesAndIndexes();
    }

    @Override
    protected MongoCollection<Object> openOrCreateCollection(String collectionName, CollectionOptions options) {
        String fullName = getFullCollectionNamespace(collectionName);
        String dataMap = DATA_PREFIX + fullName;
        return new StoredCollection(this, collectionName, options, open(dataMap), open(META_PREFIX + fullName),
                format.isLegacy(dataMap), cursorRegistry);
    }

    @Override
    protected Index<Object> openOrCreateUniqueIndex(String collectionName, String indexName, List<IndexKey> keys, boolean sparse) {
        return new StoredUniqueIndex(open(indexMap(collectionName, indexName)), indexName, keys, sparse);
    }

    @Override
    protected void dropIndex(MongoCollection<Object> collection, String indexName) {
        super.dropIndex(collection, indexName);
        remove(indexMap(collection.getCollectionName(), indexName));
    }

    @Override
    public void dropCollection(String collectionName, Oplog oplog) {
        super.dropCollection(collectionName, oplog);
        String fullName = getFullCollectionNamespace(collectionName);
        remove(DATA_PREFIX + fullName);
        remove(META_PREFIX + fullName);
    }

    @Override
    public void drop(Oplog oplog) {
        super.drop(oplog);
        String own = databaseName + ".";
        for (String name : store.getMapNames()) {
            if (name.startsWith(DATA_PREFIX + own) || name.startsWith(META_PREFIX + own)
                    || name.startsWith(own) && name.contains(INDEX_INFIX)) {
                remove(name);
            }
        }
    }

    @Override
    public void moveCollection(MongoDatabase oldDatabase, MongoCollection<?> collection, String newCollectionName) {
        String oldFullName = collection.getFullName();
        String newFullName = getFullCollectionNamespace(newCollectionName);
        List<String> indexNames = collection.getIndexes().stream().map(Index::getName).toList();
        super.moveCollection(oldDatabase, collection, newCollectionName);
        move(DATA_PREFIX + oldFullName, DATA_PREFIX + newFullName);
        move(META_PREFIX + oldFullName, META_PREFIX + newFullName);
        for (String index : indexNames) {
            move(oldFullName + INDEX_INFIX + index, newFullName + INDEX_INFIX + index);
        }
    }

    @Override
    protected long getStorageSize() {
        return store.getFileStore().size();
    }

    @Override
    protected long getFileSize() {
        return getStorageSize();
    }

    private String indexMap(String collectionName, String indexName) {
        return getFullCollectionNamespace(collectionName) + INDEX_INFIX + indexName;
    }

    /** Renames a map; a map already under the new name (a leftover) is removed first. */
    private void move(String from, String to) {
        if (from.equals(to) || !store.hasMap(from)) {
            return;
        }
        format.remove(to);
        format.rename(from, to);
    }

    private void remove(String name) {
        format.remove(name);
    }

    private <K, V> MVMap<K, V> open(String name) {
        return format.open(name);
    }
}
