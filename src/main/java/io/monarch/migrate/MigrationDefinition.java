package io.monarch.migrate;

import io.monarch.api.Migration;
import io.monarch.api.RepeatableMigration;
import io.monarch.api.TransactionMode;

import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A migration monarch knows of: its identity, the SHA-256 of its source (null for migrations handed over
 * as objects, which have no source to drift), where its file is, and how to make an instance.
 *
 * @param repeatable a {@link RepeatableMigration}: runs again whenever its source changes, after the versioned ones
 */
public record MigrationDefinition(String name, String checksum, Optional<Path> file, TransactionMode transactionMode,
                                  boolean hasRollback, boolean repeatable, Supplier<Migration> factory) {

    public static MigrationDefinition of(Migration migration) {
        return of(migration, migration.name(), null, Optional.empty(), () -> migration);
    }

    /** {@code name}, with what {@code probe}, an instance of the migration, says of itself. */
    static MigrationDefinition of(Migration probe, String name, String checksum, Optional<Path> file, Supplier<Migration> factory) {
        TransactionMode mode = probe.transactionMode();
        return new MigrationDefinition(name, checksum, file, mode == null ? TransactionMode.NEVER : mode,
                probe.hasRollback(), probe instanceof RepeatableMigration, factory);
    }
}
