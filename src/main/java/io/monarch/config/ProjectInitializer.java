package io.monarch.config;

import io.monarch.api.MonarchException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code monarch init}: a starting settings.yml with an embedded development environment, its folders, and a
 * .gitignore for what monarch writes beside them (embedded data, compiled classes, local backups).
 */
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

    /** What the project's .gitignore should hold: the embedded environments and class cache, and the backups folder. */
    static final List<String> IGNORED = List.of("/.monarch/", "/backups/");

    private ProjectInitializer() {
    }

    /**
     * Writes the settings file, creates the migrations folder and writes or completes the project's .gitignore;
     * refuses (exit 2) if the settings file exists. Returns the files written.
     */
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
            if (ignore(SettingsLoader.projectDirOf(settingsFile).resolve(".gitignore"))) {
                written.add(gitignoreAsNamed(settingsFile));
            }
            return written;
        } catch (IOException e) {
            throw MonarchException.failed("cannot write " + settingsFile + ": " + e.getMessage(), e);
        }
    }

    /** Adds the lines of {@link #IGNORED} a .gitignore lacks (written as is, or without the slashes); whether it changed. */
    private static boolean ignore(Path gitignore) throws IOException {
        List<String> existing = Files.exists(gitignore) ? Files.readAllLines(gitignore) : List.of();
        List<String> missing = IGNORED.stream().filter(line -> existing.stream().noneMatch(e -> same(e, line))).toList();
        if (missing.isEmpty()) {
            return false;
        }
        StringBuilder text = new StringBuilder();
        if (!existing.isEmpty()) {
            String current = Files.readString(gitignore);
            text.append(current.endsWith("\n") || current.isEmpty() ? "" : "\n").append('\n');
        }
        text.append("# monarch: embedded environments' data and compiled migrations, and local backups\n");
        missing.forEach(line -> text.append(line).append('\n'));
        Files.writeString(gitignore, text, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        return true;
    }

    /** ".monarch", "/.monarch" and ".monarch/" ignore the same folder here. */
    private static boolean same(String written, String wanted) {
        return strip(written.trim()).equals(strip(wanted));
    }

    private static String strip(String line) {
        return line.replaceAll("^/+", "").replaceAll("/+$", "");
    }

    /** The project's .gitignore, named from where the user named the settings file (migrations/settings.yml: .gitignore). */
    private static Path gitignoreAsNamed(Path settingsFile) {
        Path settingsDir = settingsFile.getParent();
        if (settingsDir == null) {
            return Path.of("..", ".gitignore");
        }
        return settingsDir.getParent() == null ? Path.of(".gitignore") : settingsDir.getParent().resolve(".gitignore");
    }
}
