package io.monarch.api;

/** A migration threw: it is recorded FAILED, and {@link #result()} says what ran before it. Exit code 1. */
public final class MigrationFailedException extends MonarchException {
    private final transient MigrateResult result;

    public MigrationFailedException(MigrateResult result, String name, String error) {
        super(ExitCode.FAILED, name + " failed: " + error + "\nIt is recorded FAILED; fix it and run migrate again to retry it.");
        this.result = result;
    }

    /** The migrations run before and including the failed one. */
    public MigrateResult result() {
        return result;
    }
}
