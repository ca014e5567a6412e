package io.monarch.dump;

import io.monarch.api.BackupManifest;
import io.monarch.api.CollectionSummary;
import io.monarch.api.Compression;
import org.bson.Document;
import org.bson.json.JsonMode;
import org.bson.json.JsonWriterSettings;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** A {@link BackupManifest} as the JSON file written beside its archive, and back. */
public final class ManifestJson {
    private ManifestJson() {
    }

    public static String write(BackupManifest manifest) {
        List<Document> collectionDocs = new ArrayList<>();
        for (CollectionSummary c : manifest.collections()) {
            collectionDocs.add(new Document("name", c.name()).append("type", c.type()).append("documents", c.documents())
                    .append("bytes", c.bytes()).append("crc64", Long.toUnsignedString(c.crc64(), 16)));
        }
        Document doc = new Document("name", manifest.name()).append("archiveFile", manifest.archiveFile())
                .append("environment", manifest.environment()).append("database", manifest.database())
                .append("createdAt", manifest.createdAt().toString()).append("label", manifest.label())
                .append("querySet", manifest.querySet()).append("serverVersion", manifest.serverVersion())
                .append("monarchVersion", manifest.monarchVersion()).append("compression", manifest.compression().label())
                .append("archive", new Document("size", manifest.archiveSize()).append("sha256", manifest.archiveSha256()))
                .append("tookMs", manifest.took().toMillis()).append("collections", collectionDocs)
                .append("maskedFields", manifest.maskedFields());
        return doc.toJson(JsonWriterSettings.builder().outputMode(JsonMode.RELAXED).indent(true).build());
    }

    public static BackupManifest read(String json) {
        Document doc = Document.parse(json);
        List<CollectionSummary> collections = new ArrayList<>();
        for (Document c : doc.getList("collections", Document.class)) {
            collections.add(new CollectionSummary(c.getString("name"), c.getString("type"), number(c, "documents"),
                    number(c, "bytes"), Long.parseUnsignedLong(c.getString("crc64"), 16)));
        }
        Document archive = doc.get("archive", Document.class);
        List<String> masked = doc.getList("maskedFields", String.class);
        return new BackupManifest(doc.getString("name"), doc.getString("archiveFile"), doc.getString("environment"),
                doc.getString("database"), Instant.parse(doc.getString("createdAt")), doc.getString("label"),
                doc.getString("querySet"), doc.getString("serverVersion"), doc.getString("monarchVersion"),
                Compression.parse(doc.getString("compression")), number(archive, "size"), archive.getString("sha256"),
                Duration.ofMillis(number(doc, "tookMs")), collections, masked == null ? List.of() : masked);
    }

    private static long number(Document d, String key) {
        Object value = d.get(key);
        return value instanceof Number n ? n.longValue() : 0;
    }
}
