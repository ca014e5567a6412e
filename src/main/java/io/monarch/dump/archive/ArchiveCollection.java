package io.monarch.dump.archive;

/**
 * One prelude entry: a collection (or view) the archive holds, with its metadata as canonical extended JSON
 * (options, indexes; what mongodump writes to {@code <coll>.metadata.json}), its size in bytes and its type
 * ("" for a collection, "view", "timeseries").
 */
public record ArchiveCollection(String database, String collection, String metadataJson, long size, String type) {
    public boolean isView() {
        return "view".equals(type);
    }

    String namespace() {
        return database + "." + collection;
    }
}
