package io.monarch.mongo;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.backend.AbstractUniqueIndex;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.Missing;
import de.bwaldvogel.mongo.bson.Document;
import org.h2.mvstore.MVMap;

import java.util.ArrayList;
import java.util.List;
import java.util.Map.Entry;

/** A unique index (the {@code _id} index among them) kept in one map of the embedded store: key → document position. */
final class StoredUniqueIndex extends AbstractUniqueIndex<Object> {
    private final MVMap<KeyValue, Object> map;

    StoredUniqueIndex(MVMap<KeyValue, Object> map, String name, List<IndexKey> keys, boolean sparse) {
        super(name, keys, sparse);
        this.map = map;
    }

    /**
     * Adds the document's keys without looking each up first: every caller has run {@link #checkAdd} (or
     * checkUpdate) for it already, and upstream's add runs it a second time, which was a tenth of an insert. A key
     * found there after all still fails as a duplicate key, with nothing of the document left in the index.
     */
    @Override
    public synchronized void add(Document document, Object position, MongoCollection<Object> collection) {
        if (isSparse()) {
            super.add(document, position, collection);
            return;
        }
        List<KeyValue> added = new ArrayList<>();
        for (KeyValue key : getKeyValues(document)) {
            if (!putKeyPosition(key, position)) {
                added.forEach(map::remove);
                checkAdd(document, collection); // throws the server's own duplicate key error
                throw new IllegalStateException("key " + key + " of " + getName() + " is there twice");
            }
            added.add(key);
        }
    }

    @Override
    protected Object removeDocument(KeyValue key) {
        return map.remove(key);
    }

    @Override
    protected boolean putKeyPosition(KeyValue key, Object position) {
        return map.putIfAbsent(key, Missing.ofNullable(position)) == null;
    }

    @Override
    protected Iterable<Entry<KeyValue, Object>> getIterable() {
        return map.entrySet();
    }

    @Override
    protected Object getPosition(KeyValue key) {
        return map.get(key);
    }

    @Override
    public long getCount() {
        return map.sizeAsLong();
    }

    @Override
    public boolean isEmpty() {
        return map.isEmpty();
    }

    @Override
    public long getDataSize() {
        return getCount();
    }
}
