package io.monarch.backup;

import io.monarch.api.BackupEntry;
import io.monarch.api.BackupManifest;
import io.monarch.api.Compression;
import io.monarch.api.RetentionDecision;
import io.monarch.api.RetentionPolicy;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TimeZone;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The retention policy over generated backup sets: no store, no clock, only manifests. */
class RetentionSelectionTest {

    @Test
    void keepLastKeepsTheNNewestAndTheNewestSaysSo() {
        List<BackupEntry> backups = hourly("2026-11-24T00:00:00Z", 10);
        List<RetentionDecision> decisions = RetentionSelection.decide(policy(3, 0, 0, 0), backups);
        assertEquals(List.of("T09", "T08", "T07"), keptTimes(decisions));
        assertEquals(List.of("newest", "last"), decisions.get(0).keptBy());
        assertEquals(List.of("last"), decisions.get(1).keptBy());
        assertEquals(10, decisions.size(), "every backup is decided");
    }

    @Test
    void keepDailyCountsDaysThatHaveBackupsNotCalendarDays() {
        List<BackupEntry> backups = List.of(full("2026-01-01T10:00:00Z"), full("2026-01-10T09:00:00Z"), full("2026-01-10T18:00:00Z"),
                full("2026-01-20T08:00:00Z"));
        List<RetentionDecision> decisions = RetentionSelection.decide(policy(0, 2, 0, 0), backups);
        // a month with three backups and a keep-daily 2 keeps two, however long ago the days are
        assertEquals(Set.of("2026-01-20T08:00:00Z", "2026-01-10T18:00:00Z"), kept(decisions));
        assertEquals(List.of("daily 2026-01-10"), decisionFor(decisions, "2026-01-10T18:00:00Z").keptBy());
    }

    @Test
    void eachRuleCountsOnItsOwnAsResticDoes() {
        // borg would let keep-daily skip what keep-last kept and reach back to Nov 22; restic (and monarch) does not
        List<BackupEntry> backups = List.of(full("2026-11-22T12:00:00Z"), full("2026-11-23T12:00:00Z"),
                full("2026-11-24T08:00:00Z"), full("2026-11-24T12:00:00Z"));
        List<RetentionDecision> decisions = RetentionSelection.decide(policy(2, 2, 0, 0), backups);
        assertEquals(Set.of("2026-11-24T12:00:00Z", "2026-11-24T08:00:00Z", "2026-11-23T12:00:00Z"), kept(decisions));
        assertEquals(List.of("newest", "last", "daily 2026-11-24"), decisions.get(0).keptBy());
    }

    @Test
    void daysAreUtcDaysWhateverTheZoneAcrossBerlinsDstChange() {
        TimeZone before = TimeZone.getDefault();
        TimeZone.setDefault(TimeZone.getTimeZone("Europe/Berlin"));
        try {
            // Berlin leaves summer time on 2026-10-25 at 01:00 UTC: that Berlin day has 25 hours, every UTC day 24
            List<BackupEntry> backups = hourly("2026-10-23T20:00:00Z", 52); // up to 2026-10-25T23:00Z
            List<RetentionDecision> decisions = RetentionSelection.decide(policy(0, 3, 0, 0), backups);
            assertEquals(Set.of("2026-10-25T23:00:00Z", "2026-10-24T23:00:00Z", "2026-10-23T23:00:00Z"), kept(decisions),
                    "the newest of each UTC day; in Berlin time 23:00Z is already the next day");
            assertEquals(List.of("newest", "daily 2026-10-25"), decisionFor(decisions, "2026-10-25T23:00:00Z").keptBy());
            assertEquals(List.of("daily 2026-10-24"), decisionFor(decisions, "2026-10-24T23:00:00Z").keptBy());

            // and into summer time: 2026-03-29, a Berlin day of 23 hours
            List<BackupEntry> spring = hourly("2026-03-28T21:00:00Z", 27); // up to 2026-03-29T23:00Z
            assertEquals(Set.of("2026-03-29T23:00:00Z", "2026-03-28T23:00:00Z"),
                    kept(RetentionSelection.decide(policy(0, 2, 0, 0), spring)));
        } finally {
            TimeZone.setDefault(before);
        }
    }

