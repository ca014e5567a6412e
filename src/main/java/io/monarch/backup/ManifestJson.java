package io.monarch.backup;

import io.monarch.intent.ContentHash;
import io.monarch.stream.EncryptionStreams;
import io.monarch.api.AppliedMigration;
import io.monarch.api.BackupEncryption;
import io.monarch.api.BackupManifest;
import io.monarch.api.CollectionSummary;
import io.monarch.api.Compression;
import io.monarch.api.ManifestMac;
import io.monarch.api.MonarchException;
import org.bson.BsonDocument;
import org.bson.BsonValue;
import org.bson.Document;
import org.bson.RawBsonDocument;
import org.bson.codecs.BsonDocumentCodec;
import org.bson.codecs.DocumentCodec;
import org.bson.json.JsonMode;
import org.bson.json.JsonWriterSettings;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link BackupManifest} as the JSON file written beside its archive, and back. An authenticated manifest ends
 * with {@code "mac": {"keyId": ..., "hmacSha256": ...}}: the HMAC of its authenticated content, which is the
 * manifest as read — the JSON parsed, every field but {@code mac} in the order written — as BSON. Reading and
 * checking both start from that one BSON document, so what is checked is exactly what is read, whatever the
 * spacing of the text; a field a later monarch adds is covered too.
 */
public final class ManifestJson {
    private static final String MAC = "mac";

    private ManifestJson() {
    }

    /** {@code manifest} with its MAC under {@code key}: what {@link #write} then writes, the MAC last. */
    static BackupManifest sign(BackupManifest manifest, ManifestKey key) {
        BackupManifest unsigned = manifest.withMac(null);
        return manifest.withMac(key.sign(authenticatedContent(write(unsigned))));
    }

    /** The bytes a manifest's MAC is computed over: the manifest in {@code json}, but its {@code mac}, as BSON. */
    static byte[] authenticatedContent(String json) {
        ByteBuffer buffer = content(BsonDocument.parse(json)).getByteBuffer().asNIO();
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return bytes;
    }

    /** The manifest parsed, without its {@code mac}: a manifest is read from this and from nothing else. */
    private static RawBsonDocument content(BsonDocument parsed) {
        BsonDocument doc = parsed.clone();
        doc.remove(MAC);
        return new RawBsonDocument(doc, new BsonDocumentCodec());
    }

    public static String write(BackupManifest manifest) {
        List<Document> collectionDocs = new ArrayList<>();
        for (CollectionSummary c : manifest.collections()) {
            Document collection = new Document("name", c.name()).append("type", c.type()).append("documents", c.documents())
                    .append("bytes", c.bytes()).append("crc64", Long.toUnsignedString(c.crc64(), 16));
            if (c.contentHash() != null) {
                collection.append("contentHash", ContentHash.hex(c.contentHash()));
            }
            collectionDocs.add(collection);
        }
        Document doc = new Document("name", manifest.name()).append("archiveFile", manifest.archiveFile())
                .append("environment", manifest.environment()).append("database", manifest.database())
                .append("createdAt", manifest.createdAt().toString()).append("label", manifest.label())
                .append("querySet", manifest.querySet()).append("serverVersion", manifest.serverVersion())
                .append("monarchVersion", manifest.monarchVersion()).append("compression", manifest.compression().label())
                .append("archive", new Document("size", manifest.archiveSize()).append("sha256", manifest.archiveSha256()))
                .append("tookMs", manifest.took().toMillis()).append("collections", collectionDocs)
                .append("maskedFields", manifest.maskedFields())
                .append("migrations", manifest.migrations().stream().map(m -> new Document("name", m.name())
                        .append("state", m.state()).append("checksum", m.checksum())).toList());
        if (manifest.encrypted()) {
            doc.append("encryption", new Document("scheme", manifest.encryption().scheme())
                    .append("keyId", manifest.encryption().keyId()));
        }
        if (manifest.authenticated()) { // last, so the fields before it are written as they were signed
            doc.append(MAC, new Document("keyId", manifest.mac().keyId()).append("hmacSha256", manifest.mac().hmacSha256()));
        }
        return doc.toJson(JsonWriterSettings.builder().outputMode(JsonMode.RELAXED).indent(true).build());
    }

