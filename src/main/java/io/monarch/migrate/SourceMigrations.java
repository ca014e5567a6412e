package io.monarch.migrate;

import io.monarch.api.Migration;
import io.monarch.api.MonarchException;
import io.monarch.compile.SourceFolder;
import io.monarch.compile.UserClass;
import io.monarch.compile.UserCode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The migrations of a source folder, compiled or cached, ready to run: versioned ones
 * ({@code M<yyyyMMddHHmmss>_<Name>.java}) and repeatable ones ({@code R_<Name>.java}).
 */
public final class SourceMigrations {
    public static final Pattern FILE_NAME = Pattern.compile("((?:M\\d{14}|R)_[A-Za-z0-9_]+)\\.java");
    /** A versioned migration's name: the timestamp orders them. */
    public static final Pattern VERSIONED = Pattern.compile("M(\\d{14})_[A-Za-z0-9_]+");

    private SourceMigrations() {
    }

    public static List<MigrationDefinition> load(Path directory, UserCode code) {
        if (!Files.isDirectory(directory)) {
            throw MonarchException.usage("no migrations folder at " + directory
                    + "; run 'monarch init', or set migrations.directory in settings.yml");
        }
        return code.load(SourceFolder.list(directory, FILE_NAME), Migration.class).stream()
                .map(SourceMigrations::definition).toList();
    }

    private static MigrationDefinition definition(UserClass<Migration> type) {
        Migration probe = type.newInstance();
        MigrationDefinition definition = MigrationDefinition.of(probe, type.source().name(), type.source().sha256(), Optional.of(type.source().path()),
                type::newInstance);
        boolean named = VERSIONED.matcher(definition.name()).matches();
        if (definition.repeatable() == named) {
            throw MonarchException.usage(type.source().path() + ": " + (named
                    ? "a versioned migration (M<timestamp>_<Name>) must extend io.monarch.api.Migration, not RepeatableMigration; "
                    + "name a repeatable one R_<Name>.java"
                    : "an R_<Name> file is a repeatable migration: make it extend io.monarch.api.RepeatableMigration, "
                    + "or name a versioned one M<yyyyMMddHHmmss>_<Name>.java"));
        }
        return definition;
    }
}
