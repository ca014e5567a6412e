package io.monarch.mongo;

import java.nio.file.Path;
import java.util.Optional;

/** {@code embedded:memory} (gone when the process ends) or {@code embedded:<dir>} (kept in that folder). */
public final class EmbeddedUri {
    public static final String SCHEME = "embedded:";
    public static final String MEMORY = "memory";

    private EmbeddedUri() {
    }

    public static boolean isEmbedded(String uri) {
        return uri.startsWith(SCHEME);
    }

    /** The folder that holds an embedded environment's data, resolved against the project folder; empty for memory. */
    public static Optional<Path> dataDirectory(String uri, Path projectDir) {
        String rest = uri.substring(SCHEME.length());
        if (rest.equals(MEMORY)) {
            return Optional.empty();
        }
        return Optional.of(projectDir.resolve(rest).toAbsolutePath().normalize());
    }
}
