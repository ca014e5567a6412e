package io.monarch.mongo;

import org.h2.mvstore.MVStore;
import org.h2.mvstore.SingleFileStore;

import java.util.Map;

/**
 * H2's file store, except that it never moves chunks within the file. H2 2.3.232 moves chunks to shrink a file
 * (in its background housekeeping and in compactFile), and that move can place a chunk over the area it had just
 * reserved for others: its own assertion caught it here on the first try (upstream h2database#4086, fixed after
 * the last release). Everything else stays: space freed inside the file is reused, sparse chunks are rewritten,
 * and the file is cut when its end frees up. A file is shrunk by copying it instead ({@link StoreCompaction}).
 */
final class ChunkKeepingFileStore extends SingleFileStore {

    ChunkKeepingFileStore(Map<String, Object> config) {
        super(config);
    }

    @Override
    public void compactMoveChunks(int targetFillRate, long moveSize, MVStore mvStore) {
        // never: see the class comment
    }
}
