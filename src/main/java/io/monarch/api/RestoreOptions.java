package io.monarch.api;

/**
 * How to restore or copy into an environment.
 *
 * @param force       needed for a protected target
 * @param confirm     the target's name, typed by the user; needed with force for a protected target
 * @param parallelism collections loaded at once
 */
public record RestoreOptions(boolean force, String confirm, int parallelism) {
    public static final RestoreOptions DEFAULT = new RestoreOptions(false, null, 4);
}
