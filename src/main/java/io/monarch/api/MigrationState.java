package io.monarch.api;

/** Where a migration stands in an environment. */
public enum MigrationState {
    /** Not yet run here. */
    PENDING,
    /** Being run now, or left so by a process that died (then retried once its lock has expired). */
    RUNNING,
    /** Run to completion. */
    APPLIED,
    /** Threw; the next migrate retries it. */
    FAILED,
    /** Undone by rollback; the next migrate applies it again. */
    ROLLED_BACK,
    /** Tracked in the environment, but its source file is gone. */
    MISSING
}
