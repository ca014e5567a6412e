package io.monarch.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * {@code migrations}: where the sources are, the tracking collection (its lock lives in
 * {@code <collection>_lock}), extra jars to compile against, and the lock's timing.
 */
public record MigrationSettings(Path directory, String collection, List<Path> classpath,
                                Duration lockTtl, Duration lockWait) {

    public String lockCollection() {
        return collection + "_lock";
    }
}
