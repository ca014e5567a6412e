package io.monarch.api;

/**
 * A migration that runs again whenever its source changes: views, validators, reference data. Its file is named
 * without a timestamp, {@code R_<Name>.java} ({@code R_OrdersView.java}); {@code migrate} runs the new or changed
 * ones after every pending versioned migration, in name order. {@link #run} must therefore be safe to run again
 * over its own earlier result (drop and create the view, upsert the reference data).
 * <p>It has no rollback: {@code rollback} leaves repeatable migrations alone. Handed over as an object (no source,
 * so no checksum), it runs where it has not run yet.
 */
public abstract class RepeatableMigration extends Migration {

    /** Refuses: a repeatable migration is undone by changing it, not by rolling it back. */
    @Override
    public final void rollback(MigrationContext context) {
        throw new UnsupportedOperationException(name() + " is repeatable: change it to change what it did");
    }
}
