package io.monarch.api;

import java.time.Duration;
import java.time.Instant;

/**
 * One row of list_migrations.
 *
 * @param appliedAt    when what is in effect now was applied (APPLIED, OUTDATED) or recorded (BASELINE); null otherwise
 * @param rolledBackAt when it was rolled back (ROLLED_BACK); null otherwise
 * @param took         how long its last run took, apply or rollback (null if never run)
 * @param checksum     the SHA-256 of its source (for a MISSING one: of the source it ran with)
 * @param drift        applied, and its source has changed since
 * @param error        the error of a FAILED run
 * @param repeatable   a {@link RepeatableMigration}: APPLIED means current, OUTDATED that it runs again next time
 */
public record MigrationStatus(String name, MigrationState state, Instant appliedAt, Instant rolledBackAt, Duration took,
                              String checksum, boolean drift, String error, boolean repeatable) {

    /** The state as list_migrations prints it: {@code APPLIED}, or for a repeatable one {@code REPEATABLE current}. */
    public String label() {
        if (!repeatable) {
            return state.name();
        }
        return "REPEATABLE " + switch (state) {
            case APPLIED -> "current";
            case OUTDATED -> "outdated";
            default -> state.name().toLowerCase(java.util.Locale.ROOT);
        };
    }
}
