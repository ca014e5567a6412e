package io.monarch.api;

import java.util.List;
import java.util.Objects;

/**
 * How to restore or copy into an environment.
 *
 * @param force            needed for a protected target
 * @param confirm          the target's name, typed by the user; needed with force for a protected target
 * @param parallelism      readers at once: collections, or segments of a large collection (see {@link CopyOptions})
 * @param fromDb           the dump's database to restore when it holds several; null: its only one (restore only)
 * @param collections      names or globs of the collections to restore, the target's others left as they are; empty:
 *                         all, and the target's others dropped (restore only)
 * @param insertionWorkers inserts running at once into each collection (mongorestore's numInsertionWorkersPerCollection)
 * @param verify           before the swap, compare each collection's count and content hash, read back from the
 *                         target, with the source's or the manifest's; a mismatch fails the run, the target unchanged
 * @param resume           continue the run into this target that was killed or lost its connection, loading only
 *                         what it had not finished; false: start over (what such a run left is dropped)
 */
public record RestoreOptions(boolean force, String confirm, int parallelism, String fromDb, List<String> collections,
                             int insertionWorkers, boolean verify, boolean resume) {
    public static final int INSERTION_WORKERS = 2;
    public static final RestoreOptions DEFAULT = new RestoreOptions(false, null, 4, null, List.of());

    public RestoreOptions(boolean force, String confirm, int parallelism) {
        this(force, confirm, parallelism, null, List.of());
    }

    public RestoreOptions(boolean force, String confirm, int parallelism, String fromDb, List<String> collections) {
        this(force, confirm, parallelism, fromDb, collections, INSERTION_WORKERS, true, false);
    }

    public RestoreOptions {
        collections = List.copyOf(Objects.requireNonNull(collections, "collections"));
        Bounds.threads(parallelism, "-j", "readers");
        Bounds.threads(insertionWorkers, "--insertion-workers", "inserts per collection");
    }

    public RestoreOptions fromDb(String database) {
        return new RestoreOptions(force, confirm, parallelism, database, collections, insertionWorkers, verify, resume);
    }

    public RestoreOptions onlyCollections(List<String> names) {
        return new RestoreOptions(force, confirm, parallelism, fromDb, names, insertionWorkers, verify, resume);
    }

    public RestoreOptions withParallelism(int readers) {
        return new RestoreOptions(force, confirm, readers, fromDb, collections, insertionWorkers, verify, resume);
    }

    public RestoreOptions withInsertionWorkers(int workers) {
        return new RestoreOptions(force, confirm, parallelism, fromDb, collections, workers, verify, resume);
    }

    public RestoreOptions withVerify(boolean check) {
        return new RestoreOptions(force, confirm, parallelism, fromDb, collections, insertionWorkers, check, resume);
    }

    public RestoreOptions withResume(boolean resuming) {
        return new RestoreOptions(force, confirm, parallelism, fromDb, collections, insertionWorkers, verify, resuming);
    }
}
