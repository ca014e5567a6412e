package io.monarch.dump;

import io.monarch.config.Compression;
import org.bson.Document;
import org.bson.json.JsonMode;
import org.bson.json.JsonWriterSettings;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code <name>.json}, written beside the archive once it is complete: a backup without one did not finish.
 * Restore checks the archive against it (size, SHA-256, each collection's count and CRC).
 */
public record BackupManifest(String name, String archiveFile, String environment, String database, Instant createdAt,
                             String label, String querySet, String serverVersion, String monarchVersion,
                             Compression compression, long archiveSize, String archiveSha256, Duration took,
                             List<CollectionSummary> collections, List<String> maskedFields) {

    public long documents() {
        return collections.stream().mapToLong(CollectionSummary::documents).sum();
    }

    public CollectionSummary collection(String name) {
        return collections.stream().filter(c -> c.name().equals(name)).findFirst().orElse(null);
    }

    public String toJson() {
        List<Document> collectionDocs = new ArrayList<>();
        for (CollectionSummary c : collections) {
            collectionDocs.add(new Document("name", c.name()).append("type", c.type()).append("documents", c.documents())
                    .append("bytes", c.bytes()).append("crc64", Long.toUnsignedString(c.crc64(), 16)));
        }
        Document doc = new Document("name", name).append("archiveFile", archiveFile).append("environment", environment)
                .append("database", database).append("createdAt", createdAt.toString()).append("label", label)
                .append("querySet", querySet).append("serverVersion", serverVersion).append("monarchVersion", monarchVersion)
                .append("compression", compression.label())
                .append("archive", new Document("size", archiveSize).append("sha256", archiveSha256))
                .append("tookMs", took.toMillis()).append("collections", collectionDocs).append("maskedFields", maskedFields);
        return doc.toJson(JsonWriterSettings.builder().outputMode(JsonMode.RELAXED).indent(true).build());
    }

    public static BackupManifest fromJson(String json) {
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
