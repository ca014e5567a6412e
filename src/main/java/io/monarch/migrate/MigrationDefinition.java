package io.monarch.migrate;

import io.monarch.api.Migration;

import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A migration monarch knows of: its identity, the SHA-256 of its source (null for migrations handed over
 * as objects, which have no source to drift), where its file is, and how to make an instance.
 */
public record MigrationDefinition(String name, String checksum, Optional<Path> file, boolean transactional,
                                  boolean hasRollback, Supplier<Migration> factory) {

    public static MigrationDefinition of(Migration migration) {
        return new MigrationDefinition(migration.name(), null, Optional.empty(), migration.transactional(),
                migration.hasRollback(), () -> migration);
    }
}
