package io.monarch.api;

/**
 * An environment of the settings file as list_environments shows it.
 *
 * @param uri             its URI with any password as {@code ***}, or why it cannot be used
 * @param protectedTarget restore and copy_db into it need --force and its name typed
 * @param problem         why its URI cannot be used here (an unset {@code ${VAR}}); null when it can
 */
public record EnvironmentInfo(String name, String uri, String database, boolean protectedTarget, String problem) {
}
