package io.monarch.api;

import java.util.List;

/**
 * What a migrate run did.
 *
 * @param ran     the migrations run, in order (with a dry run: the ones that would run, state PENDING)
 * @param dryRun  whether nothing was done
 */
public record MigrateResult(String environment, List<MigrationRun> ran, boolean dryRun) {
    public boolean nothingToDo() {
        return ran.isEmpty();
    }
}
