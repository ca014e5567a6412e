package io.monarch.config;

import io.monarch.mongo.EmbeddedUri;
import io.monarch.mongo.Redaction;

/**
 * One environment of settings.yml, its {@code ${VAR}}s and secrets resolved.
 *
 * @param uri             {@code mongodb://…}, {@code mongodb+srv://…}, {@code embedded:memory} or {@code embedded:<dir>}
 * @param protectedTarget restore/copy into it needs --force and a typed confirmation
 * @param displayUri      the URI as it may be printed: the password, if any, is {@code ***}; one read from a secret is
 *                        shown as its reference
 */
public record Environment(String name, String uri, String database, boolean protectedTarget, String displayUri) {

    /** An environment whose URI was written in settings.yml itself (no secret in it). */
    public Environment(String name, String uri, String database, boolean protectedTarget) {
        this(name, uri, database, protectedTarget, Redaction.redactUri(uri));
    }

    public boolean embedded() {
        return EmbeddedUri.isEmbedded(uri);
    }
}
