package io.monarch.source;

import io.monarch.intent.CollectionIntent;
import io.monarch.intent.CollectionMetadata;
import io.monarch.intent.MalformedDumpException;
import io.monarch.intent.TimeseriesNames;
import io.monarch.stream.CompressionStreams;
import io.monarch.api.MonarchException;
import org.bson.BsonDocument;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * A mongodump output folder: one folder per database holding {@code <coll>.bson} and {@code <coll>.metadata.json}
 * (plain or {@code .gz}), and {@code oplog.bson} beside them when mongodump ran with {@code --oplog}. The path may
 * be the dump folder, a database folder, or a folder above them (an unpacked zip). File names are mongodump's
 * escaped collection names; the metadata's {@code collectionName}, when it has one, names the collection.
 */
public final class DirectoryDumpSource implements DumpSource {
    private static final int MAX_DOCUMENT = 48 << 20;
    private static final String OPLOG_FILE = "oplog.bson";

    private final String description;
    private final Runnable onClose;
    /** Database → collection name → its files. */
    private final Map<String, Map<String, CollectionFiles>> databases = new TreeMap<>();
    private final Path oplog;
    private final boolean singleCollection;

    /** A collection's two files; either may be missing (a view has no .bson, an old dump may have no metadata). */
    private record CollectionFiles(Path bson, Path metadata) {
    }

    /**
     * One collection's {@code .bson} file named by path (mongorestore's {@code mongorestore things.bson}): the
     * collection is named after the file, its metadata read from {@code <name>.metadata.json} beside it if there is
     * one; a time-series collection's {@code system.buckets.<name>.bson} takes {@code <name>.metadata.json}. Its
     * database is the folder's name (a server database's name, which restore leaves out, is not used).
     */
    public static DirectoryDumpSource singleFile(Path bson) {
        return new DirectoryDumpSource(bson, bson.toString());
    }

    private DirectoryDumpSource(Path bson, String description) {
        this.description = description;
        this.onClose = null;
        this.oplog = null;
        this.singleCollection = true;
        Path folder = bson.toAbsolutePath().getParent();
        String stem = stemOf(bson.getFileName().toString());
        if (stem == null || !bson.getFileName().toString().replaceFirst("\\.gz$", "").endsWith(".bson")) {
            throw MonarchException.usage(bson + " is not a collection's .bson file as mongodump writes them (<collection>.bson, "
                    + "plain or .gz)");
        }
        String folderName = folder.getFileName() == null ? "" : folder.getFileName().toString();
        String database = folderName.isEmpty() || DumpedCollection.SERVER_DATABASES.contains(folderName) ? "dump" : folderName;
        try {
            Map<String, CollectionFiles> all = filesOf(folder);
            String name = stem.startsWith(TimeseriesNames.BUCKETS_PREFIX) ? stem.substring(TimeseriesNames.BUCKETS_PREFIX.length()) : stem;
            CollectionFiles files = all.get(name);
            databases.put(database, new TreeMap<>(Map.of(name, files != null && files.bson().equals(bson.toAbsolutePath().normalize())
                    ? files : new CollectionFiles(bson.toAbsolutePath().normalize(), files == null ? null : files.metadata()))));
        } catch (IOException e) {
            throw MonarchException.failed("cannot read " + bson + ": " + e.getMessage(), e);
        }
    }

