package io.monarch.archive;

/**
 * One prelude entry: a collection (or view) the archive holds, with its metadata as canonical extended JSON
 * (options, indexes; what mongodump writes to {@code <coll>.metadata.json}), its size in bytes and its type
 * ("" for a collection, "view", "timeseries"). A time-series collection's documents are its buckets.
 */
public record ArchiveCollection(String database, String collection, String metadataJson, long size, String type) {
    /** Where a time-series collection's buckets are kept, and dumped, before MongoDB 8.3. */
    public static final String BUCKETS_PREFIX = "system.buckets.";

    public boolean isView() {
        return "view".equals(type);
    }

    public boolean isTimeseries() {
        return "timeseries".equals(type);
    }

    /**
     * The namespace its documents come under: its own, or for a time-series collection that of its buckets, as
     * mongodump writes them (a reader takes the collection's own name too, as MongoDB 8.3+ dumps have it).
     */
    public String dataNamespace() {
        return database + "." + (isTimeseries() ? BUCKETS_PREFIX : "") + collection;
    }
}
