package io.monarch.intent;

import com.mongodb.client.FindIterable;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import io.monarch.api.MonarchException;
import org.bson.BsonDocument;
import org.bson.conversions.Bson;
import org.bson.RawBsonDocument;

import java.io.IOException;
import java.util.List;

/**
 * One collection to dump or copy, as mongo-tools calls it: its name, type ("collection", "view",
 * "timeseries"), creation options (capped, validator, collation, viewOn/pipeline), index specs, and
 * which of its documents to take.
 */
public record CollectionIntent(String name, String type, BsonDocument options, List<BsonDocument> indexes,
                               Selection selection) {

    /** A plain collection with no options and no index but _id's. */
    public static CollectionIntent plain(String name) {
        return new CollectionIntent(name, "collection", new BsonDocument(), List.of(), Selection.ALL);
    }

    public boolean isView() {
        return "view".equals(type);
    }

    /** A time-series collection: its documents, wherever they are read or written, are its buckets. */
    public boolean isTimeseries() {
        return "timeseries".equals(type);
    }

    /** The cursor over the selected documents, as raw BSON: they pass through undecoded. */
    public FindIterable<RawBsonDocument> find(MongoDatabase database, int batchSize) {
        return find(database, Segment.whole(name), batchSize);
    }

    /** The cursor over the selected documents of one {@code _id} range. */
    public FindIterable<RawBsonDocument> find(MongoDatabase database, Segment segment, int batchSize) {
        MongoCollection<RawBsonDocument> collection = database.getCollection(dataCollection(), RawBsonDocument.class);
        Bson filter = filter(segment);
        FindIterable<RawBsonDocument> find = filter == null ? collection.find() : collection.find(filter);
        if (selection.projection() != null) {
            find = find.projection(selection.projection());
        }
        if (selection.limit() > 0) {
            find = find.limit(selection.limit());
        }
        return find.batchSize(batchSize);
    }

    /**
     * Reads the selected documents of one {@code _id} range batch by batch as raw bytes ({@link RawBatches}): what
     * {@link #find(MongoDatabase, Segment, int)} selects, without the driver's copy of every document.
     */
    public void read(MongoClient client, MongoDatabase database, Segment segment, int batchSize, RawBatches.DocumentVisitor visitor)
            throws IOException {
        Bson filter = filter(segment);
        RawBatches.read(client, database, dataCollection(),
                filter == null ? null : filter.toBsonDocument(BsonDocument.class, database.getCodecRegistry()),
                selection.projection() == null ? null : selection.projection().toBsonDocument(BsonDocument.class, database.getCodecRegistry()),
                selection.limit(), batchSize, visitor);
    }

    /**
     * The collection its documents are read from: its own, or a time-series collection's buckets, as mongodump reads
     * them (its documents are made from them on the fly). A QuerySet cannot select among buckets.
     */
    private String dataCollection() {
        if (isTimeseries() && !selection.whole()) {
            throw MonarchException.usage(name + " is a time-series collection, whose buckets are dumped as they are (as mongodump "
                    + "dumps them): a QuerySet takes it whole or not at all");
        }
        return isTimeseries() ? TimeseriesNames.bucketsOf(name) : name;
    }

    /** The selection's filter, narrowed to one {@code _id} range; null for every document. */
    private Bson filter(Segment segment) {
        return segment.whole() ? selection.filter()
                : selection.filter() == null ? segment.filter() : Filters.and(selection.filter(), segment.filter());
    }

    /**
     * The collection's estimated document count (mongodump's prelude {@code size}; progress totals); 0 for a
     * view or a partial selection, whose count is not known ahead, or when the server will not say.
     */
    public long estimatedDocuments(MongoDatabase database) {
        if (!"collection".equals(type) || !selection.whole()) {
            return 0;
        }
        try {
            return database.getCollection(name).estimatedDocumentCount();
        } catch (RuntimeException e) {
            return 0; // only a hint: nothing depends on it
        }
    }

    public CollectionIntent withName(String newName) {
        return new CollectionIntent(newName, type, options, indexes, selection);
    }

    public CollectionIntent withSelection(Selection newSelection) {
        return new CollectionIntent(name, type, options, indexes, newSelection);
    }
}
