package io.monarch.api;

/** How one tenant's migrate ended. */
public enum TenantState {
    /** Nothing to apply. */
    UP_TO_DATE,
    /** Its pending migrations were applied. */
    MIGRATED,
    /** A dry run: it has migrations to apply. */
    PENDING,
    /** A migration failed (recorded FAILED there), or the run broke off with an error. */
    FAILED,
    /** Refused for safety before anything ran there: drift, its lock held, a transaction its server cannot run. */
    REFUSED,
    /** Never started: another tenant failed (without keep-going), or a canary did. */
    SKIPPED;

    /** As the end table prints it: {@code UP TO DATE}. */
    public String label() {
        return name().replace('_', ' ');
    }
}
