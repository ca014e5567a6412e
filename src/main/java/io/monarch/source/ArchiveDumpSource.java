package io.monarch.source;

import io.monarch.intent.CollectionIntent;
import io.monarch.intent.CollectionMetadata;
import io.monarch.intent.ContentHash;
import io.monarch.stream.CompressionStreams;
import io.monarch.stream.MeasuredInputStream;
import io.monarch.api.BackupManifest;
import io.monarch.api.CollectionSummary;
import io.monarch.archive.ArchiveCollection;
import io.monarch.archive.ArchiveFormatException;
import io.monarch.archive.ArchiveReader;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipException;

/**
 * A mongodump archive stream (ours or mongodump's, compressed or not, ours perhaps encrypted), of one database or
 * a whole server. With a manifest, the archive's size and SHA-256 (of the bytes stored) and each collection's count,
 * CRC and content hash (where the manifest has one) are checked too.
 */
public final class ArchiveDumpSource implements DumpSource {
    private final String description;
    private final InputStream raw;
    private final MeasuredInputStream measured;
    private final ArchiveReader reader;
    private final BackupManifest manifest;
    private List<ArchiveCollection> prelude;

    /** How the bytes stored become the archive (still compressed): as they are, or decrypted. */
    @FunctionalInterface
    public interface Plaintext {
        Plaintext STORED = stored -> stored;

        /** May throw a MonarchException: no key fits, before anything reads the archive. */
        InputStream of(InputStream stored) throws IOException;
    }

    /** Closes {@code raw} if it fails. */
    public ArchiveDumpSource(String description, InputStream raw, BackupManifest manifest, Plaintext plaintext) throws IOException {
        this.description = description;
        this.raw = raw;
        this.measured = new MeasuredInputStream(raw);
        this.manifest = manifest;
        try {
            this.reader = new ArchiveReader(CompressionStreams.detect(plaintext.of(measured)));
        } catch (IOException | RuntimeException e) {
            raw.close();
            throw e;
        }
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public boolean checkedAgainstManifest() {
        return manifest != null;
    }

    @Override
    public List<DumpedCollection> collections() throws IOException {
        if (prelude == null) {
            try {
                prelude = reader.readPrelude();
            } catch (EOFException e) {
                throw new ArchiveFormatException(description + " ends before its prelude is complete: it is truncated");
            }
        }
        List<DumpedCollection> collections = new ArrayList<>();
        for (ArchiveCollection c : prelude) {
            if (c.database().isEmpty() && DumpedCollection.OPLOG.equals(c.collection())) {
                collections.add(DumpedCollection.oplog()); // mongodump --oplog: its metadata is ""
                continue;
            }
            String where = c.database() + "." + c.collection() + " in " + description;
            collections.add(new DumpedCollection(c.database(), CollectionMetadata.isBlank(c.metadataJson())
                    ? CollectionIntent.plain(c.collection())
                    : CollectionMetadata.intent(c.collection(), CollectionMetadata.parse(c.metadataJson(), where))));
        }
        return collections;
    }

    @Override
    public String identity() {
        return manifest != null ? "archive SHA-256 " + manifest.archiveSha256() : description;
    }

    @Override
    public Map<String, Long> expectedHashes() {
        Map<String, Long> hashes = new HashMap<>();
        if (manifest != null) {
            manifest.collections().stream().filter(c -> c.contentHash() != null).forEach(c -> hashes.put(c.name(), c.contentHash()));
        }
        return hashes;
    }

    /** The manifest's exact counts; without one, the prelude's sizes (estimates, or 0, as mongodump writes them). */
    @Override
    public Map<String, Long> expectedDocuments() throws IOException {
        collections();
        Map<String, Long> expected = new HashMap<>();
        if (manifest != null) {
            manifest.collections().forEach(c -> expected.put(manifest.database() + "." + c.name(), c.documents()));
        } else {
            prelude.forEach(c -> expected.put(c.database() + "." + c.collection(), c.size()));
        }
        return expected;
    }

    @Override
    public void stream(DocumentSink sink) throws IOException {
        collections();
        Map<String, Long> hashes = new HashMap<>();
        try {
            reader.readBody(new ArchiveReader.BodyVisitor() {
                @Override
                public void document(String database, String collection, byte[] bson) throws IOException {
                    collection = ownName(database, collection);
                    if (manifest != null) {
                        hashes.merge(collection, ContentHash.of(bson), Long::sum);
                    }
                    sink.document(database, collection, bson);
                }

                @Override
                public void end(String database, String collection, long documents, long crc) throws IOException {
                    collection = ownName(database, collection);
                    checkAgainstManifest(collection, documents, crc, hashes.getOrDefault(collection, 0L));
                    sink.end(database, collection, documents);
                }
            });
        } catch (EOFException | ZipException e) {
            throw new ArchiveFormatException(description + " is truncated or damaged: " + e.getMessage());
        }
        if (manifest != null) {
            measured.drain();
            if (measured.count() != manifest.archiveSize() || !measured.sha256().equals(manifest.archiveSha256())) {
                throw new ArchiveFormatException(description + " does not match its manifest (size " + measured.count()
                        + " vs " + manifest.archiveSize() + ", or SHA-256 differs): the file was changed or damaged");
            }
        }
    }

    /** A time-series collection's buckets come under their own namespace: they are its documents. */
    private String ownName(String database, String collection) {
        String name = collection.startsWith(ArchiveCollection.BUCKETS_PREFIX)
                ? collection.substring(ArchiveCollection.BUCKETS_PREFIX.length()) : null;
        return name != null && prelude.stream().anyMatch(c -> c.isTimeseries() && c.database().equals(database)
                && c.collection().equals(name)) ? name : collection;
    }

    private void checkAgainstManifest(String collection, long documents, long crc, long hash) throws ArchiveFormatException {
        if (manifest == null) {
            return;
        }
        CollectionSummary expected = manifest.collection(collection);
        if (expected == null) {
            throw new ArchiveFormatException(description + " holds collection " + collection + " that its manifest does not list");
        }
        if (expected.documents() != documents || expected.crc64() != crc) {
            throw new ArchiveFormatException(description + ": collection " + collection + " has " + documents
                    + " documents (CRC " + Long.toUnsignedString(crc, 16) + ") where the manifest says " + expected.documents()
                    + " (CRC " + Long.toUnsignedString(expected.crc64(), 16) + ")");
        }
        if (expected.contentHash() != null && expected.contentHash() != hash) {
            throw new ArchiveFormatException(description + ": collection " + collection + " has content hash "
                    + ContentHash.hex(hash) + " where the manifest says " + ContentHash.hex(expected.contentHash()));
        }
    }

    @Override
    public void close() throws IOException {
        raw.close();
    }
}
