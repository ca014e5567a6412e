package io.monarch.dump;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * Something a restore reads: a monarch backup, a mongodump archive, a mongodump folder or a Python monarch
 * {@code .dmp.zip}. First its collections, then their documents as a stream.
 */
public interface DumpSource extends AutoCloseable {

    /** Where it comes from, for messages. */
    String description();

    /** The database the dump was taken from, if it says. */
    String sourceDatabase();

    /** The collections and views it holds, with their options and indexes. */
    List<CollectionIntent> collections() throws IOException;

    /** Documents per collection as far as the source says before streaming (a manifest's counts); may be empty. */
    default Map<String, Long> expectedDocuments() throws IOException {
        return Map.of();
    }

    /**
     * Streams every document, then checks that the source was whole (every collection ended, counts and
     * checksums right); throws {@link io.monarch.dump.archive.ArchiveFormatException} or IOException if not.
     */
    void stream(DocumentSink sink) throws IOException;

    @Override
    void close() throws IOException;

    /** Receives documents as they are read. */
    interface DocumentSink {
        void document(String collection, byte[] bson) throws IOException;

        /** The collection is complete with this many documents. */
        void end(String collection, long documents) throws IOException;
    }
}
