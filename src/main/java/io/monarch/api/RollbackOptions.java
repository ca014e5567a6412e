package io.monarch.api;

/**
 * Which applied migrations {@code rollback} undoes, newest first: the newest one (the default), those after
 * {@code to} ({@code to} stays applied), the newest {@code count}, or {@code all}. Repeatable migrations are never
 * rolled back, nor those recorded by {@code baseline}.
 *
 * @param acceptChanged roll back migrations whose source changed since they were applied (refused otherwise: the
 *                      changed rollback() may not undo what the run then did)
 */
public record RollbackOptions(String to, int count, boolean all, boolean acceptChanged) {
    /** Only the newest applied migration. */
    public static final RollbackOptions NEWEST = new RollbackOptions(null, 0, false, false);
    /** Every applied migration. */
    public static final RollbackOptions ALL = new RollbackOptions(null, 0, true, false);

    public RollbackOptions {
        if (count < 0) {
            throw MonarchException.usage("--count must be 1 or more, not " + count);
        }
        if ((to != null ? 1 : 0) + (count > 0 ? 1 : 0) + (all ? 1 : 0) > 1) {
            throw MonarchException.usage("give one of --to, --count and --all");
        }
    }

    /** The applied migrations after {@code migration}, which stays applied. */
    public static RollbackOptions after(String migration) {
        return new RollbackOptions(migration, 0, false, false);
    }

    /** The newest {@code count} applied migrations. */
    public static RollbackOptions newest(int count) {
        return new RollbackOptions(null, count, false, false);
    }

    public RollbackOptions withAcceptChanged(boolean acceptChanged) {
        return new RollbackOptions(to, count, all, acceptChanged);
    }
}
