package io.monarch.api;

/**
 * How {@code repair} may change an environment's migration history: a {@code protected: true} environment needs
 * {@code force} and its name in {@code confirm}, as a restore into it does.
 */
public record RepairOptions(boolean force, String confirm) {
    /** For an environment that is not protected. */
    public static final RepairOptions DEFAULT = new RepairOptions(false, null);

    /** {@code --force --confirm <environment>}: the protected environment named, as a person would type it. */
    public static RepairOptions confirmed(String environment) {
        return new RepairOptions(true, environment);
    }
}
