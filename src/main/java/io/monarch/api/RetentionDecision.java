package io.monarch.api;

import java.util.List;

/**
 * What {@code prune} decided for one backup.
 *
 * @param kind   the series it was counted in, beside its environment, database and store: "full", "QuerySet
 *               &lt;name&gt;" or "label &lt;label&gt;"
 * @param keptBy the rules that keep it ("newest", "last", "daily 2026-11-24", "weekly 2026-W48", "monthly 2026-11");
 *               empty: it is removed
 */
public record RetentionDecision(BackupEntry backup, String kind, List<String> keptBy) {
    public boolean kept() {
        return !keptBy.isEmpty();
    }
}
