package io.monarch.backup;

import io.monarch.api.BackupEntry;
import io.monarch.api.BackupManifest;
import io.monarch.api.RetentionDecision;
import io.monarch.api.RetentionPolicy;

import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Which backups a {@link RetentionPolicy} keeps, as restic's {@code forget} decides it: a pure function of the
 * backups, with no store and no clock (a rule counts periods that have backups, not periods of the calendar, so a
 * month without backups never empties the store).
 * <p>
 * Backups are counted in series: one store, one environment's database, one kind — full backups, each QuerySet's,
 * each label's apart (a QuerySet backup holds part of the data: it never stands in for a full one, nor the reverse;
 * a one-off label such as {@code before-upgrade} is the newest of its own series, so it is always kept). In a
 * series, newest first, each rule keeps on its own: keep-last the N newest; keep-daily the newest of each of the D
 * latest UTC days that have a backup; keep-weekly likewise by ISO week; keep-monthly by calendar month. A backup any
 * rule keeps is kept, and the newest of a series always is.
 */
public final class RetentionSelection {
    private RetentionSelection() {
    }

    /** Every backup with its decision: series by series (environment, database, kind, store), newest first in each. */
    public static List<RetentionDecision> decide(RetentionPolicy policy, List<BackupEntry> backups) {
        Map<Series, List<BackupEntry>> series = new LinkedHashMap<>();
        backups.stream().sorted(Comparator.comparing(RetentionSelection::series, Series.ORDER))
                .forEach(b -> series.computeIfAbsent(series(b), s -> new ArrayList<>()).add(b));
        List<RetentionDecision> decisions = new ArrayList<>();
        series.forEach((key, members) -> decisions.addAll(decide(policy, key.kind(), members)));
        return decisions;
    }

    private static List<RetentionDecision> decide(RetentionPolicy policy, String kind, List<BackupEntry> members) {
        List<BackupEntry> newestFirst = new ArrayList<>(members);
        newestFirst.sort(Comparator.comparing((BackupEntry b) -> b.manifest().createdAt())
                .thenComparing(b -> b.manifest().name()).reversed());
        List<List<String>> reasons = new ArrayList<>();
        newestFirst.forEach(b -> reasons.add(new ArrayList<>()));
        reasons.get(0).add("newest");
        for (int i = 0; i < Math.min(policy.last(), newestFirst.size()); i++) {
            reasons.get(i).add("last");
        }
        keepNewestPerPeriod(newestFirst, reasons, policy.daily(), "daily", b -> day(b).toString());
        keepNewestPerPeriod(newestFirst, reasons, policy.weekly(), "weekly", b -> {
            LocalDate day = day(b);
            return String.format("%d-W%02d", day.get(IsoFields.WEEK_BASED_YEAR), day.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
        });
        keepNewestPerPeriod(newestFirst, reasons, policy.monthly(), "monthly", b -> YearMonth.from(day(b)).toString());
        List<RetentionDecision> decisions = new ArrayList<>();
        for (int i = 0; i < newestFirst.size(); i++) {
            decisions.add(new RetentionDecision(newestFirst.get(i), kind, List.copyOf(reasons.get(i))));
        }
        return decisions;
    }

    /** Keeps the first (newest) backup of each of the {@code count} first periods seen, newest first. */
    private static void keepNewestPerPeriod(List<BackupEntry> newestFirst, List<List<String>> reasons, int count, String rule,
                                            Function<BackupEntry, String> period) {
        String previous = null;
        int kept = 0;
        for (int i = 0; i < newestFirst.size() && kept < count; i++) {
            String current = period.apply(newestFirst.get(i));
            if (!current.equals(previous)) {
                reasons.get(i).add(rule + " " + current);
                kept++;
                previous = current;
            }
        }
    }

    /** The UTC day: whatever the zone of the machine that took or prunes it. */
    private static LocalDate day(BackupEntry backup) {
        return LocalDate.ofInstant(backup.manifest().createdAt(), ZoneOffset.UTC);
    }

    /** The kind of backup a series holds: "full", "QuerySet <name>" or "label <label>". */
    public static String kind(BackupManifest manifest) {
        if (manifest.querySet() != null) {
            return "QuerySet " + manifest.querySet();
        }
        return manifest.label() != null ? "label " + manifest.label() : "full";
    }

    private static Series series(BackupEntry backup) {
        BackupManifest m = backup.manifest();
        return new Series(m.environment(), m.database(), kind(m), backup.store());
    }

    private record Series(String environment, String database, String kind, String store) {
        static final Comparator<Series> ORDER = Comparator.comparing(Series::environment).thenComparing(Series::database)
                .thenComparing(s -> s.kind().equals("full") ? "" : s.kind()).thenComparing(Series::store);
    }
}
