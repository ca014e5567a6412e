package io.monarch.api;

/**
 * A change to an environment's database, applied once. Subclass it in a source file in the migrations
 * folder (monarch compiles it), or hand instances to {@link Monarch#withMigrations} in your own tests.
 * The class's simple name ({@code M20261124093000_AddIndexes}) is its identity forever.
 */
public abstract class Migration {

    /** Applies the change. Throwing records the migration FAILED and stops {@code migrate}. */
    public abstract void run(MigrationContext context) throws Exception;

    /** Undoes {@link #run}; called by {@code monarch rollback}. The default refuses. */
    public void rollback(MigrationContext context) throws Exception {
        throw new UnsupportedOperationException(name() + " has no rollback(); write one to roll it back");
    }

    /**
     * Whether {@link #run} must happen inside one transaction (then {@link MigrationContext#session()} is the
     * session to pass to every write). Only replica sets and sharded clusters have transactions; elsewhere a
     * migration that asks for one is refused before anything runs.
     */
    public boolean transactional() {
        return false;
    }

    /** Whether this class overrides {@link #rollback}. */
    public final boolean hasRollback() {
        try {
            return getClass().getMethod("rollback", MigrationContext.class).getDeclaringClass() != Migration.class;
        } catch (NoSuchMethodException e) {
            return false;
        }
    }

    public String name() {
        return getClass().getSimpleName();
    }
}
