package io.monarch.api;

import java.util.List;

/**
 * What {@code prune} did (or, on a dry run, would do).
 *
 * @param policy    the rules applied: the options' over the settings'
 * @param backups   every finished backup looked at, with what was decided, by series, newest first
 * @param leftovers what unfinished backups left, removed once over a day old
 * @param problems  what could not be deleted, each saying what is left and what to do; empty when all went well
 */
public record PruneResult(RetentionPolicy policy, boolean dryRun, List<RetentionDecision> backups,
                          List<UnfinishedBackup> leftovers, List<String> problems) {

    public List<RetentionDecision> kept() {
        return backups.stream().filter(RetentionDecision::kept).toList();
    }

    public List<RetentionDecision> removed() {
        return backups.stream().filter(d -> !d.kept()).toList();
    }
}
