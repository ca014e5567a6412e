package io.monarch.config;

import io.monarch.mongo.Redaction;

import java.nio.file.Path;

/**
 * An environment as written in settings.yml. Its URI may use a {@code ${VAR}} that is unset on this machine;
 * that is an error only when a command uses this environment, so a developer without production's
 * variables can still work on development.
 *
 * @param problem why the URI can't be used, with its line; null when it can
 */
public record EnvironmentEntry(String name, String uri, String database, boolean protectedTarget,
                               int line, String problem) {

    Environment resolve(Path file) {
        if (problem != null) {
            throw new SettingsException(file, line, problem);
        }
        return new Environment(name, uri, database, protectedTarget);
    }

    /** What list_environments shows as the URI: redacted, or the problem. */
    public String displayUri() {
        return problem != null ? "(unusable: " + problem + ")" : Redaction.redactUri(uri);
    }
}
