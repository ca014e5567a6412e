package io.monarch.backup;

import io.monarch.concurrent.ShutdownCleanup;
import io.monarch.intent.CollectionIntent;
import io.monarch.intent.CollectionMetadata;
import io.monarch.intent.ContentHash;
import io.monarch.intent.CursorBatches;
import io.monarch.intent.DocumentShaper;
import io.monarch.intent.Segment;
import io.monarch.intent.SegmentPlanner;
import io.monarch.stream.BackupKey;
import io.monarch.stream.CompressionStreams;
import io.monarch.stream.EncryptionStreams;
import io.monarch.stream.MeasuredOutputStream;
import io.monarch.api.AppliedMigration;
import io.monarch.api.BackupEncryption;
import io.monarch.api.BackupManifest;
import io.monarch.api.CollectionSummary;
import io.monarch.api.Compression;
import io.monarch.api.MonarchException;
import io.monarch.api.MonarchVersion;
import io.monarch.api.Progress;
import io.monarch.concurrent.Workers;
import io.monarch.archive.ArchiveCollection;
import io.monarch.archive.ArchiveHeader;
import io.monarch.archive.ArchiveWriter;
import io.monarch.archive.NamespaceWriter;
import io.monarch.mongo.MongoConnection;
import io.monarch.storage.BackupStore;
import io.monarch.storage.BackupUpload;
import org.bson.Document;
import org.bson.RawBsonDocument;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Writes a backup: the collections' documents go from their cursors as raw BSON, several collections at
 * once, into one mongodump archive, through the compressor (and the encryption, with a key), to the store; then
 * the manifest. A collection larger than the segment size is read by several cursors, one per {@code _id} range
 * (see {@link SegmentPlanner}), its documents interleaving in the archive. Nothing is buffered beyond a 1 MiB
 * buffer per reader (and one 1 MiB encryption segment), and any failure aborts the upload so no partial backup stays.
 */
public final class BackupService {
    private static final int PROGRESS_EVERY = 1000;

    private final MongoConnection source;
    private final BackupStore store;
    private final Progress progress;
    private final Consumer<String> say;

    /** @param say where a Ctrl-C's cleanup is told as it happens */
    public BackupService(MongoConnection source, BackupStore store, Progress progress, Consumer<String> say) {
        this.source = source;
        this.store = store;
        this.progress = progress;
        this.say = say;
    }

    /**
     * What to back up and how. {@code documents} shapes each collection's documents (masks); null: as they are.
     * {@code history} is the source's migration tracking, for the manifest; {@code key} encrypts the archive (null:
     * stored as it is); {@code manifestKey} authenticates the manifest (null: written without a MAC).
     */
    public record Request(BackupName name, List<CollectionIntent> intents, Compression compression, int parallelism,
                          String querySet, List<String> maskedFields, DocumentShaper documents, List<AppliedMigration> history,
                          BackupKey key, ManifestKey manifestKey, long segmentBytes) {
    }

    public BackupManifest backup(Request request) {
        Instant started = Instant.now();
        String archiveFile = request.name().archiveFile(request.compression(), request.key() != null);
        BackupUpload upload = store.create(archiveFile);
        try (ShutdownCleanup cleanup = new ShutdownCleanup("backup " + request.name() + " aborted; nothing was kept", upload::abort, say)) {
            MeasuredOutputStream measured = new MeasuredOutputStream(upload.stream());
            List<CollectionSummary> summaries;
            // the size and SHA-256 are of the bytes stored, so verify checks them without the key
            try (OutputStream stored = request.key() == null ? measured
                    : EncryptionStreams.encrypt(measured, request.key(), request.name().toString());
                 OutputStream compressed = CompressionStreams.compress(stored, request.compression());
                 // gathers the small framing between segments; whole segments (up to 1 MiB) pass straight through
                 OutputStream buffered = new BufferedOutputStream(compressed, 1 << 16)) {
                summaries = writeArchive(buffered, request);
            }
            long size = upload.commit();
            BackupManifest manifest = new BackupManifest(request.name().toString(), archiveFile,
                    request.name().environment(), request.name().database(), request.name().createdAt(),
                    request.querySet() == null ? request.name().label() : null, request.querySet(), serverVersion(),
                    MonarchVersion.VERSION, request.compression(), size, measured.sha256(),
                    Duration.between(started, Instant.now()), summaries, request.maskedFields(), request.history(),
                    request.key() == null ? null : new BackupEncryption(EncryptionStreams.SCHEME, request.key().id()), null);
            if (request.manifestKey() != null) {
                manifest = ManifestJson.sign(manifest, request.manifestKey());
            }
            writeManifest(manifest);
            return manifest;
        } catch (IOException e) {
            upload.abort();
            throw MonarchException.failed("backup failed writing to " + store.describe(archiveFile) + ": " + e.getMessage()
                    + "; nothing was kept", e);
        } catch (RuntimeException | Error e) {
            upload.abort();
            throw e;
        }
    }

