package io.monarch.api;

import java.util.List;

/**
 * How to restore or copy into an environment.
 *
 * @param force       needed for a protected target
 * @param confirm     the target's name, typed by the user; needed with force for a protected target
 * @param parallelism collections loaded at once
 * @param fromDb      the dump's database to restore when it holds several; null: its only one (restore only)
 * @param collections names or globs of the collections to restore, the target's others left as they are; empty:
 *                    all, and the target's others dropped (restore only)
 */
public record RestoreOptions(boolean force, String confirm, int parallelism, String fromDb, List<String> collections) {
    public static final RestoreOptions DEFAULT = new RestoreOptions(false, null, 4, null, List.of());

    public RestoreOptions(boolean force, String confirm, int parallelism) {
        this(force, confirm, parallelism, null, List.of());
    }

    public RestoreOptions {
        collections = List.copyOf(collections);
    }

    public RestoreOptions fromDb(String database) {
        return new RestoreOptions(force, confirm, parallelism, database, collections);
    }

    public RestoreOptions onlyCollections(List<String> names) {
        return new RestoreOptions(force, confirm, parallelism, fromDb, names);
    }
}
