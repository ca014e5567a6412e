package io.monarch.mongo;

import de.bwaldvogel.mongo.bson.Document;
import org.h2.mvstore.Cursor;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Gives an embedded folder's dead space back: what is live is copied into a new file, which is synced and then
 * renamed over the old one. H2 can only shrink a file by moving chunks within it, which this store does not do
 * ({@link ChunkKeepingFileStore}); without this, a restore over an existing environment would leave the file at
 * twice what it holds (the new collections are written while the old ones are still there).
 *
 * <p>A crash before the rename leaves the old file whole and a leftover copy, deleted at the next open; after
 * it, the new file is complete. The copy also rewrites maps monarch 0.1 wrote in the current format.
 */
final class StoreCompaction {
    private static final String SUFFIX = ".compacting";
    /** Less dead space than this is not worth a copy. */
    private static final long MIN_DEAD_BYTES = 8L << 20;

    private StoreCompaction() {
    }

    /** Whether more than a third of the file is dead (the file then holds over 1.5 × its live data). */
    static boolean worthwhile(MVStore store) {
        long size = store.getFileStore().size();
        long live = size * store.getFillRate() / 100 * store.getFileStore().getChunksFillRate() / 100;
        return size - live > MIN_DEAD_BYTES && 3 * live < 2 * size;
    }

    /** Deletes what a compaction killed part way left; call it only while holding the store's lock. */
    static void deleteLeftover(Path file) throws IOException {
        Files.deleteIfExists(copyOf(file));
    }

    /**
     * Copies every map of {@code store}, which nothing may write to meanwhile, into a new file and renames that
     * over {@code file}. The store stays open on the old file, which only its closing still writes to.
     */
    static void compact(MVStore store, StoreFormat format, Path file) throws IOException {
        Path copy = copyOf(file);
        Files.deleteIfExists(copy);
        boolean renamed = false;
        try {
            MVStore target = new MVStore.Builder().fileName(copy.toString()).autoCommitDisabled().open();
            try {
                for (String name : store.getMapNames()) {
                    copyMap(store, format, name, target);
                }
                target.commit();
            } finally {
                target.close();
            }
            try (FileChannel channel = FileChannel.open(copy, StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            Files.move(copy, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            renamed = true;
            syncFolder(file.getParent());
        } finally {
            if (!renamed) {
                Files.deleteIfExists(copy);
            }
        }
    }

    private static void copyMap(MVStore store, StoreFormat format, String name, MVStore target) {
        boolean legacy = format.isLegacy(name);
        boolean legacyDocuments = legacy && name.startsWith(StoreFormat.DATA_PREFIX);
        MVMap<Object, Object> from = format.open(name);
        MVMap<Object, Object> to = target.openMap(name, StoreFormat.builder(name, false));
        for (Cursor<Object, Object> entries = from.cursor(null); entries.hasNext(); ) {
            Object key = entries.next();
            if (name.equals(StoreFormat.MAP) && format.isLegacyMark(key)) {
                continue; // every map of the copy is in the current format
            }
            Object value = entries.getValue();
            to.put(key, legacyDocuments ? BsonDocuments.encode((Document) value) : value);
        }
    }

    private static Path copyOf(Path file) {
        return file.resolveSibling(file.getFileName() + SUFFIX);
    }

    /** Makes the rename itself durable; some platforms cannot open a folder, and there the rename is all we have. */
    private static void syncFolder(Path folder) {
        try (FileChannel channel = FileChannel.open(folder, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException ignored) {
            // not supported here
        }
    }
}
