package io.monarch.config;

import io.monarch.mongo.EmbeddedUri;
import io.monarch.mongo.Redaction;

/**
 * One environment of settings.yml, its {@code ${VAR}}s and secrets resolved.
 *
 * @param uri             {@code mongodb://…}, {@code mongodb+srv://…}, {@code embedded:memory} or {@code embedded:<dir>}
 * @param database        its database; for a tenant environment, the tenant a command was given, else null
 * @param protectedTarget restore/copy into it needs --force and a typed confirmation
 * @param displayUri      the URI as it may be printed: the password, if any, is {@code ***}; one read from a secret is
 *                        shown as its reference
 * @param tenants         {@code databases:} of a tenant environment; null for an environment of one database
 */
public record Environment(String name, String uri, String database, boolean protectedTarget, String displayUri,
                          TenantDatabases tenants) {

    /** An environment of one database whose URI was written in settings.yml itself (no secret in it). */
    public Environment(String name, String uri, String database, boolean protectedTarget) {
        this(name, uri, database, protectedTarget, Redaction.redactUri(uri), null);
    }

    public boolean embedded() {
        return EmbeddedUri.isEmbedded(uri);
    }

    /** An environment of many databases ({@code databases:} in settings). */
    public boolean tenant() {
        return tenants != null;
    }

    /**
     * How messages name it, so that a command they suggest can be typed as it is: {@code tenants --tenant tenant_a}
     * for a tenant, else its name.
     */
    public String label() {
        return tenant() && database != null ? name + " --tenant " + database : name;
    }
}
