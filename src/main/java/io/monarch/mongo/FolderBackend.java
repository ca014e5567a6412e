package io.monarch.mongo;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.wire.message.MongoMessage;
import io.netty.channel.Channel;
import org.h2.mvstore.MVStore;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * mongo-java-server's H2 backend as an {@code embedded:<folder>} environment keeps it: one MVStore file, its
 * databases as {@link FolderDatabase}s, and what a client was told is written:
 * <ul>
 * <li>every write command is committed to the file before its reply goes out, so a process killed outright
 * (kill -9) after a command succeeded keeps all of that command's data (H2 alone commits about once a second);
 * a command that creates, drops or renames, or a write asking for {@code j: true}, is also synced to the disk;</li>
 * <li>every cursor's batches stay within MongoDB's limits ({@link CursorLimits});</li>
 * <li>closing compacts the file when over a third of it is dead ({@link StoreCompaction}), so the space that
 * dropped collections left is given back.</li>
 * </ul>
 */
final class FolderBackend extends H2Backend {
    /** Commands that change data or the catalogue; all others only read. */
    private static final Set<String> WRITES = Set.of("insert", "update", "delete", "findandmodify", "create", "drop",
            "dropdatabase", "renamecollection", "createindexes", "dropindexes", "deleteindexes", "aggregate", "mapreduce");
    private static final Set<String> CATALOGUE = Set.of("create", "drop", "dropdatabase", "renamecollection", "createindexes",
            "dropindexes", "deleteindexes");

    private static final List<Document> COUNT_ALL = List.of(new Document("$match", new Document()),
            new Document("$group", new Document("_id", 1).append("n", new Document("$sum", 1))));

    private final Path file;
    private final CursorLimits limits = new CursorLimits(getCursorRegistry());

    private FolderBackend(MVStore store, Path file) {
        super(store);
        this.file = file;
    }

    /** Opens (or creates) the store in {@code file}; H2 refuses with "locked" when another process has it open. */
    static FolderBackend open(Path file, int cacheMegabytes) {
        Map<String, Object> config = new HashMap<>();
        config.put("cacheSize", cacheMegabytes);
        ChunkKeepingFileStore files = new ChunkKeepingFileStore(config);
        try {
            files.open(file.toString(), false, null);
        } catch (RuntimeException e) {
            try {
                files.close(); // the channel it may have opened; the lock it did not get
            } catch (RuntimeException closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
        MVStore store = new MVStore.Builder().adoptFileStore(files).open();
        try {
            StoreCompaction.deleteLeftover(file);
            StoreFormat.of(store);
            return new FolderBackend(store, file);
        } catch (IOException e) {
            store.closeImmediately();
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            store.closeImmediately();
            throw e;
        }
    }

    @Override
    protected MongoDatabase openOrCreateDatabase(String databaseName) {
        return new FolderDatabase(databaseName, getMvStore(), StoreFormat.of(getMvStore()), getCursorRegistry());
    }

    /** Every command a driver sends (OP_MSG) comes through here. */
    @Override
    public Document handleMessage(MongoMessage message) {
        Document counted = countWithoutFilter(message);
        if (counted != null) {
            return counted;
        }
        try {
            return super.handleMessage(message);
        } finally {
            Document query = message.getDocument();
            String name = query.isEmpty() ? "" : query.keySet().iterator().next().toLowerCase(Locale.ROOT);
            if (WRITES.contains(name)) {
                persist(CATALOGUE.contains(name) || journaled(query));
            }
        }
    }

    /** Every command, its cursor's batches within MongoDB's limits. */
    @Override
    public Document handleCommand(Channel channel, String database, String command, Document query) {
        return limits.answer(command, query, () -> super.handleCommand(channel, database, command, query));
    }

    /**
     * countDocuments() with no filter, as drivers send it ({@code aggregate} of {@code $match: {}} and a {@code $group}
     * counting 1 per document), answered from the collection's size. The server would decode every document of
     * the collection to count it; restore and copy_db count every collection they load.
     */
    private Document countWithoutFilter(MongoMessage message) {
        Document query = message.getDocument();
        if (query.isEmpty() || !"aggregate".equals(query.keySet().iterator().next())
                || !(query.get("aggregate") instanceof String collectionName) || !COUNT_ALL.equals(query.get("pipeline"))) {
            return null;
        }
        MongoCollection<?> collection = resolveDatabase(message.getDatabaseName()).resolveCollection(collectionName, false);
        int count = collection == null ? 0 : collection.count();
        Document cursor = new Document("id", 0L).append("ns", message.getDatabaseName() + "." + collectionName)
                .append("firstBatch", count == 0 ? List.of() : List.of(new Document("_id", 1).append("n", count)));
        return new Document("cursor", cursor).append("ok", 1.0);
    }

    private static boolean journaled(Document query) {
        return query.get("writeConcern") instanceof Document concern
                && (Boolean.TRUE.equals(concern.get("j")) || Boolean.TRUE.equals(concern.get("fsync")));
    }

    private void persist(boolean sync) {
        MVStore store = getMvStore();
        if (store.isClosed()) {
            return;
        }
        store.commit();
        if (sync) {
            store.sync();
        }
    }

    /** Called once the server no longer takes commands. */
    @Override
    public void close() {
        MVStore store = getMvStore();
        if (!store.isClosed() && !store.isReadOnly()) {
            store.commit();
            if (StoreCompaction.worthwhile(store)) {
                try {
                    StoreCompaction.compact(store, StoreFormat.of(store), file);
                } catch (IOException | RuntimeException e) {
                    // the old file is whole and stays; compaction is tried again at the next close
                }
            }
        }
        super.close();
    }
}
