package io.monarch.api;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** One tenant database's migrations, as list_migrations shows them, with the counts of its one-row summary. */
public record TenantStatus(String database, List<MigrationStatus> migrations) {
    private static final Set<MigrationState> DONE = EnumSet.of(MigrationState.APPLIED, MigrationState.BASELINE);
    private static final Set<MigrationState> TO_RUN = EnumSet.of(MigrationState.PENDING, MigrationState.ROLLED_BACK,
            MigrationState.OUTDATED, MigrationState.RUNNING);

    public TenantStatus {
        migrations = List.copyOf(migrations);
    }

    /** Applied (or recorded by baseline), changed since or not. */
    public long applied() {
        return migrations.stream().filter(m -> DONE.contains(m.state())).count();
    }

    /** What the next migrate would run. */
    public long pending() {
        return migrations.stream().filter(m -> TO_RUN.contains(m.state())).count();
    }

    public long failed() {
        return migrations.stream().filter(m -> m.state() == MigrationState.FAILED).count();
    }

    /** Applied, and changed since. */
    public long drift() {
        return migrations.stream().filter(MigrationStatus::drift).count();
    }

    /** Tracked there, source gone. */
    public long missing() {
        return migrations.stream().filter(m -> m.state() == MigrationState.MISSING).count();
    }
}
