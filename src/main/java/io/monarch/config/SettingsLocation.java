package io.monarch.config;

import io.monarch.api.MonarchException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Which settings file a command means, found as git finds {@code .git}: the one named with {@code --settings},
 * else the one {@code MONARCH_SETTINGS} names, else {@code migrations/settings.yml} in the working folder or the
 * nearest folder above it that has one. So {@code monarch} works from any folder of a project.
 */
public final class SettingsLocation {
    /** Where a project keeps its settings, relative to the project folder. */
    public static final Path DEFAULT = Path.of("migrations", "settings.yml");
    public static final String VARIABLE = "MONARCH_SETTINGS";

    private SettingsLocation() {
    }

    /**
     * The settings file to use. {@code explicit} (--settings) and {@code variable} (the value of MONARCH_SETTINGS)
     * may be null; relative paths are relative to {@code workingFolder}. None found: a usage error (exit 2) that
     * says where it looked and what to do.
     */
    public static Path find(Path explicit, String variable, Path workingFolder) {
        Optional<Path> named = named(explicit, variable, workingFolder);
        if (named.isPresent()) {
            return named.get();
        }
        return search(workingFolder).orElseThrow(() -> MonarchException.usage("no " + DEFAULT + " in "
                + workingFolder.toAbsolutePath().normalize() + " or any folder above it; run 'monarch init' in your "
                + "project's folder to create one, or name yours with --settings <file> (or " + VARIABLE + ")"));
    }

    /**
     * Where {@code monarch init} writes: the file named or found as {@link #find} does (init then refuses to
     * overwrite it), else {@code migrations/settings.yml} in the working folder.
     */
    public static Path forInit(Path explicit, String variable, Path workingFolder) {
        if (explicit != null) {
            return workingFolder.resolve(explicit);
        }
        if (variable != null && !variable.isBlank()) {
            return workingFolder.resolve(variable);
        }
        return search(workingFolder).orElse(workingFolder.resolve(DEFAULT));
    }

    /**
     * {@code migrations/settings.yml} in {@code start} or the nearest folder above it. One in {@code start}
     * itself is returned as {@code start.resolve("migrations/settings.yml")}; one further up, as an absolute path.
     */
    public static Optional<Path> search(Path start) {
        if (Files.isRegularFile(start.resolve(DEFAULT))) {
            return Optional.of(start.resolve(DEFAULT));
        }
        for (Path dir = start.toAbsolutePath().normalize().getParent(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve(DEFAULT);
            if (Files.isRegularFile(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    private static Optional<Path> named(Path explicit, String variable, Path workingFolder) {
        if (explicit != null) {
            // a missing file named with --settings is reported by the loader, with what to do
            return Optional.of(workingFolder.resolve(explicit));
        }
        if (variable == null || variable.isBlank()) {
            return Optional.empty();
        }
        Path file = workingFolder.resolve(variable);
        if (!Files.isRegularFile(file)) {
            throw MonarchException.usage(VARIABLE + " is " + variable + ", and there is no settings file there; "
                    + "point it at your settings.yml, or unset it to use " + DEFAULT + " found from the working folder");
        }
        return Optional.of(file);
    }
}
