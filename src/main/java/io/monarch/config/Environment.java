package io.monarch.config;

import io.monarch.mongo.EmbeddedUri;
import io.monarch.mongo.Redaction;

/**
 * One environment of settings.yml, its {@code ${VAR}}s resolved.
 *
 * @param uri       {@code mongodb://…}, {@code mongodb+srv://…}, {@code embedded:memory} or {@code embedded:<dir>}
 * @param protectedTarget restore/copy into it needs --force and a typed confirmation
 */
public record Environment(String name, String uri, String database, boolean protectedTarget) {

    /** The URI as it may be printed: the password, if any, is {@code ***}. */
    public String displayUri() {
        return Redaction.redactUri(uri);
    }

    public boolean embedded() {
        return EmbeddedUri.isEmbedded(uri);
    }
}
