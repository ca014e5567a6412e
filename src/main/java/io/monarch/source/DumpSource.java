package io.monarch.source;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * Something a restore reads: a monarch backup, a mongodump archive, a mongodump folder or a Python monarch
 * {@code .dmp.zip}. First its namespaces (each database's collections and views, and an oplog if it has one),
 * then their documents as a stream.
 */
public interface DumpSource extends AutoCloseable {

    /** Where it comes from, for messages. */
    String description();

    /** Every namespace it holds, with options and indexes; a malformed metadata document is refused here. */
    List<DumpedCollection> collections() throws IOException;

    /** Whether it is one collection's file (a {@code .bson} named by path), which a restore may rename. */
    default boolean singleCollection() {
        return false;
    }

    /** Whether a manifest checks it as it is read (a monarch backup's); otherwise only its own CRCs and framing do. */
    default boolean checkedAgainstManifest() {
        return false;
    }

    /**
     * What identifies this dump for {@code --resume}: a resumed restore must read the same. A backup with a manifest
     * is its archive's SHA-256; otherwise its description (the collections it loaded are then checked by content
     * hash as they are read again).
     */
    default String identity() {
        return description();
    }

    /** Each collection's content hash as a manifest recorded it, by collection name; empty when it has none. */
    default Map<String, Long> expectedHashes() {
        return Map.of();
    }

    /** Documents per namespace ({@code db.collection}) as far as the source says before streaming; may be empty. */
    default Map<String, Long> expectedDocuments() throws IOException {
        return Map.of();
    }

    /**
     * Streams every document of every namespace, then checks that the source was whole (every collection ended,
     * counts and checksums right); throws an IOException if not.
     */
    void stream(DocumentSink sink) throws IOException;

    @Override
    void close() throws IOException;

    /** Receives documents as they are read. */
    interface DocumentSink {
        void document(String database, String collection, byte[] bson) throws IOException;

        /** The namespace is complete with this many documents. */
        void end(String database, String collection, long documents) throws IOException;
    }
}
