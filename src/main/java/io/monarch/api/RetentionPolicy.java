package io.monarch.api;

import java.util.ArrayList;
import java.util.List;

/**
 * Which backups {@code prune} keeps, as restic's and borg's forget policies have it. Each rule is counted on its own
 * over a series of backups (one environment's database, one kind: full, one QuerySet, or one label, in one store),
 * newest first; a backup any rule keeps is kept, and the newest of a series always is.
 * <ul>
 * <li>{@code keepLast} N: the N newest;</li>
 * <li>{@code keepDaily} D: the newest of each of the last D UTC days that have a backup;</li>
 * <li>{@code keepWeekly} W: the newest of each of the last W ISO weeks (Monday to Sunday, UTC) that have one;</li>
 * <li>{@code keepMonthly} M: the newest of each of the last M calendar months (UTC) that have one.</li>
 * </ul>
 * A rule that is null was not given (as 0 once applied); 0 turns it off.
 */
public record RetentionPolicy(Integer keepLast, Integer keepDaily, Integer keepWeekly, Integer keepMonthly) {
    public static final RetentionPolicy NONE = new RetentionPolicy(null, null, null, null);

    public RetentionPolicy {
        check("--keep-last", keepLast);
        check("--keep-daily", keepDaily);
        check("--keep-weekly", keepWeekly);
        check("--keep-monthly", keepMonthly);
    }

    private static void check(String rule, Integer value) {
        if (value != null && value < 0) {
            throw MonarchException.usage(rule + " is " + value + "; give how many to keep, 0 or more");
        }
    }

    /** This policy's rules, and {@code base}'s where this one gives none: flags over settings. */
    public RetentionPolicy over(RetentionPolicy base) {
        return new RetentionPolicy(keepLast != null ? keepLast : base.keepLast, keepDaily != null ? keepDaily : base.keepDaily,
                keepWeekly != null ? keepWeekly : base.keepWeekly, keepMonthly != null ? keepMonthly : base.keepMonthly);
    }

    public int last() {
        return keepLast == null ? 0 : keepLast;
    }

    public int daily() {
        return keepDaily == null ? 0 : keepDaily;
    }

    public int weekly() {
        return keepWeekly == null ? 0 : keepWeekly;
    }

    public int monthly() {
        return keepMonthly == null ? 0 : keepMonthly;
    }

    /** Whether some rule keeps something: a policy that keeps nothing would leave only the newest backups. */
    public boolean keepsAnything() {
        return last() + daily() + weekly() + monthly() > 0;
    }

    /** "keep-daily 7, keep-weekly 4": the rules above 0, as the flags name them. */
    public String describe() {
        List<String> rules = new ArrayList<>();
        if (last() > 0) {
            rules.add("keep-last " + last());
        }
        if (daily() > 0) {
            rules.add("keep-daily " + daily());
        }
        if (weekly() > 0) {
            rules.add("keep-weekly " + weekly());
        }
        if (monthly() > 0) {
            rules.add("keep-monthly " + monthly());
        }
        return rules.isEmpty() ? "no rule" : String.join(", ", rules);
    }
}
