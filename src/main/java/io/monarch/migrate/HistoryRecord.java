package io.monarch.migrate;

import io.monarch.api.MigrationState;
import org.bson.Document;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;

/** One tracking document, read back. */
public record HistoryRecord(String name, MigrationState state, Instant startedAt, Instant finishedAt,
                            Duration took, String checksum, String error) {

    static HistoryRecord from(Document d) {
        Long millis = d.get("durationMs") instanceof Number n ? n.longValue() : null;
        return new HistoryRecord(d.getString("name"), MigrationState.valueOf(d.getString("state")),
                instant(d.getDate("startedAt")), instant(d.getDate("finishedAt")),
                millis == null ? null : Duration.ofMillis(millis), d.getString("checksum"), d.getString("error"));
    }

    private static Instant instant(Date date) {
        return date == null ? null : date.toInstant();
    }
}
