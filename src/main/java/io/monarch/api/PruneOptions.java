package io.monarch.api;

/**
 * What {@code prune} looks at and the rules it applies.
 *
 * @param environment only this environment's backups (and leftovers); null for every environment's
 * @param store       the stores to prune
 * @param policy      the rules given here; each one not given (null) comes from {@code backups.retention} in settings
 * @param dryRun      decide and report, delete nothing
 */
public record PruneOptions(String environment, StoreScope store, RetentionPolicy policy, boolean dryRun) {
    public static final PruneOptions DEFAULT = new PruneOptions(null, StoreScope.ALL, RetentionPolicy.NONE, false);

    public PruneOptions withEnvironment(String name) {
        return new PruneOptions(name, store, policy, dryRun);
    }

    public PruneOptions withStore(StoreScope scope) {
        return new PruneOptions(environment, scope, policy, dryRun);
    }

    public PruneOptions withPolicy(RetentionPolicy rules) {
        return new PruneOptions(environment, store, rules, dryRun);
    }

    public PruneOptions withDryRun(boolean dry) {
        return new PruneOptions(environment, store, policy, dry);
    }
}
