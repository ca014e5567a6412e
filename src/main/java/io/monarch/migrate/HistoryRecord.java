package io.monarch.migrate;

import io.monarch.api.MigrationState;
import org.bson.Document;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;

/**
 * One tracking document, read back. {@code finishedAt} is when its last run (apply, rollback, baseline) ended;
 * {@code deletedFrom}, for a DELETED one, the state repair found it in (else null).
 */
public record HistoryRecord(String name, MigrationState state, Instant startedAt, Instant finishedAt,
                            Duration took, String checksum, String error, boolean repeatable, MigrationState deletedFrom) {

    static HistoryRecord from(Document d) {
        Long millis = d.get("durationMs") instanceof Number n ? n.longValue() : null;
        return new HistoryRecord(d.getString("name"), MigrationState.valueOf(d.getString("state")),
                instant(d.getDate("startedAt")), instant(d.getDate("finishedAt")),
                millis == null ? null : Duration.ofMillis(millis), d.getString("checksum"), d.getString("error"),
                Boolean.TRUE.equals(d.get("repeatable")),
                d.get("deletedFrom") instanceof String from ? MigrationState.valueOf(from) : null);
    }

    /**
     * Why a document is not a history row (a name, a known state, dates where dates belong), or empty if it is one:
     * history that arrives with data from outside is checked row by row before it replaces the target's.
     */
    public static Optional<String> problemOf(Document d) {
        if (!(d.get("name") instanceof String name) || name.isEmpty()) {
            return Optional.of("it has no migration name");
        }
        try {
            from(d);
            return Optional.empty();
        } catch (RuntimeException e) { // an unknown state, a date or number of another type
            return Optional.of("migration " + name + " does not read as a history row (" + e.getMessage() + ")");
        }
    }

    private static Instant instant(Date date) {
        return date == null ? null : date.toInstant();
    }
}
