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

/** The migrations of a source folder ({@code M<yyyyMMddHHmmss>_<Name>.java}), compiled or cached, ready to run. */
public final class SourceMigrations {
    public static final Pattern FILE_NAME = Pattern.compile("(M\\d{14}_[A-Za-z0-9_]+)\\.java");

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
        return new MigrationDefinition(type.source().name(), type.source().sha256(), Optional.of(type.source().path()),
                probe.transactional(), probe.hasRollback(), type::newInstance);
    }
}
