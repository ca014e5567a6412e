package io.monarch.config;

import io.monarch.api.MonarchException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** {@code monarch init}: a starting settings.yml with an embedded development environment, and its folders. */
public final class ProjectInitializer {
    static final String STARTING_SETTINGS = """
            # monarch settings (see the README for every key)
            environments:
              development:
                uri: embedded:.monarch/development   # in-process MongoDB-wire server, data kept in that folder
                database: app_dev
            #  production:
            #    uri: ${PROD_MONGO_URI}             # ${VAR} and ${VAR:-default} come from the environment
            #    database: app
            #    protected: true                    # restore/copy_db into it needs --force and a typed confirmation
            backups:
              local:
                path: backups
            migrations:
              directory: migrations
              collection: monarch_migrations
            """;

    private ProjectInitializer() {
    }

    /** Writes the settings file and creates the migrations folder; refuses (exit 2) if the settings file exists. */
    public static List<Path> init(Path settingsFile) {
        if (Files.exists(settingsFile)) {
            throw MonarchException.usage(settingsFile + " already exists; nothing was changed (edit it, or name another with --settings)");
        }
        List<Path> written = new ArrayList<>();
        try {
            Path dir = settingsFile.toAbsolutePath().getParent();
            if (!Files.isDirectory(dir)) {
                Files.createDirectories(dir);
                written.add(settingsFile.getParent() == null ? dir : settingsFile.getParent());
            }
            Files.writeString(settingsFile, STARTING_SETTINGS);
            written.add(settingsFile);
            Path querySets = dir.resolve("querysets");
            if (!Files.isDirectory(querySets)) {
                Files.createDirectories(querySets);
            }
            return written;
        } catch (IOException e) {
            throw MonarchException.failed("cannot write " + settingsFile + ": " + e.getMessage(), e);
        }
    }
}