    /**
     * The manifest in {@code json}; {@code where} names it in the error (exit 1) when it is damaged: its backup
     * cannot be checked, so it is not trusted.
     */
    public static BackupManifest read(String json, String where) {
        try {
            return parse(json);
        } catch (RuntimeException e) {
            throw MonarchException.failed("the manifest " + where + " is damaged (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()) + "); its backup cannot be checked, so it is "
                    + "not trusted. Nothing was changed", e);
        }
    }

    private static BackupManifest parse(String json) {
        BsonDocument parsed = BsonDocument.parse(json);
        ManifestMac mac = mac(parsed.get(MAC));
        Document doc = content(parsed).decode(new DocumentCodec());
        List<CollectionSummary> collections = new ArrayList<>();
        for (Document c : required(doc.getList("collections", Document.class), "collections")) {
            String hash = c.getString("contentHash"); // older manifests have none: counts and CRCs only then
            collections.add(new CollectionSummary(text(c, "name"), c.getString("type"), number(c, "documents"),
                    number(c, "bytes"), Long.parseUnsignedLong(text(c, "crc64"), 16),
                    hash == null ? null : Long.parseUnsignedLong(hash, 16)));
        }
        Document archive = required(doc.get("archive", Document.class), "archive");
        List<String> masked = doc.getList("maskedFields", String.class);
        List<AppliedMigration> migrations = new ArrayList<>();
        for (Document m : doc.getList("migrations", Document.class, List.of())) { // manifests before 0.1.0 have none
            migrations.add(new AppliedMigration(text(m, "name"), m.getString("state"), m.getString("checksum")));
        }
        Compression compression = Compression.parse(text(doc, "compression"));
        if (compression == null) {
            throw new IllegalArgumentException("compression '" + doc.getString("compression") + "' is none of " + Compression.choices());
        }
        Document encryptionDoc = doc.get("encryption", Document.class);
        BackupEncryption encryption = null;
        if (encryptionDoc != null) {
            String scheme = text(encryptionDoc, "scheme");
            if (!scheme.equals(EncryptionStreams.SCHEME)) {
                throw new IllegalArgumentException("its encryption scheme '" + scheme + "' is not " + EncryptionStreams.SCHEME
                        + ", the one this monarch reads");
            }
            encryption = new BackupEncryption(scheme, text(encryptionDoc, "keyId"));
        }
        return new BackupManifest(text(doc, "name"), text(doc, "archiveFile"), text(doc, "environment"),
                text(doc, "database"), Instant.parse(text(doc, "createdAt")), doc.getString("label"),
                doc.getString("querySet"), doc.getString("serverVersion"), doc.getString("monarchVersion"),
                compression, number(archive, "size"), text(archive, "sha256"),
                Duration.ofMillis(number(doc, "tookMs")), collections, masked == null ? List.of() : masked, migrations, encryption,
                mac);
    }

    private static ManifestMac mac(BsonValue value) {
        if (value == null) {
            return null; // not authenticated: written without a key, or before manifests were
        }
        if (!value.isDocument() || !value.asDocument().isString("keyId") || !value.asDocument().isString("hmacSha256")) {
            throw new IllegalArgumentException("its 'mac' is not {\"keyId\": ..., \"hmacSha256\": ...}");
        }
        return new ManifestMac(value.asDocument().getString("keyId").getValue(), value.asDocument().getString("hmacSha256").getValue());
    }

    private static String text(Document d, String key) {
        return required(d.getString(key), key);
    }

    private static <T> T required(T value, String key) {
        if (value == null) {
            throw new IllegalArgumentException("it has no '" + key + "'");
        }
        return value;
    }

    private static long number(Document d, String key) {
        Object value = d.get(key);
        return value instanceof Number n ? n.longValue() : 0;
    }
}
