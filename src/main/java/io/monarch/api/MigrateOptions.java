package io.monarch.api;

/**
 * @param dryRun        list what would run and touch nothing
 * @param acceptChanged go on past drift, recording the changed sources' checksums
 */
public record MigrateOptions(boolean dryRun, boolean acceptChanged) {
    public static final MigrateOptions DEFAULT = new MigrateOptions(false, false);
}
