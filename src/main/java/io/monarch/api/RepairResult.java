package io.monarch.api;

import java.util.List;

/**
 * What {@code repair} changed in an environment's migration history, each migration as it stood before.
 *
 * @param deleted migrations whose source file is gone (MISSING), now recorded DELETED: kept in the history, no longer a
 *                problem for validate, never run by migrate
 * @param cleared FAILED migrations whose failure was cleared: they are PENDING, and migrate runs them
 */
public record RepairResult(String environment, List<MigrationStatus> deleted, List<MigrationStatus> cleared) {

    public RepairResult {
        deleted = List.copyOf(deleted);
        cleared = List.copyOf(cleared);
    }

    /** Whether anything was changed. */
    public boolean changed() {
        return !deleted.isEmpty() || !cleared.isEmpty();
    }
}
