package io.monarch.api;

/** Where a migration stands in an environment. */
public enum MigrationState {
    /** Not yet run here. */
    PENDING,
    /** Being run now, or left so by a process that died (then retried once its lock has expired). */
    RUNNING,
    /** Run to completion (a repeatable migration: with its current source). */
    APPLIED,
    /** Threw; the next migrate runs it again ({@code repair} clears the failure: it is then PENDING). */
    FAILED,
    /** Undone by rollback; the next migrate applies it again. */
    ROLLED_BACK,
    /** Tracked in the environment, but its source file is gone (deleted, or the data came from newer code). */
    MISSING,
    /** A repeatable migration whose source changed since it last ran: the next migrate runs it again. */
    OUTDATED,
    /** Recorded by {@code baseline} as already done, without running: the database predates monarch. */
    BASELINE,
    /**
     * Its source was deleted on purpose and {@code repair} recorded that: kept in the history, no longer a problem, and
     * never run by migrate (should its source come back, migrate_one runs it).
     */
    DELETED
}
