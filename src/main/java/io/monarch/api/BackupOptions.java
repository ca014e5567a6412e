package io.monarch.api;

import java.util.Objects;

/**
 * How to take a backup.
 *
 * @param store        where it is written
 * @param compression  null: the store's default from settings
 * @param parallelism  readers at once: collections, or segments of a large collection
 * @param label        ends the backup's name ({@code __<label>}); null for none
 * @param querySet     the QuerySet that picks a subset (its name ends the backup's name); null for everything
 * @param prompter     answers the QuerySet's prompts
 * @param segmentBytes a collection larger than this is read as several {@code _id} ranges at once; 0: never
 */
public record BackupOptions(Store store, Compression compression, int parallelism, String label, String querySet,
                            QuerySetContext.Prompter prompter, long segmentBytes) {
    public static final BackupOptions DEFAULT = new BackupOptions(Store.LOCAL, null, 4, null, null, Prompters.none());

    public BackupOptions(Store store, Compression compression, int parallelism, String label, String querySet,
                         QuerySetContext.Prompter prompter) {
        this(store, compression, parallelism, label, querySet, prompter, CopyOptions.SEGMENT_BYTES);
    }

    public BackupOptions {
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(prompter, "prompter");
        Bounds.threads(parallelism, "-j", "readers");
        Bounds.bytes(segmentBytes, "--segment-size");
    }

    public BackupOptions withStore(Store newStore) {
        return new BackupOptions(newStore, compression, parallelism, label, querySet, prompter, segmentBytes);
    }

    public BackupOptions withCompression(Compression newCompression) {
        return new BackupOptions(store, newCompression, parallelism, label, querySet, prompter, segmentBytes);
    }

    public BackupOptions withQuerySet(String name, QuerySetContext.Prompter answers) {
        return new BackupOptions(store, compression, parallelism, label, name, answers, segmentBytes);
    }

    public BackupOptions withParallelism(int readers) {
        return new BackupOptions(store, compression, readers, label, querySet, prompter, segmentBytes);
    }

    public BackupOptions withSegmentBytes(long bytes) {
        return new BackupOptions(store, compression, parallelism, label, querySet, prompter, bytes);
    }
}
