package io.monarch.api;

/**
 * How to take a backup.
 *
 * @param store       where it is written
 * @param compression null: the store's default from settings
 * @param parallelism collections dumped at once
 * @param label       ends the backup's name ({@code __<label>}); null for none
 * @param querySet    the QuerySet that picks a subset (its name ends the backup's name); null for everything
 * @param prompter    answers the QuerySet's prompts
 */
public record BackupOptions(Store store, Compression compression, int parallelism, String label, String querySet,
                            QuerySetContext.Prompter prompter) {
    public static final BackupOptions DEFAULT = new BackupOptions(Store.LOCAL, null, 4, null, null, Prompters.none());

    public BackupOptions withStore(Store newStore) {
        return new BackupOptions(newStore, compression, parallelism, label, querySet, prompter);
    }

    public BackupOptions withCompression(Compression newCompression) {
        return new BackupOptions(store, newCompression, parallelism, label, querySet, prompter);
    }

    public BackupOptions withQuerySet(String name, QuerySetContext.Prompter answers) {
        return new BackupOptions(store, compression, parallelism, label, name, answers);
    }
}
