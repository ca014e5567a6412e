package io.monarch.api;

import java.time.Duration;
import java.time.Instant;

/**
 * One row of list_migrations.
 *
 * @param appliedAt when it last finished (null if never)
 * @param took      how long that took (null if never)
 * @param drift     applied, and its source has changed since
 * @param error     the error of a FAILED run
 */
public record MigrationStatus(String name, MigrationState state, Instant appliedAt, Duration took,
                              String checksum, boolean drift, String error) {
}