    @Test
    void monthEndsAndTheLeapDayAreTheirOwnDaysAndMonths() {
        List<BackupEntry> backups = List.of(full("2024-01-31T23:59:59Z"), full("2024-02-01T00:00:00Z"), full("2024-02-28T12:00:00Z"),
                full("2024-02-29T00:00:00Z"), full("2024-02-29T23:59:59Z"), full("2024-03-01T00:00:00Z"));
        assertEquals(Set.of("2024-03-01T00:00:00Z", "2024-02-29T23:59:59Z", "2024-02-28T12:00:00Z"),
                kept(RetentionSelection.decide(policy(0, 3, 0, 0), backups)));
        List<RetentionDecision> monthly = RetentionSelection.decide(policy(0, 0, 0, 3), backups);
        assertEquals(Set.of("2024-03-01T00:00:00Z", "2024-02-29T23:59:59Z", "2024-01-31T23:59:59Z"), kept(monthly),
                "one second apart, Jan 31 and Feb 1 are two months");
        assertEquals(List.of("monthly 2024-02"), decisionFor(monthly, "2024-02-29T23:59:59Z").keptBy());
    }

    @Test
    void weeksAreIsoWeeksAcrossTheYearEndWeek53Included() {
        // 2020-12-28 (Monday) to 2021-01-03 (Sunday) is ISO week 53 of 2020
        List<BackupEntry> backups = daily("2020-12-20T06:00:00Z", 20); // to 2021-01-08
        List<RetentionDecision> weekly = RetentionSelection.decide(policy(0, 0, 3, 0), backups);
        assertEquals(Set.of("2021-01-08T06:00:00Z", "2021-01-03T06:00:00Z", "2020-12-27T06:00:00Z"), kept(weekly));
        assertEquals(List.of("weekly 2020-W53"), decisionFor(weekly, "2021-01-03T06:00:00Z").keptBy());
        assertEquals(List.of("newest", "weekly 2021-W01"), decisionFor(weekly, "2021-01-08T06:00:00Z").keptBy());
        assertEquals(Set.of("2021-01-08T06:00:00Z", "2020-12-31T06:00:00Z"),
                kept(RetentionSelection.decide(policy(0, 0, 0, 2), backups)), "December and January");
    }

    @Test
    void queryLabelledAndFullBackupsAreSeriesApartPerEnvironmentAndStore() {
        List<BackupEntry> backups = new ArrayList<>();
        backups.addAll(daily("2026-11-01T02:00:00Z", 5));
        backups.addAll(daily("2026-11-01T03:00:00Z", 5).stream().map(b -> as(b, null, "AccountQuerySet", "local")).toList());
        backups.addAll(daily("2026-11-01T04:00:00Z", 2).stream().map(b -> as(b, "nightly", null, "local")).toList());
        backups.add(as(full("2026-10-01T04:00:00Z"), "before-upgrade", null, "local"));
        backups.addAll(daily("2026-11-01T05:00:00Z", 3).stream().map(b -> as(b, null, null, "s3")).toList());
        backups.add(entry("staging", "app", Instant.parse("2026-09-01T00:00:00Z"), null, null, "local"));
        List<RetentionDecision> decisions = RetentionSelection.decide(policy(1, 0, 0, 0), backups);

        Map<String, List<String>> keptBySeries = new TreeMap<>();
        decisions.stream().filter(RetentionDecision::kept).forEach(d -> keptBySeries.computeIfAbsent(d.backup().manifest().environment()
                + " " + d.kind() + " " + d.backup().store(), k -> new ArrayList<>()).add(d.backup().manifest().createdAt().toString()));
        assertEquals(Map.of(
                "production full local", List.of("2026-11-05T02:00:00Z"),
                "production QuerySet AccountQuerySet local", List.of("2026-11-05T03:00:00Z"),
                "production label nightly local", List.of("2026-11-02T04:00:00Z"),
                "production label before-upgrade local", List.of("2026-10-01T04:00:00Z"),
                "production full s3", List.of("2026-11-03T05:00:00Z"),
                "staging full local", List.of("2026-09-01T00:00:00Z")), keptBySeries,
                "the newest of each series; a QuerySet backup never stands in for a full one, a one-off label is kept");
        assertEquals(backups.size(), decisions.size());
    }

