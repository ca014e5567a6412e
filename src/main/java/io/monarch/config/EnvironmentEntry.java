package io.monarch.config;

import io.monarch.mongo.Redaction;

import java.nio.file.Path;

/**
 * An environment as written in settings.yml. Its URI may use a {@code ${VAR}} that is unset on this machine, or a
 * secret ({@code ${aws-secretsmanager:...}}, {@code ${file:...}}) this machine cannot read; that is an error only
 * when a command uses this environment, so a developer without production's variables or access can still work on
 * development.
 *
 * @param uri      its {@code ${VAR}}s replaced; its secret references not yet read
 * @param database its database; for a tenant environment, the tenant a command works on ({@link #forTenant}), else null
 * @param problem  why the URI can't be used, with its line; null when it can
 * @param tenants  {@code databases:} of a tenant environment; null for an environment of one database
 */
public record EnvironmentEntry(String name, String uri, String database, boolean protectedTarget,
                               int line, String problem, TenantDatabases tenants) {

    /** An environment of one database. */
    public EnvironmentEntry(String name, String uri, String database, boolean protectedTarget, int line, String problem) {
        this(name, uri, database, protectedTarget, line, problem, null);
    }

    /** This tenant environment with {@code tenant} as the database its single-database commands work on. */
    public EnvironmentEntry forTenant(String tenant) {
        if (tenants == null) {
            throw new IllegalStateException(name + " is not a tenant environment");
        }
        return new EnvironmentEntry(name, uri, tenant, protectedTarget, line, problem, tenants);
    }

    Environment resolve(Path file, Path projectDir, Secrets secrets) {
        if (problem != null) {
            throw new SettingsException(file, line, problem);
        }
        if (!Secrets.referencedIn(uri)) {
            return new Environment(name, uri, database, protectedTarget, Redaction.redactUri(uri), tenants);
        }
        String where = "environments." + name;
        String value;
        try {
            value = secrets.resolve(uri, projectDir);
        } catch (SecretSource.Unavailable e) {
            throw new SettingsException(file, line, where + ".uri: " + e.getMessage());
        }
        UriCheck.check(file, line, where, value, uri);
        return new Environment(name, value, database, protectedTarget, displayUri(), tenants);
    }

    /**
     * What list_environments shows as the URI: redacted, or the problem. A secret shows as its reference
     * ({@code ${aws-secretsmanager:prod/mongo-uri}}): listing never reads it.
     */
    public String displayUri() {
        return problem != null ? "(unusable: " + problem + ")" : Redaction.redactUri(uri);
    }
}
