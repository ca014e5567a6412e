package io.monarch.api;

/**
 * What a backup holds of one collection: its document count, their bytes and CRC-64 (as in the archive), and the
 * order-independent hash of its documents (the sum of each raw document's XXH64, modulo 2^64) that restore and
 * verify compare with; null in manifests written before it was recorded.
 */
public record CollectionSummary(String name, String type, long documents, long bytes, long crc64, Long contentHash) {

    public CollectionSummary(String name, String type, long documents, long bytes, long crc64) {
        this(name, type, documents, bytes, crc64, null);
    }
}
