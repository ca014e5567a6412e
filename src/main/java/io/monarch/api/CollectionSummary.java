package io.monarch.api;

/** What a backup holds of one collection: its document count, their bytes and CRC-64 (as in the archive). */
public record CollectionSummary(String name, String type, long documents, long bytes, long crc64) {
}
