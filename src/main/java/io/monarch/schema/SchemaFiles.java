package io.monarch.schema;

import io.monarch.api.MonarchException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** The folder of schema files ({@code migrations/schema/*.yml}): all of them read as one schema, or pulled ones written. */
final class SchemaFiles {
    private SchemaFiles() {
    }

    static DatabaseSchema read(Path directory) {
        if (!Files.isDirectory(directory)) {
            throw MonarchException.usage("no schema folder at " + directory + "; declare collections in "
                    + directory.resolve("<collection>.yml") + ", or run 'monarch schema pull <env>' to write them from an environment");
        }
        Map<String, CollectionSchema> collections = new LinkedHashMap<>();
        for (Path file : files(directory)) {
            for (CollectionSchema collection : SchemaFileParser.parse(file)) {
                CollectionSchema earlier = collections.putIfAbsent(collection.name(), collection);
                if (earlier != null) {
                    throw new SchemaFileException(file, line(collection.source()), collection.name() + " is already declared at "
                            + earlier.source() + "; declare each collection or view once");
                }
            }
        }
        return new DatabaseSchema(List.copyOf(collections.values()));
    }

    /**
     * Writes one file per collection ({@code <name>.yml}). A collection declared elsewhere in the folder is not
     * written twice: the user is told where, so the folder never declares a collection twice.
     */
    static List<Path> write(Path directory, DatabaseSchema pulled) {
        DatabaseSchema existing = Files.isDirectory(directory) ? read(directory) : new DatabaseSchema(List.of());
        List<Path> written = new ArrayList<>();
        try {
            Files.createDirectories(directory);
            for (CollectionSchema collection : pulled.collections()) {
                Path file = directory.resolve(fileName(collection.name()));
                var declared = existing.find(collection.name());
                if (declared.isPresent() && !inFile(declared.get(), file)) {
                    throw MonarchException.usage(collection.name() + " is already declared at " + directory.resolve(declared.get().source())
                            + "; remove it there to pull it into " + file.getFileName() + ", or edit that file");
                }
                for (CollectionSchema other : existing.collections()) {
                    if (inFile(other, file) && !other.name().equals(collection.name())) {
                        throw MonarchException.usage(file + " also declares " + other.name() + "; move it to its own file, "
                                + "then pull " + collection.name() + " again");
                    }
                }
                Files.writeString(file, SchemaFileWriter.write(collection));
                written.add(file);
            }
        } catch (IOException e) {
            throw MonarchException.failed("cannot write schema files to " + directory + ": " + e.getMessage(), e);
        }
        return written;
    }

    /** A file name for a collection: its name, with characters a file system may refuse replaced by '_'. */
    static String fileName(String collection) {
        return collection.replaceAll("[^A-Za-z0-9._-]", "_") + ".yml";
    }

    private static List<Path> files(Path directory) {
        try (Stream<Path> list = Files.list(directory)) {
            return list.filter(p -> p.getFileName().toString().endsWith(".yml") || p.getFileName().toString().endsWith(".yaml"))
                    .filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw MonarchException.failed("cannot list " + directory + ": " + e.getMessage(), e);
        }
    }

    private static boolean inFile(CollectionSchema collection, Path file) {
        return collection.source().startsWith(file.getFileName() + ":");
    }

    private static int line(String source) {
        return Integer.parseInt(source.substring(source.lastIndexOf(':') + 1));
    }
}
