package io.monarch.migrate;

import io.monarch.api.MonarchException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** Finds the migration sources in a folder: files named {@code M<yyyyMMddHHmmss>_<Name>.java}, by name. */
public final class MigrationSources {
    public static final Pattern FILE_NAME = Pattern.compile("(M\\d{14}_[A-Za-z0-9_]+)\\.java");
    private static final Pattern PACKAGE = Pattern.compile("^\\s*package\\s+([\\w.]+)\\s*;", Pattern.MULTILINE);

    private MigrationSources() {
    }

    public static List<MigrationSourceFile> discover(Path directory) {
        if (!Files.isDirectory(directory)) {
            throw MonarchException.usage("no migrations folder at " + directory
                    + "; run 'monarch init', or set migrations.directory in settings.yml");
        }
        List<MigrationSourceFile> found = new ArrayList<>();
        try (Stream<Path> files = Files.list(directory)) {
            for (Path path : files.sorted().toList()) {
                Matcher m = FILE_NAME.matcher(path.getFileName().toString());
                if (m.matches() && Files.isRegularFile(path)) {
                    byte[] bytes = Files.readAllBytes(path);
                    found.add(new MigrationSourceFile(m.group(1), path, packageOf(new String(bytes, StandardCharsets.UTF_8)),
                            Hashing.sha256(bytes)));
                }
            }
        } catch (IOException e) {
            throw MonarchException.failed("cannot read the migrations folder " + directory + ": " + e.getMessage(), e);
        }
        found.sort(Comparator.comparing(MigrationSourceFile::name));
        return found;
    }

    static String packageOf(String source) {
        Matcher m = PACKAGE.matcher(source);
        return m.find() ? m.group(1) : "";
    }
}
