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
     * Whether {@link #run} (and {@link #rollback}) happen inside one transaction: {@link TransactionMode#NEVER} by
     * default; {@link TransactionMode#ALWAYS} is refused before anything runs where the server has no transactions
     * (only replica sets and sharded clusters have them); {@link TransactionMode#AUTO} uses one where there is one.
     * In a transaction, {@link MigrationContext#session()} is the session to pass to every write.
     * <p>The default derives from {@link #transactional()}, so a migration written for an earlier monarch keeps its
     * meaning: {@code transactional()} returning true is {@code ALWAYS}.
     */
    public TransactionMode transactionMode() {
        return transactional() ? TransactionMode.ALWAYS : TransactionMode.NEVER;
    }

    /**
     * The earlier form of {@link #transactionMode()}: true is {@link TransactionMode#ALWAYS}, false
     * {@link TransactionMode#NEVER}. Still honoured; override {@link #transactionMode()} instead.
     */
    @Deprecated(since = "0.2")
    public boolean transactional() {
        return false;
    }

    /** Whether this class overrides {@link #rollback} (a {@link RepeatableMigration} never does). */
    public final boolean hasRollback() {
        try {
            Class<?> declaring = getClass().getMethod("rollback", MigrationContext.class).getDeclaringClass();
            return declaring != Migration.class && declaring != RepeatableMigration.class;
        } catch (NoSuchMethodException e) {
            return false;
        }
    }

    public String name() {
        return getClass().getSimpleName();
    }
}
