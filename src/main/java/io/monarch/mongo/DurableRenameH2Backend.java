package io.monarch.mongo;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.h2.H2Database;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

import java.util.List;

/**
 * mongo-java-server's H2 backend, with renameCollection made durable. Upstream (1.47.0) renames the collection
 * in memory, then looks up its storage maps by the new name, so the documents stay in maps named after the
 * old collection: after a restart the renamed collection is empty (measured: rename, reopen → no documents).
 * Restore and copy_db swap every collection in by renaming, so here the maps follow the rename.
 */
final class DurableRenameH2Backend extends H2Backend {

    DurableRenameH2Backend(String fileName) {
        super(fileName);
    }

    @Override
    protected MongoDatabase openOrCreateDatabase(String databaseName) {
        return new DurableRenameH2Database(databaseName, getMvStore(), getCursorRegistry());
    }

    private static final class DurableRenameH2Database extends H2Database {
        private static final String DATA_PREFIX = "databases.";
        private static final String META_PREFIX = "meta.";
        private final MVStore store;

        DurableRenameH2Database(String databaseName, MVStore store, de.bwaldvogel.mongo.backend.CursorRegistry cursors) {
            super(databaseName, store, cursors);
            this.store = store;
        }

        @Override
        public void moveCollection(MongoDatabase oldDatabase, MongoCollection<?> collection, String newCollectionName) {
            String oldFullName = collection.getFullName();
            String newFullName = getFullCollectionNamespace(newCollectionName);
            super.moveCollection(oldDatabase, collection, newCollectionName);
            moveMap(DATA_PREFIX + oldFullName, DATA_PREFIX + newFullName);
            moveMap(META_PREFIX + oldFullName, META_PREFIX + newFullName);
            List<String> indexMaps = store.getMapNames().stream().filter(n -> n.startsWith(oldFullName + "._index_")).toList();
            for (String indexMap : indexMaps) {
                moveMap(indexMap, newFullName + indexMap.substring(oldFullName.length()));
            }
        }

        /** Renames a map, replacing the empty one that upstream opened under the new name. */
        private void moveMap(String from, String to) {
            if (from.equals(to) || !store.hasMap(from)) {
                return;
            }
            if (store.hasMap(to)) {
                MVMap<Object, Object> placeholder = store.openMap(to);
                store.removeMap(placeholder);
            }
            store.renameMap(store.openMap(from), to);
        }
    }
}
