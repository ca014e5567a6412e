package io.monarch.support;

import io.monarch.support.Mongodump.Version;
import org.bson.BsonBinaryReader;
import org.bson.BsonBoolean;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonInt64;
import org.bson.BsonString;
import org.bson.BsonType;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * A {@code mongodump --archive} stream (FACTS.md, "Archive"), laid out as mongo-tools' multiplexer writes it:
 * magic, header, one prelude document per namespace (regular collections, then the oplog, then admin.system.users,
 * .roles, .version), a terminator, then the body: the special admin namespaces first, the regular collections,
 * the oplog last; every namespace ends with an EOF header carrying the CRC-64 of its documents. An empty collection
 * or a view still gets a header with no documents before its EOF.
 */
public final class MongodumpArchive extends MongodumpContent<MongodumpArchive> {
    private static final byte[] TERMINATOR = {-1, -1, -1, -1};
    private static final int MAGIC = 0x8199e26d;

    private final Path file;
    private int concurrentCollections = 4;
    private int segmentDocuments;
    private UnaryOperator<BsonDocument> headerEdit = UnaryOperator.identity();
    private final Map<String, UnaryOperator<BsonDocument>> preludeEdits = new LinkedHashMap<>();
    private final List<Flip> flips = new ArrayList<>();

    MongodumpArchive(Path file) {
        this.file = file;
    }

    /** The header's {@code concurrent_collections} ({@code --numParallelCollections}, default 4). */
    public MongodumpArchive concurrentCollections(int n) {
        this.concurrentCollections = n;
        return this;
    }

    /**
     * Interleave the regular collections in segments of at most {@code documents} documents, round robin, as
     * parallel dump workers do when their 16 MiB buffers fill. Default: each collection in one segment.
     */
    public MongodumpArchive segmentsOf(int documents) {
        this.segmentDocuments = documents;
        return this;
    }

    /** Malformed: the header document passes through {@code edit} before it is written (drop or add keys). */
    public MongodumpArchive editHeader(UnaryOperator<BsonDocument> edit) {
        UnaryOperator<BsonDocument> before = headerEdit;
        headerEdit = h -> edit.apply(before.apply(h));
        return this;
    }

    /** Malformed: the prelude document of {@code namespace} ("db.collection", ".oplog") passes through {@code edit}. */
    public MongodumpArchive editPrelude(String namespace, UnaryOperator<BsonDocument> edit) {
        preludeEdits.merge(namespace, edit, (a, b) -> d -> b.apply(a.apply(d)));
        return this;
    }

    /** Malformed: one byte of the finished (uncompressed) archive XORed with 0x01. */
    public MongodumpArchive flip(Flip flip) {
        flips.add(flip);
        return this;
    }

    /**
     * Where to flip a byte: the first character of a key ({@code headerKey}, {@code preludeKey}), the first byte
     * of some text inside a document ({@code preludeText}, e.g. an index option inside the metadata string), or
     * an absolute offset. "metadata" flipped becomes "letadata": a prelude entry with an unknown key and no
     * metadata, which no checksum covers.
     */
    public record Flip(String document, String needle, boolean key, int offset) {
        public static Flip headerKey(String key) {
            return new Flip("", key, true, -1);
        }

        public static Flip preludeKey(String namespace, String key) {
            return new Flip(namespace, key, true, -1);
        }

        public static Flip preludeText(String namespace, String text) {
            return new Flip(namespace, text, false, -1);
        }

        public static Flip at(int offset) {
            return new Flip(null, null, false, offset);
        }
    }

    public Written write() {
        checkOplog();
        for (Dumped d : collections) {
            if (d.kind == Dumped.Kind.METADATA_ONLY || d.kind == Dumped.Kind.BSON_ONLY) {
                throw new IllegalStateException("mongodump's archives have no " + d.kind + " namespaces");
            }
        }
        Map<String, int[]> ranges = new LinkedHashMap<>();
        Map<String, Long> crcs = new LinkedHashMap<>();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(MAGIC).array());

        BsonDocument header = new BsonDocument("concurrent_collections", new BsonInt32(concurrentCollections));
        header.put("version", new BsonString("0.1"));
        header.put("server_version", new BsonString(serverVersion()));
        header.put("tool_version", new BsonString(toolVersion()));
        writeRanged(out, ranges, "", bson(headerEdit.apply(header)));

        List<Dumped> regular = collections.stream().filter(d -> !d.special()).toList();
        List<Dumped> special = specialsInManagerOrder();
        for (Dumped d : regular) {
            writeRanged(out, ranges, d.namespace(), bson(prelude(d.db, d.name, metadataJson(d),
                    d.kind == Dumped.Kind.VIEW ? "view" : d.kind == Dumped.Kind.TIMESERIES ? "timeseries" : "collection")));
        }
        if (oplog != null) {
            writeRanged(out, ranges, ".oplog", bson(prelude("", "oplog", "", "")));
        }
        for (Dumped d : special) {
            writeRanged(out, ranges, d.namespace(), bson(prelude(d.db, d.name, metadataJson(d), "collection")));
        }
        out.writeBytes(TERMINATOR);

        Multiplexer mux = new Multiplexer(out, crcs);
        for (Dumped d : special) {
            mux.whole(d.db, d.name, documents(d));
        }
        if (segmentDocuments > 0) {
            mux.interleaved(regular.stream().map(d -> Map.entry(d, documents(d))).toList(), segmentDocuments);
        } else {
            for (Dumped d : regular) {
                mux.whole(d.db, d.dataName(), documents(d));
            }
        }
        if (oplog != null) {
            mux.whole("", "oplog", oplog);
        }

