package io.monarch.support;

import com.mongodb.MongoClientSettings;
import io.monarch.support.Mongodump.Index;
import io.monarch.support.Mongodump.Version;
import org.bson.BsonArray;
import org.bson.BsonBinaryWriter;
import org.bson.BsonDecimal128;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonString;
import org.bson.codecs.BsonDocumentCodec;
import org.bson.codecs.EncoderContext;
import org.bson.conversions.Bson;
import org.bson.io.BasicOutputBuffer;
import org.bson.types.Decimal128;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;
import java.util.zip.GZIPOutputStream;

/**
 * What a dump holds — databases, collections, views, the oplog — and how mongodump turns a collection into its
 * metadata JSON. {@link MongodumpFolder} and {@link MongodumpArchive} lay the same content out as files or as one
 * archive stream.
 */
public abstract class MongodumpContent<B extends MongodumpContent<B>> {
    Version version = Version.V100;
    String serverVersion;
    String toolVersion;
    String database;
    boolean wholeServer;
    boolean gzip;
    boolean unescapedJsonKeys;
    List<BsonDocument> oplog;
    final List<Dumped> collections = new ArrayList<>();

    /** One collection, view or special namespace of the dump, in the order it was declared. */
    static final class Dumped {
        enum Kind { COLLECTION, VIEW, TIMESERIES, METADATA_ONLY, BSON_ONLY }

        final String db;
        final String name;
        final Kind kind;
        List<BsonDocument> documents;   // null: the featureCompatibilityVersion document, known once the version is
        List<Index> indexes;
        BsonDocument options = new BsonDocument();
        String uuid;
        String metadataText;
        UnaryOperator<BsonDocument> metadataEdit = UnaryOperator.identity();

        Dumped(String db, String name, Kind kind, List<BsonDocument> documents, List<Index> indexes) {
            this.db = db;
            this.name = name;
            this.kind = kind;
            this.documents = documents;
            this.indexes = indexes;
        }

        String namespace() {
            return db + "." + name;
        }

        /**
         * Where its documents go: a time-series collection's are its buckets, which mongodump (servers 5.0 to 8.2)
         * reads from and writes under {@code system.buckets.<name>} (mongodump/prepare.go, common/archive/prelude.go).
         */
        String dataName() {
            return kind == Kind.TIMESERIES ? "system.buckets." + name : name;
        }

        /** admin.system.users/roles/version: mongodump's "special" intents (common/intents IsUsers/IsRoles/IsAuthVersion). */
        boolean special() {
            return db.equals("admin") && (name.equals("system.users") || name.equals("system.roles") || name.equals("system.version"));
        }
    }

    @SuppressWarnings("unchecked")
    private B self() {
        return (B) this;
    }

    /** Which mongodump wrote it (default {@link Version#V100}). */
    public B version(Version version) {
        this.version = version;
        return self();
    }

    /** The source server's version (default: the version's usual server). Decides whether indexes carry {@code ns}. */
    public B serverVersion(String serverVersion) {
        this.serverVersion = serverVersion;
        return self();
    }

    /** The header's tool_version (default: the version's release, e.g. "r3.4.24"). */
    public B toolVersion(String toolVersion) {
        this.toolVersion = toolVersion;
        return self();
    }

    /** Later collections go into this database. */
    public B database(String name) {
        this.database = name;
        return self();
    }

    /** A collection with its documents; {@code _id_} is listed first unless {@code indexes} names it. */
    public B collection(String name, List<? extends Bson> documents, Index... indexes) {
        return add(new Dumped(currentDatabase(), name, Dumped.Kind.COLLECTION, bsonDocuments(documents), withIdIndex(indexes)));
    }

    /** A collection with no documents: an empty {@code .bson} file, an archive namespace with no documents. */
    public B empty(String name, Index... indexes) {
        return collection(name, List.of(), indexes);
    }

    /**
     * A time-series collection as a MongoDB 5.0+ server's mongodump writes it: metadata of type {@code timeseries}
     * with {@code options.timeseries}, and its buckets (documents as the server stores them) as its data.
     */
    public B timeseries(String name, BsonDocument timeseriesOptions, List<? extends Bson> buckets, Index... indexes) {
        Dumped timeseries = new Dumped(currentDatabase(), name, Dumped.Kind.TIMESERIES, bsonDocuments(buckets), List.of(indexes));
        timeseries.options = new BsonDocument("timeseries", timeseriesOptions);
        return add(timeseries);
    }