    public DirectoryDumpSource(Path dir, String description, Runnable onClose) {
        this.description = description;
        this.onClose = onClose;
        this.singleCollection = false;
        try {
            Path root = dumpRoot(dir);
            boolean oneDatabase = !hasDatabaseFolders(root);
            if (oneDatabase) {
                databases.put(root.getFileName().toString(), new TreeMap<>());
                this.oplog = null;
            } else {
                try (Stream<Path> children = Files.list(root)) {
                    for (Path child : children.filter(Files::isDirectory).filter(DirectoryDumpSource::hasDumpFiles).toList()) {
                        databases.put(child.getFileName().toString(), new TreeMap<>());
                    }
                }
                Path oplogFile = root.resolve(OPLOG_FILE);
                this.oplog = Files.isRegularFile(oplogFile) ? oplogFile : null;
            }
            for (String database : databases.keySet()) {
                Path folder = oneDatabase ? root : root.resolve(database);
                databases.get(database).putAll(filesOf(folder));
            }
        } catch (IOException e) {
            throw MonarchException.failed("cannot read " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * The folder that is a database folder (it holds dump files) or a dump folder (its sub-folders do, or it holds
     * oplog.bson), searching down from {@code dir} a few levels, as an unpacked zip nests it.
     */
    private static Path dumpRoot(Path dir) throws IOException {
        Deque<Path> queue = new ArrayDeque<>(List.of(dir));
        while (!queue.isEmpty()) {
            Path folder = queue.poll();
            // a dump folder (database folders in it) before a database folder: its oplog.bson is no collection
            if (hasDatabaseFolders(folder) || hasDumpFiles(folder)) {
                return folder;
            }
            List<Path> children;
            try (Stream<Path> list = Files.list(folder)) {
                children = list.filter(Files::isDirectory).sorted().toList();
            }
            if (dir.relativize(folder).getNameCount() < 3) {
                queue.addAll(children);
            }
        }
        throw MonarchException.usage(dir + " holds no mongodump files (<collection>.bson, <collection>.metadata.json)");
    }

    private static boolean hasDatabaseFolders(Path dir) throws IOException {
        try (Stream<Path> children = Files.list(dir)) {
            return children.anyMatch(child -> Files.isDirectory(child) && hasDumpFiles(child));
        }
    }

    private static boolean hasDumpFiles(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.anyMatch(p -> stemOf(p.getFileName().toString()) != null);
        } catch (IOException e) {
            return false;
        }
    }

    /** {@code <stem>.bson} or {@code <stem>.metadata.json}, plain or .gz: the stem; null for any other file. */
    private static String stemOf(String file) {
        String name = file.endsWith(".gz") ? file.substring(0, file.length() - 3) : file;
        String stem = name.endsWith(".metadata.json") ? name.substring(0, name.length() - ".metadata.json".length())
                : name.endsWith(".bson") ? name.substring(0, name.length() - ".bson".length()) : null;
        // $admin.system.users and the like (--dumpDbUsersAndRoles) are not collections of this database
        return stem == null || stem.isEmpty() || stem.startsWith("$") ? null : stem;
    }

    /**
     * A folder's collections by file stem. A time-series collection's documents are its buckets, which mongodump
     * (before MongoDB 8.3) writes to {@code system.buckets.<stem>.bson} beside {@code <stem>.metadata.json}: they
     * are paired here, so that they are restored as that collection's, never left out as a system collection.
     */
    private static Map<String, CollectionFiles> filesOf(Path folder) throws IOException {
        Map<String, Path> bson = new TreeMap<>();
        Map<String, Path> metadata = new TreeMap<>();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path p : files.filter(Files::isRegularFile).toList()) {
                String file = p.getFileName().toString();
                String stem = stemOf(file);
                if (stem != null) {
                    (file.replaceFirst("\\.gz$", "").endsWith(".metadata.json") ? metadata : bson).put(stem, p.toAbsolutePath().normalize());
                }
            }
        }
        Map<String, CollectionFiles> byStem = new TreeMap<>();
        bson.forEach((stem, p) -> byStem.put(stem, new CollectionFiles(p, metadata.get(stem))));
        metadata.forEach((stem, p) -> {
            Path buckets = bson.get(TimeseriesNames.BUCKETS_PREFIX + stem);
            if (buckets != null && !bson.containsKey(stem)) {
                byStem.remove(TimeseriesNames.BUCKETS_PREFIX + stem);
                byStem.put(stem, new CollectionFiles(buckets, p));
            } else {
                byStem.putIfAbsent(stem, new CollectionFiles(null, p));
            }
        });
        return byStem;
    }

    @Override
    public boolean singleCollection() {
        return singleCollection;
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public List<DumpedCollection> collections() throws IOException {
        List<DumpedCollection> collections = new ArrayList<>();
        for (Map.Entry<String, Map<String, CollectionFiles>> database : databases.entrySet()) {
            Map<String, CollectionFiles> named = new TreeMap<>();
            for (Map.Entry<String, CollectionFiles> entry : database.getValue().entrySet()) {
                CollectionFiles files = entry.getValue();
                String json = files.metadata() == null ? null : new String(read(files.metadata()), StandardCharsets.UTF_8);
                CollectionIntent intent;
                if (CollectionMetadata.isBlank(json)) {
                    // no metadata, or an empty file (mongorestore takes it as none): a plain collection
                    intent = CollectionIntent.plain(EscapedNames.unescape(entry.getKey(), files.bson() != null ? files.bson() : files.metadata()));
                } else {
                    BsonDocument metadata = CollectionMetadata.parse(json, files.metadata().toString());
                    String name = metadata.isString("collectionName") ? metadata.getString("collectionName").getValue()
                            : EscapedNames.unescape(entry.getKey(), files.metadata());
                    intent = CollectionMetadata.intent(name, metadata);
                }
                named.put(intent.name(), files);
                collections.add(new DumpedCollection(database.getKey(), intent));
            }
            database.setValue(named); // from here on, by collection name
        }
        if (oplog != null) {
            collections.add(DumpedCollection.oplog());
        }
        return collections;
    }

    @Override
    public void stream(DocumentSink sink) throws IOException {
        for (Map.Entry<String, Map<String, CollectionFiles>> database : databases.entrySet()) {
            for (Map.Entry<String, CollectionFiles> collection : database.getValue().entrySet()) {
                if (collection.getValue().bson() != null) {
                    streamFile(collection.getValue().bson(), database.getKey(), collection.getKey(), sink);
                } else {
                    sink.end(database.getKey(), collection.getKey(), 0);
                }
            }
        }
        if (oplog != null) {
            streamFile(oplog, "", DumpedCollection.OPLOG, sink);
        }
    }

    private static void streamFile(Path file, String database, String collection, DocumentSink sink) throws IOException {
        long count = 0;
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(open(file), 1 << 16))) {
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
                    throw new MalformedDumpException(file + ": document " + (count + 1) + " has a bad length " + length + ": the file is damaged");
                }
                byte[] document = new byte[length];
                System.arraycopy(lengthBytes, 0, document, 0, 4);
                in.readFully(document, 4, length - 4);
                sink.document(database, collection, document);
                count++;
            }
        } catch (EOFException e) {
            throw new MalformedDumpException(file + " ends in the middle of document " + (count + 1) + ": it is truncated");
        }
        sink.end(database, collection, count);
    }

    private static byte[] read(Path file) throws IOException {
        try (InputStream in = open(file); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            in.transferTo(out);
            return out.toByteArray();
        }
    }

    /** gzip is told by its first bytes: mongodump --gzip names the oplog's gzip content oplog.bson all the same. */
    private static InputStream open(Path file) throws IOException {
        return CompressionStreams.detect(Files.newInputStream(file));
    }

    @Override
    public void close() {
        if (onClose != null) {
            onClose.run();
        }
    }
}