        byte[] bytes = out.toByteArray();
        for (Flip flip : flips) {
            int at = locate(bytes, ranges, flip);
            bytes[at] ^= 0x01;
        }
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.write(file, gzip ? gzipped(bytes) : bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Written(file, List.of(file.getFileName().toString()), bytes, Map.copyOf(crcs));
    }

    /** common/intents Manager.Intents: users, roles, then version, after every regular intent and the oplog. */
    private List<Dumped> specialsInManagerOrder() {
        List<Dumped> out = new ArrayList<>();
        for (String name : List.of("system.users", "system.roles", "system.version")) {
            collections.stream().filter(d -> d.special() && d.name.equals(name)).forEach(out::add);
        }
        return out;
    }

    /** archive.CollectionMetadata: db, collection, metadata, size (an int, never set by mongodump: 0), and from 100.4 type. */
    private BsonDocument prelude(String db, String collection, String metadata, String type) {
        BsonDocument p = new BsonDocument("db", new BsonString(db));
        p.put("collection", new BsonString(collection));
        p.put("metadata", new BsonString(metadata));
        p.put("size", new BsonInt32(0));
        if (version == Version.V100) {
            p.put("type", new BsonString(type));
        }
        String namespace = db + "." + collection;
        return preludeEdits.getOrDefault(namespace, UnaryOperator.identity()).apply(p);
    }

    private static void writeRanged(ByteArrayOutputStream out, Map<String, int[]> ranges, String name, byte[] document) {
        ranges.put(name, new int[]{out.size(), out.size() + document.length});
        out.writeBytes(document);
    }

    private static int locate(byte[] bytes, Map<String, int[]> ranges, Flip flip) {
        if (flip.document() == null) {
            return flip.offset();
        }
        int[] range = ranges.get(flip.document());
        if (range == null) {
            throw new IllegalArgumentException("no document for " + (flip.document().isEmpty() ? "the header" : flip.document()));
        }
        if (flip.key()) {
            BsonBinaryReader reader = new BsonBinaryReader(ByteBuffer.wrap(bytes, range[0], range[1] - range[0]).slice());
            reader.readStartDocument();
            while (reader.readBsonType() != BsonType.END_OF_DOCUMENT) {
                String name = reader.readName();
                if (name.equals(flip.needle())) {
                    int afterName = reader.getBsonInput().getPosition();
                    return range[0] + afterName - name.getBytes(StandardCharsets.UTF_8).length - 1;
                }
                reader.skipValue();
            }
            throw new IllegalArgumentException("no key " + flip.needle() + " in " + flip.document());
        }
        byte[] needle = flip.needle().getBytes(StandardCharsets.UTF_8);
        outer:
        for (int i = range[0]; i <= range[1] - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (bytes[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new IllegalArgumentException("no text " + flip.needle() + " in " + flip.document());
    }

    /**
     * common/archive/multiplexer.go: a namespace header is written whenever the namespace changes (after a
     * terminator closing the previous one), even for a buffer with no documents; an EOF header closes a namespace.
     */
    private static final class Multiplexer {
        private final ByteArrayOutputStream out;
        private final Map<String, Long> crcs;
        private String current;

        Multiplexer(ByteArrayOutputStream out, Map<String, Long> crcs) {
            this.out = out;
            this.crcs = crcs;
        }

        void whole(String db, String collection, List<BsonDocument> documents) {
            body(db, collection, documents);
            eof(db, collection);
        }

        void interleaved(List<Map.Entry<Dumped, List<BsonDocument>>> collections, int size) {
            record Open(Dumped dumped, List<BsonDocument> documents, int[] next) {
            }
            Deque<Open> queue = new ArrayDeque<>();
            for (Map.Entry<Dumped, List<BsonDocument>> c : collections) {
                queue.add(new Open(c.getKey(), c.getValue(), new int[1]));
            }
            while (!queue.isEmpty()) {
                Open o = queue.poll();
                int from = o.next()[0];
                int to = Math.min(from + size, o.documents().size());
                body(o.dumped().db, o.dumped().dataName(), o.documents().subList(from, to));
                o.next()[0] = to;
                if (to == o.documents().size()) {
                    eof(o.dumped().db, o.dumped().dataName());
                } else {
                    queue.add(o);
                }
            }
        }

        private void body(String db, String collection, List<BsonDocument> documents) {
            String namespace = db + "." + collection;
            if (!namespace.equals(current)) {
                if (current != null) {
                    out.writeBytes(TERMINATOR);
                }
                out.writeBytes(bson(namespaceHeader(db, collection, false, 0)));
                current = namespace;
            }
            long crc = crcs.getOrDefault(namespace, 0L);
            for (BsonDocument d : documents) {
                byte[] raw = bson(d);
                crc = GoCrc64.update(crc, raw);
                out.writeBytes(raw);
            }
            crcs.put(namespace, crc);
        }

        private void eof(String db, String collection) {
            if (current != null) {
                out.writeBytes(TERMINATOR);
            }
            out.writeBytes(bson(namespaceHeader(db, collection, true, crcs.getOrDefault(db + "." + collection, 0L))));
            out.writeBytes(TERMINATOR);
            current = null;
        }

        private static BsonDocument namespaceHeader(String db, String collection, boolean eof, long crc) {
            BsonDocument h = new BsonDocument("db", new BsonString(db));
            h.put("collection", new BsonString(collection));
            h.put("EOF", BsonBoolean.valueOf(eof));
            h.put("CRC", new BsonInt64(crc));
            return h;
        }
    }
}
