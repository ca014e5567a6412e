package io.monarch.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * {@code migrations}: where the sources are, the tracking collection (its lock lives in
 * {@code <collection>_lock}), extra jars to compile against, the lock's timing, and the project's namespace.
 *
 * @param namespace keeps this project's tracking and lock apart from other projects' in a shared database; null for
 *                  none (the layout of earlier versions)
 */
public record MigrationSettings(Path directory, String collection, List<Path> classpath,
                                Duration lockTtl, Duration lockWait, String namespace) {

    public String lockCollection() {
        return collection + "_lock";
    }

    /** The {@code _id} of this project's lock document: "migrate", or "migrate:<namespace>". */
    public String lockId() {
        return namespace == null ? "migrate" : "migrate:" + namespace;
    }
}