    /** A view: metadata only ({@code options: {viewOn, pipeline}}, no indexes), never data. */
    public B view(String name, String viewOn, List<? extends Bson> pipeline) {
        Dumped view = new Dumped(currentDatabase(), name, Dumped.Kind.VIEW, List.of(), List.of());
        view.options = new BsonDocument("viewOn", new BsonString(viewOn));
        view.options.put("pipeline", new BsonArray(bsonDocuments(pipeline)));
        return add(view);
    }

    /** The collection options of the last collection added (capped, validator, collation, ...). */
    public B options(BsonDocument options) {
        last().options = options.clone();
        return self();
    }

    /** The UUID (32 hex digits) of the last collection added, where its version writes one. */
    public B uuid(String hex) {
        last().uuid = hex;
        return self();
    }

    /**
     * A dump of the whole server ({@code mongodump} without {@code --db}): it always holds {@code admin.system.version}
     * (the featureCompatibilityVersion document, since 3.4), and only such a dump may have {@link #oplog}.
     */
    public B wholeServer() {
        this.wholeServer = true;
        collections.add(new Dumped("admin", "system.version", Dumped.Kind.COLLECTION, null, null));
        return self();
    }

    /** {@code --oplog}: the oplog entries copied during the dump. mongodump allows it on whole-server dumps only. */
    public B oplog(List<? extends Bson> entries) {
        this.oplog = bsonDocuments(entries);
        return self();
    }

    /** {@code --gzip}. */
    public B gzip() {
        this.gzip = true;
        return self();
    }

    /**
     * Document keys in metadata JSON unescaped, as mongodump r4.2.0 to r4.2.2 wrote them (a driver bug): an index
     * on a key holding '"' then yields metadata no JSON reader takes. Only for the canonical dialect (V4_2, V100).
     */
    public B unescapedJsonKeys() {
        this.unescapedJsonKeys = true;
        return self();
    }

    /** Malformed: the metadata of {@code namespace} ("db.collection") is this text instead of what mongodump writes. */
    public B metadataText(String namespace, String text) {
        find(namespace).metadataText = text;
        return self();
    }

    /** Malformed: the metadata document of {@code namespace} passes through {@code edit} (add or drop keys) before it is written. */
    public B editMetadata(String namespace, UnaryOperator<BsonDocument> edit) {
        Dumped d = find(namespace);
        UnaryOperator<BsonDocument> before = d.metadataEdit;
        d.metadataEdit = m -> edit.apply(before.apply(m));
        return self();
    }

    final B add(Dumped dumped) {
        collections.add(dumped);
        return self();
    }

    /** A collection's documents; admin.system.version's featureCompatibilityVersion document names the server's major.minor. */
    final List<BsonDocument> documents(Dumped d) {
        if (d.documents != null) {
            return d.documents;
        }
        BsonDocument fcv = new BsonDocument("_id", new BsonString("featureCompatibilityVersion"));
        fcv.put("version", new BsonString(serverVersion().replaceAll("^(\\d+\\.\\d+).*", "$1")));
        return List.of(fcv);
    }

    /**
     * A collection's indexes. admin.system.version's depend on the server: a 3.4 server keeps, beside an old
     * {@code v: 1} _id index, "incompatible_with_version_32" whose {@code v} is the decimal 2 (so that 3.2 cannot
     * start on these files), as mongo-tools' own test.bar.archive (mongodump r3.4.3) shows.
     */
    final List<Index> indexes(Dumped d) {
        if (d.indexes != null) {
            return d.indexes;
        }
        if (serverVersion().startsWith("3.4")) {
            return List.of(Mongodump.idIndex().v(new BsonInt32(1)),
                    Mongodump.index("incompatible_with_version_32", new BsonDocument("version", new BsonInt32(1)))
                            .v(new BsonDecimal128(Decimal128.parse("2"))));
        }
        return List.of(Mongodump.idIndex());
    }

    final String toolVersion() {
        return toolVersion != null ? toolVersion : version.toolVersion();
    }

    final String serverVersion() {
        return serverVersion != null ? serverVersion : version.serverVersion();
    }

    final void checkOplog() {
        if (oplog != null && !wholeServer) {
            // mongodump.go ValidateOptions: "--oplog mode only supported on full dumps"
            throw new IllegalStateException("mongodump writes an oplog only for a whole-server dump: call wholeServer()");
        }
    }

