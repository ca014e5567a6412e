package io.monarch.schema;

import org.bson.BsonDocument;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A collection or a view: its name, its creation options as the {@code create} command takes them
 * (validator, validationLevel, validationAction, collation, capped/size/max, timeseries, expireAfterSeconds,
 * clusteredIndex, changeStreamPreAndPostImages; a view's viewOn and pipeline), its indexes, and where it
 * was declared ({@code users.yml:3}) or read from, for messages.
 */
public record CollectionSchema(String name, BsonDocument options, List<IndexSchema> indexes, String source) {
    public CollectionSchema {
        Objects.requireNonNull(name, "name");
        options = options.clone();
        indexes = List.copyOf(indexes);
    }

    public boolean isView() {
        return options.containsKey("viewOn");
    }

    /** The collection a view reads. */
    String viewOn() {
        return options.getString("viewOn").getValue();
    }

    public boolean isCapped() {
        return options.getBoolean("capped", org.bson.BsonBoolean.FALSE).getValue();
    }

    public Optional<IndexSchema> index(String indexName) {
        return indexes.stream().filter(i -> i.name().equals(indexName)).findFirst();
    }

    /** The collection's default collation, which its indexes inherit; empty when it has none. */
    public BsonDocument collation() {
        return options.isDocument("collation") ? options.getDocument("collation") : new BsonDocument();
    }
}
