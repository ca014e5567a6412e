package io.monarch.api;

import java.time.Duration;

/** One migration that migrate, migrate_one or rollback ran, and how it ended. */
public record MigrationRun(String name, MigrationState state, Duration took, String error) {
}