    private List<CollectionSummary> writeArchive(OutputStream out, Request request) throws IOException {
        String database = source.database().getName();
        List<ArchiveCollection> prelude = new ArrayList<>();
        Map<String, Long> sizes = new HashMap<>();
        for (CollectionIntent intent : request.intents()) {
            long size = intent.estimatedDocuments(source.database());
            sizes.put(intent.name(), size);
            progress.expect(intent.name(), size);
            prelude.add(new ArchiveCollection(database, intent.name(), CollectionMetadata.toJson(intent), size,
                    preludeType(intent)));
        }
        Map<String, List<Segment>> segments = new SegmentPlanner(source.database(), request.segmentBytes()).plan(request.intents());
        ArchiveWriter writer = new ArchiveWriter(out, new ArchiveHeader(request.parallelism(), "0.1", serverVersion(),
                "monarch " + MonarchVersion.VERSION), prelude);
        ExecutorService pool = Workers.fixed("dump", request.parallelism());
        try {
            Map<String, DumpedNamespace> namespaces = new HashMap<>();
            for (CollectionIntent intent : request.intents()) {
                DumpedNamespace namespace = new DumpedNamespace(intent, writer.namespace(database, intent.name()),
                        segments.get(intent.name()).size());
                namespaces.put(intent.name(), namespace);
                if (intent.isView()) {
                    // a view has no documents, but mongorestore waits for every prelude namespace to end in the body
                    // ("archive finished before all collections were seen"): an EOF block with no documents ends it
                    namespace.writer.close();
                }
            }
            // the largest first, as mongodump schedules them, so one big collection does not start last and run
            // alone; its segments one after another, so that each of -j readers takes the next range
            List<CollectionIntent> largestFirst = new ArrayList<>(request.intents());
            largestFirst.sort(Comparator.comparing((CollectionIntent intent) -> sizes.get(intent.name())).reversed());
            List<Future<?>> reads = new ArrayList<>();
            for (CollectionIntent intent : largestFirst) {
                for (Segment segment : segments.get(intent.name())) {
                    DumpedNamespace namespace = namespaces.get(intent.name());
                    reads.add(pool.submit(() -> {
                        dumpSegment(namespace, segment, request.documents());
                        return null;
                    }));
                }
            }
            for (Future<?> read : reads) {
                Workers.await(read);
            }
            List<CollectionSummary> summaries = new ArrayList<>(); // in the request's order, as the manifest lists them
            for (CollectionIntent intent : request.intents()) {
                summaries.add(namespaces.get(intent.name()).summary());
            }
            writer.close();
            return summaries;
        } finally {
            pool.shutdownNow();
        }
    }

    /** The prelude says "view" or "timeseries", and "" for a plain collection (mongo-tools' spec). */
    private static String preludeType(CollectionIntent intent) {
        return "collection".equals(intent.type()) ? "" : intent.type();
    }

    /** One collection in the archive: its writer, its content hash, and how many of its segments are still read. */
    private static final class DumpedNamespace {
        final CollectionIntent intent;
        final NamespaceWriter writer;
        final ContentHash hash = new ContentHash();
        final AtomicInteger unread;

        DumpedNamespace(CollectionIntent intent, NamespaceWriter writer, int segments) {
            this.intent = intent;
            this.writer = writer;
            this.unread = new AtomicInteger(segments);
        }

        CollectionSummary summary() {
            return new CollectionSummary(intent.name(), intent.type(), writer.documents(), writer.bytes(), writer.crc(),
                    hash.value());
        }
    }

    /** What one reader of a segment has written so far, and told progress. */
    private static final class Counts {
        long documents;
        long bytes;
        long reported;
        long reportedBytes;
        long hash;
    }

    private void write(NamespaceWriter.Part part, Counts counts, CollectionIntent intent, byte[] document, int offset, int length)
            throws IOException {
        part.write(document, offset, length);
        counts.hash += ContentHash.of(document, offset, length);
        counts.documents++;
        counts.bytes += length;
        if (counts.documents - counts.reported >= PROGRESS_EVERY) {
            progress.moved(intent.name(), counts.documents - counts.reported, counts.bytes - counts.reportedBytes);
            counts.reported = counts.documents;
            counts.reportedBytes = counts.bytes;
        }
    }

    private void dumpSegment(DumpedNamespace namespace, Segment segment, DocumentShaper shaper) throws IOException {
        CollectionIntent intent = namespace.intent;
        Counts counts = new Counts();
        try (NamespaceWriter.Part part = namespace.writer.part()) {
            intent.read(source.client(), source.database(), segment, CursorBatches.forCollection(source.database(), intent.name()),
                    (bytes, offset, length) -> {
                        if (shaper == null) {
                            write(part, counts, intent, bytes, offset, length);
                            return;
                        }
                        ByteBuffer shaped = shaper.shape(intent.name(), new RawBsonDocument(bytes, offset, length)).getByteBuffer().asNIO();
                        write(part, counts, intent, shaped.array(), shaped.arrayOffset() + shaped.position(), shaped.remaining());
                    });
        }
        namespace.hash.add(counts.hash, counts.documents);
        progress.moved(intent.name(), counts.documents - counts.reported, counts.bytes - counts.reportedBytes);
        if (namespace.unread.decrementAndGet() == 0) {
            namespace.writer.close();
            progress.finished(intent.name());
        }
    }

    private void writeManifest(BackupManifest manifest) throws IOException {
        try (BackupUpload upload = store.create(manifest.name() + BackupName.MANIFEST_EXTENSION)) {
            upload.stream().write(ManifestJson.write(manifest).getBytes(StandardCharsets.UTF_8));
            upload.commit();
        }
    }

    private String serverVersion() {
        try {
            Document info = source.database().runCommand(new Document("buildInfo", 1));
            return String.valueOf(info.get("version"));
        } catch (RuntimeException e) {
            return "unknown";
        }
    }
}
