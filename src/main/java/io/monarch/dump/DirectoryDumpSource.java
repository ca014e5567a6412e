package io.monarch.dump;

import io.monarch.api.MonarchException;
import io.monarch.dump.archive.ArchiveFormatException;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * A mongodump output folder: {@code <coll>.bson} and {@code <coll>.metadata.json}, plain or {@code .gz}. The
 * path may be the dump folder (with one database folder in it) or the database folder itself.
 */
public final class DirectoryDumpSource implements DumpSource {
    private static final int MAX_DOCUMENT = 48 << 20;

    private final Path databaseDir;
    private final String description;
    private final Runnable onClose;

    public DirectoryDumpSource(Path dir, String description, Runnable onClose) {
        this.databaseDir = findDatabaseDir(dir);
        this.description = description;
        this.onClose = onClose;
    }

    /** The folder holding the .bson files: the given one, or its only sub-folder that has some. */
    private static Path findDatabaseDir(Path dir) {
        if (hasDumpFiles(dir)) {
            return dir;
        }
        List<Path> candidates = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(dir, 3)) {
            walk.filter(Files::isDirectory).filter(DirectoryDumpSource::hasDumpFiles).forEach(candidates::add);
        } catch (IOException e) {
            throw MonarchException.failed("cannot read " + dir + ": " + e.getMessage(), e);
        }
        if (candidates.size() == 1) {
            return candidates.get(0);
        }
        if (candidates.isEmpty()) {
            throw MonarchException.usage(dir + " holds no mongodump files (<collection>.bson, <collection>.metadata.json)");
        }
        throw MonarchException.usage(dir + " holds dumps of several databases (" + candidates.stream()
                .map(p -> p.getFileName().toString()).toList() + "); name one of those folders");
    }

    private static boolean hasDumpFiles(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.anyMatch(p -> {
                String n = p.getFileName().toString();
                return n.endsWith(".bson") || n.endsWith(".bson.gz") || n.endsWith(".metadata.json") || n.endsWith(".metadata.json.gz");
            });
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public String sourceDatabase() {
        return databaseDir.getFileName().toString();
    }

    @Override
    public List<CollectionIntent> collections() throws IOException {
        List<CollectionIntent> intents = new ArrayList<>();
        for (String name : collectionNames()) {
            Path metadata = find(name, ".metadata.json");
            String json = metadata == null ? null : new String(open(metadata).readAllBytes(), StandardCharsets.UTF_8);
            intents.add(CollectionMetadata.fromJson(name, "collection", json));
        }
        return intents;
    }

    private Set<String> collectionNames() throws IOException {
        Set<String> names = new TreeSet<>();
        try (Stream<Path> files = Files.list(databaseDir)) {
            for (Path p : files.toList()) {
                String n = p.getFileName().toString().replaceFirst("\\.gz$", "");
                String name = n.endsWith(".metadata.json") ? n.substring(0, n.length() - ".metadata.json".length())
                        : n.endsWith(".bson") ? n.substring(0, n.length() - ".bson".length()) : null;
                if (name != null && !name.startsWith("system.")) {
                    names.add(name);
                }
            }
        }
        return names;
    }

    @Override
    public void stream(DocumentSink sink) throws IOException {
        Map<String, Path> bsonFiles = new TreeMap<>();
        for (String name : collectionNames()) {
            Path bson = find(name, ".bson");
            if (bson != null) {
                bsonFiles.put(name, bson);
            }
        }
        for (Map.Entry<String, Path> entry : bsonFiles.entrySet()) {
            long count = 0;
            try (DataInputStream in = new DataInputStream(new BufferedInputStream(open(entry.getValue()), 1 << 16))) {
                byte[] lengthBytes = new byte[4];
                while (true) {
                    int first = in.read();
                    if (first < 0) {
                        break;
                    }
                    lengthBytes[0] = (byte) first;
                    in.readFully(lengthBytes, 1, 3);
                    int length = (lengthBytes[0] & 0xff) | (lengthBytes[1] & 0xff) << 8 | (lengthBytes[2] & 0xff) << 16 | (lengthBytes[3] & 0xff) << 24;
                    if (length < 5 || length > MAX_DOCUMENT) {
                        throw new ArchiveFormatException(entry.getValue() + ": document " + (count + 1) + " has a bad length " + length + ": the file is damaged");
                    }
                    byte[] document = new byte[length];
                    System.arraycopy(lengthBytes, 0, document, 0, 4);
                    in.readFully(document, 4, length - 4);
                    sink.document(entry.getKey(), document);
                    count++;
                }
            } catch (EOFException e) {
                throw new ArchiveFormatException(entry.getValue() + " ends in the middle of document " + (count + 1) + ": it is truncated");
            }
            sink.end(entry.getKey(), count);
        }
    }

    private Path find(String collection, String suffix) {
        for (String candidate : new String[]{collection + suffix, collection + suffix + ".gz"}) {
            Path p = databaseDir.resolve(candidate);
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        return null;
    }

    private static InputStream open(Path file) throws IOException {
        InputStream in = Files.newInputStream(file);
        return file.getFileName().toString().endsWith(".gz") ? new GZIPInputStream(in, 1 << 16) : in;
    }

    @Override
    public void close() {
        if (onClose != null) {
            onClose.run();
        }
    }
}