    /**
     * The metadata JSON of a collection or view, as the file {@code <c>.metadata.json} and the archive prelude's
     * {@code metadata} string hold it (FACTS.md, "Metadata JSON").
     */
    final String metadataJson(Dumped d) {
        if (d.metadataText != null) {
            return d.metadataText;
        }
        boolean isView = d.kind == Dumped.Kind.VIEW;
        BsonArray indexes = new BsonArray();
        if (!isView) {
            for (Index index : indexes(d)) {
                indexes.add(index.render(d.namespace(), indexesCarryNs()));
            }
        }
        // listCollections reports info.uuid from server 3.6 on, never for a view; mongodump 3.4 ignores it
        String uuid = isView || version == Version.V3_4 || !serverAtLeast(3, 6) ? null : d.uuid != null ? d.uuid : uuidOf(d.namespace());
        BsonDocument m = new BsonDocument();
        if (version != Version.V100 || !d.options.isEmpty()) {
            m.put("options", d.options);      // 100.x: omitempty, so {} is left out
        }
        m.put("indexes", indexes);
        if (uuid != null || version == Version.V4_2) {
            m.put("uuid", new BsonString(uuid == null ? "" : uuid));   // 4.2: no omitempty in effect
        }
        if (version == Version.V100) {
            m.put("collectionName", new BsonString(d.name));
            m.put("type", new BsonString(isView ? "view" : d.kind == Dumped.Kind.TIMESERIES ? "timeseries" : "collection"));
        }
        m = d.metadataEdit.apply(m);
        return version == Version.V100 || version == Version.V4_2 ? MongodumpJson.canonical(m, !unescapedJsonKeys) : MongodumpJson.legacy(m);
    }

    /** listIndexes reported {@code ns} in every index spec up to server 4.2 (dropped in 4.4). */
    final boolean indexesCarryNs() {
        return !serverAtLeast(4, 4);
    }

    private boolean serverAtLeast(int major, int minor) {
        String[] parts = serverVersion().split("\\.");
        int ma = Integer.parseInt(parts[0]);
        int mi = parts.length > 1 ? Integer.parseInt(parts[1].replaceAll("\\D.*", "")) : 0;
        return ma > major || ma == major && mi >= minor;
    }

    /** A stable stand-in for the server's random collection UUID. */
    static UUID namespaceUuid(String namespace) {
        return UUID.nameUUIDFromBytes(namespace.getBytes(StandardCharsets.UTF_8));
    }

    /** {@link #namespaceUuid} as mongodump writes it into metadata: hex.EncodeToString of the 16 bytes. */
    static String uuidOf(String namespace) {
        return namespaceUuid(namespace).toString().replace("-", "");
    }

    static byte[] bson(BsonDocument document) {
        BasicOutputBuffer buffer = new BasicOutputBuffer();
        try (BsonBinaryWriter writer = new BsonBinaryWriter(buffer)) {
            new BsonDocumentCodec().encode(writer, document, EncoderContext.builder().build());
        }
        return buffer.toByteArray();
    }

    /** One gzip member, as Go's gzip.Writer makes: the same content, though not the same deflate bytes. */
    static byte[] gzipped(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static byte[] concat(List<BsonDocument> documents) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (BsonDocument d : documents) {
            out.writeBytes(bson(d));
        }
        return out.toByteArray();
    }

    final String currentDatabase() {
        if (database == null) {
            throw new IllegalStateException("call database(name) before adding collections");
        }
        return database;
    }

    private Dumped last() {
        if (collections.isEmpty()) {
            throw new IllegalStateException("no collection yet");
        }
        return collections.get(collections.size() - 1);
    }

    private Dumped find(String namespace) {
        for (Dumped d : collections) {
            if (d.namespace().equals(namespace)) {
                return d;
            }
        }
        throw new IllegalArgumentException("no collection " + namespace + " in this dump");
    }

    static List<Index> withIdIndex(Index[] indexes) {
        List<Index> all = new ArrayList<>(List.of(indexes));
        if (all.stream().noneMatch(i -> i.name().equals("_id_"))) {
            all.add(0, Mongodump.idIndex());
        }
        return all;
    }

    static List<BsonDocument> bsonDocuments(List<? extends Bson> documents) {
        List<BsonDocument> out = new ArrayList<>();
        for (Bson b : documents) {
            out.add(b instanceof BsonDocument d ? d : b.toBsonDocument(BsonDocument.class, MongoClientSettings.getDefaultCodecRegistry()));
        }
        return out;
    }

    /**
     * What was written. {@code files}: relative paths, '/'-separated and sorted (an archive: its file name);
     * {@code uncompressed}: an archive's bytes before gzip; {@code crcs}: an archive's CRC-64 per namespace.
     */
    public record Written(Path path, List<String> files, byte[] uncompressed, Map<String, Long> crcs) {
    }
}
