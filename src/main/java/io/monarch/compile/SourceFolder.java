package io.monarch.compile;

import io.monarch.digest.Hashing;
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

/** Finds the Java sources of a folder whose file names match a pattern (group 1: the class name), in name order. */
public final class SourceFolder {
    private static final Pattern PACKAGE = Pattern.compile("^\\s*package\\s+([\\w.]+)\\s*;", Pattern.MULTILINE);

    private SourceFolder() {
    }

    /** The matching sources; none when the folder does not exist. */
    public static List<SourceFile> list(Path directory, Pattern fileName) {
        List<SourceFile> found = new ArrayList<>();
        if (!Files.isDirectory(directory)) {
            return found;
        }
        try (Stream<Path> files = Files.list(directory)) {
            for (Path path : files.toList()) {
                Matcher m = fileName.matcher(path.getFileName().toString());
                if (m.matches() && Files.isRegularFile(path)) {
                    byte[] bytes = Files.readAllBytes(path);
                    found.add(new SourceFile(m.group(1), path, packageOf(new String(bytes, StandardCharsets.UTF_8)),
                            Hashing.sha256(bytes)));
                }
            }
        } catch (IOException e) {
            throw MonarchException.failed("cannot read " + directory + ": " + e.getMessage(), e);
        }
        found.sort(Comparator.comparing(SourceFile::name));
        return found;
    }

    static String packageOf(String source) {
        Matcher m = PACKAGE.matcher(source);
        return m.find() ? m.group(1) : "";
    }
}