    /** Against a plain restatement of the rules, over random sets: never the newest, and the same choice. */
    @Test
    void randomSetsKeepWhatTheRulesSayAndNeverTheNewestOfASeries() {
        Random random = new Random(16);
        for (int round = 0; round < 300; round++) {
            List<BackupEntry> backups = new ArrayList<>();
            Instant t = Instant.parse("2023-12-20T00:00:00Z");
            int count = 1 + random.nextInt(60);
            for (int i = 0; i < count; i++) {
                t = t.plus(Duration.ofMinutes(1 + random.nextInt(random.nextBoolean() ? 600 : 20_000)));
                String querySet = random.nextInt(4) == 0 ? "Q" : null;
                backups.add(entry(random.nextBoolean() ? "production" : "staging", "app", t, null, querySet, "local"));
            }
            RetentionPolicy policy = policy(random.nextInt(3), random.nextInt(8), random.nextInt(5), random.nextInt(4));
            if (!policy.keepsAnything()) {
                continue;
            }
            List<RetentionDecision> decisions = RetentionSelection.decide(policy, backups);
            Map<String, List<BackupEntry>> series = backups.stream().collect(Collectors.groupingBy(
                    b -> b.manifest().environment() + "/" + RetentionSelection.kind(b.manifest())));
            Set<String> expected = new HashSet<>();
            for (List<BackupEntry> members : series.values()) {
                List<BackupEntry> newestFirst = members.stream()
                        .sorted(Comparator.comparing((BackupEntry b) -> b.manifest().createdAt()).reversed()).toList();
                expected.add(newestFirst.get(0).manifest().name());
                newestFirst.stream().limit(policy.last()).forEach(b -> expected.add(b.manifest().name()));
                expected.addAll(newestOfLatestPeriods(newestFirst, policy.daily(), b -> day(b).toString()));
                expected.addAll(newestOfLatestPeriods(newestFirst, policy.weekly(),
                        b -> day(b).get(IsoFields.WEEK_BASED_YEAR) * 100 + day(b).get(IsoFields.WEEK_OF_WEEK_BASED_YEAR) + ""));
                expected.addAll(newestOfLatestPeriods(newestFirst, policy.monthly(), b -> YearMonth.from(day(b)).toString()));
                assertTrue(decisions.stream().anyMatch(d -> d.kept() && d.backup() == newestFirst.get(0)), "the newest is kept");
            }
            Set<String> actual = decisions.stream().filter(RetentionDecision::kept).map(d -> d.backup().manifest().name())
                    .collect(Collectors.toSet());
            assertEquals(expected, actual, "round " + round + ", " + policy.describe());
        }
    }

    /** The newest backup of each of the {@code count} latest periods that have one. */
    private static Set<String> newestOfLatestPeriods(List<BackupEntry> newestFirst, int count, Function<BackupEntry, String> period) {
        Map<String, BackupEntry> newestOfPeriod = new TreeMap<>(Comparator.reverseOrder());
        newestFirst.forEach(b -> newestOfPeriod.putIfAbsent(period.apply(b), b));
        return newestOfPeriod.values().stream().limit(count).map(b -> b.manifest().name()).collect(Collectors.toSet());
    }

    private static LocalDate day(BackupEntry b) {
        return LocalDate.ofInstant(b.manifest().createdAt(), ZoneOffset.UTC);
    }

    static RetentionPolicy policy(int last, int daily, int weekly, int monthly) {
        return new RetentionPolicy(last, daily, weekly, monthly);
    }

    private static List<BackupEntry> hourly(String first, int count) {
        return every(first, count, Duration.ofHours(1));
    }

    private static List<BackupEntry> daily(String first, int count) {
        return every(first, count, Duration.ofDays(1));
    }

    private static List<BackupEntry> every(String first, int count, Duration step) {
        List<BackupEntry> backups = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            backups.add(full(Instant.parse(first).plus(step.multipliedBy(i)).toString()));
        }
        return backups;
    }

    private static BackupEntry full(String createdAt) {
        return entry("production", "app", Instant.parse(createdAt), null, null, "local");
    }

    private static BackupEntry as(BackupEntry b, String label, String querySet, String store) {
        return entry(b.manifest().environment(), b.manifest().database(), b.manifest().createdAt(), label, querySet, store);
    }

    static BackupEntry entry(String environment, String database, Instant createdAt, String label, String querySet, String store) {
        BackupName name = BackupName.of(environment, database, createdAt, querySet != null ? querySet : label);
        BackupManifest manifest = new BackupManifest(name.toString(), name.archiveFile(Compression.GZIP, false), environment, database,
                createdAt, label, querySet, "7.0.0", "test", Compression.GZIP, 100, "0".repeat(64), Duration.ZERO, List.of(), List.of(), List.of(), null, null);
        return new BackupEntry(manifest, store, 100);
    }

    private static Set<String> kept(List<RetentionDecision> decisions) {
        return decisions.stream().filter(RetentionDecision::kept).map(d -> d.backup().manifest().createdAt().toString())
                .collect(Collectors.toSet());
    }

    private static List<String> keptTimes(List<RetentionDecision> decisions) {
        return decisions.stream().filter(RetentionDecision::kept)
                .map(d -> d.backup().manifest().createdAt().toString().substring(10, 13)).toList();
    }

    private static RetentionDecision decisionFor(List<RetentionDecision> decisions, String createdAt) {
        return decisions.stream().filter(d -> d.backup().manifest().createdAt().toString().equals(createdAt)).findFirst().orElseThrow();
    }
}
