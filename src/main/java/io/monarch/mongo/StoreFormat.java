package io.monarch.mongo;

import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.type.ByteArrayDataType;
import org.h2.mvstore.type.DataType;

/**
 * The maps of an embedded folder store and the types each is read with. The names are mongo-java-server's H2
 * layout: {@code databases.<db>.<coll>} holds a collection's documents, {@code meta.<db>.<coll>} its data size,
 * {@code <db>.<coll>._index_<name>} a unique index.
 *
 * <p>Documents are BSON bytes under {@link StoredValueType} keys, and index keys are {@link StoredKeyType}s. A map
 * that monarch 0.1 wrote holds Java-serialized objects under H2's default types instead (its index keys ordered by
 * their serialized bytes), and is read and written that way for as long as it lives, so folders written before
 * keep working: such maps are marked legacy when an unmarked store is first opened. A restore or copy_db replaces
 * each collection it loads with a new map, and a compaction ({@link StoreCompaction}) rewrites all of them. The
 * marks live in the store, in a map whose name no database's maps can start with (':' is not allowed in database
 * names).
 */
final class StoreFormat {
    static final String DATA_PREFIX = "databases.";
    static final String META_PREFIX = "meta.";
    static final String INDEX_INFIX = "._index_";
    static final String MAP = "monarch:format";
    private static final String VERSION = "version";
    private static final String CURRENT = "2";
    private static final String LEGACY = "legacy:";

    private final MVStore store;
    private final MVMap<String, String> marks;

    private StoreFormat(MVStore store, MVMap<String, String> marks) {
        this.store = store;
        this.marks = marks;
    }

    /** The store's marks; a store without any is one monarch 0.1 wrote (or a new one), and all its maps are marked legacy. */
    static StoreFormat of(MVStore store) {
        boolean marked = store.hasMap(MAP);
        MVMap<String, String> marks = store.openMap(MAP);
        if (!marked) {
            for (String name : store.getMapNames()) {
                if (!name.equals(MAP)) {
                    marks.put(LEGACY + name, "");
                }
            }
            marks.put(VERSION, CURRENT);
            store.commit();
        }
        return new StoreFormat(store, marks);
    }

    boolean isLegacy(String mapName) {
        return marks.containsKey(LEGACY + mapName);
    }

    /** Whether a key of the marks map is a legacy mark (a compaction leaves them behind). */
    boolean isLegacyMark(Object key) {
        return key instanceof String s && s.startsWith(LEGACY);
    }

    /**
     * A map with the types its name and mark call for: the open instance if there is one, else opened with them
     * (H2 reads a map's pages with the types it was opened with, removing it included).
     */
    <K, V> MVMap<K, V> open(String name) {
        return store.openMap(name, builder(name, isLegacy(name)));
    }

    /** The types of a map in the current format ({@code legacy} false) or as monarch 0.1 wrote it. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    static <K, V> MVMap.Builder<K, V> builder(String name, boolean legacy) {
        MVMap.Builder builder = new MVMap.Builder<>();
        if (legacy || name.equals(MAP) || name.startsWith(META_PREFIX)) {
            return builder;
        }
        if (name.startsWith(DATA_PREFIX)) {
            return builder.keyType(StoredValueType.INSTANCE).valueType((DataType) ByteArrayDataType.INSTANCE);
        }
        if (name.contains(INDEX_INFIX)) {
            return builder.keyType((DataType) StoredKeyType.INSTANCE).valueType(StoredValueType.INSTANCE);
        }
        return builder;
    }

    /**
     * Renames a map. The new name is marked first and the old mark dropped last, so a crash in between leaves at
     * worst a mark on a name with no map, never a legacy map unmarked.
     */
    void rename(String from, String to) {
        boolean legacy = isLegacy(from);
        if (legacy) {
            marks.put(LEGACY + to, "");
        } else {
            marks.remove(LEGACY + to);
        }
        store.renameMap(open(from), to);
        marks.remove(LEGACY + from);
    }

    /** Removes a map; its name is then free for a new map, in the current format. */
    void remove(String name) {
        if (store.hasMap(name)) {
            store.removeMap(open(name));
        }
        marks.remove(LEGACY + name);
    }
}
