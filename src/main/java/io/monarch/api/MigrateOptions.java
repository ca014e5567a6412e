package io.monarch.api;

/**
 * How far {@code migrate} goes. Repeatable migrations run once no versioned one is left pending, so a run that
 * stops early ({@code to}, {@code count}) leaves them for the run that finishes.
 *
 * @param dryRun        list what would run and touch nothing
 * @param acceptChanged go on past drift, recording the changed sources' checksums
 * @param to            apply the pending versioned migrations up to and including this one (null: all)
 * @param count         apply the next {@code count} pending versioned migrations (0: all)
 */
public record MigrateOptions(boolean dryRun, boolean acceptChanged, String to, int count) {
    public static final MigrateOptions DEFAULT = new MigrateOptions(false, false, null, 0);

    public MigrateOptions {
        if (count < 0) {
            throw MonarchException.usage("--count must be 1 or more, not " + count);
        }
        if (to != null && count > 0) {
            throw MonarchException.usage("give --to or --count, not both");
        }
    }

    public MigrateOptions(boolean dryRun, boolean acceptChanged) {
        this(dryRun, acceptChanged, null, 0);
    }

    public MigrateOptions withDryRun(boolean dryRun) {
        return new MigrateOptions(dryRun, acceptChanged, to, count);
    }

    public MigrateOptions withAcceptChanged(boolean acceptChanged) {
        return new MigrateOptions(dryRun, acceptChanged, to, count);
    }

    public MigrateOptions withTo(String to) {
        return new MigrateOptions(dryRun, acceptChanged, to, count);
    }

    public MigrateOptions withCount(int count) {
        return new MigrateOptions(dryRun, acceptChanged, to, count);
    }
}
