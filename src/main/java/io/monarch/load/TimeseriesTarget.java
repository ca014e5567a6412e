package io.monarch.load;

import io.monarch.intent.CollectionIntent;
import io.monarch.source.TimeseriesBuckets;
import com.mongodb.MongoException;
import io.monarch.api.MonarchException;
import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.BsonNumber;
import org.bson.BsonValue;
import org.bson.RawBsonDocument;

import java.io.IOException;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * How a load's target takes its time-series collections, whose documents in every dump are buckets. A server with
 * time-series collections (MongoDB 5.0+) keeps the buckets as they are: they are staged as documents of an ordinary
 * collection and moved into a time-series collection made at the swap, as mongorestore loads them. A server without
 * (the embedded one, an older MongoDB) gets each bucket unpacked into its measurements, in an ordinary collection of
 * the same name, said in one line; a bucket that cannot be unpacked stops the load before the target changes.
 */
final class TimeseriesTarget {
    private static final int FIRST_VERSION_WITH_TIMESERIES = 5;

    /** Collections unpacked into measurements, with their unpackers. */
    private final Map<String, TimeseriesBuckets> unpacked;
    private final Set<String> bucketed;

    private TimeseriesTarget(Map<String, TimeseriesBuckets> unpacked, Set<String> bucketed) {
        this.unpacked = unpacked;
        this.bucketed = bucketed;
    }

    static TimeseriesTarget of(HeldTarget held, Collection<CollectionIntent> intents, Consumer<String> warnings) {
        Map<String, TimeseriesBuckets> unpacked = new HashMap<>();
        Set<String> bucketed = new HashSet<>();
        List<CollectionIntent> timeseries = intents.stream().filter(CollectionIntent::isTimeseries).toList();
        if (timeseries.isEmpty()) {
            return new TimeseriesTarget(unpacked, bucketed);
        }
        boolean keepsBuckets = !held.embedded() && majorVersion(held) >= FIRST_VERSION_WITH_TIMESERIES;
        for (CollectionIntent intent : timeseries) {
            if (keepsBuckets) {
                bucketed.add(intent.name());
            } else {
                BsonDocument options = intent.options().getDocument("timeseries", new BsonDocument());
                if (!options.isString("timeField")) {
                    throw MonarchException.failed("time-series collection " + intent.name() + " has no timeField in its options "
                            + options.toJson() + ": its buckets cannot be unpacked. Nothing was changed", null);
                }
                unpacked.put(intent.name(), TimeseriesBuckets.of(options));
                warnings.accept(intent.name() + " is a time-series collection, and this server has none"
                        + (held.embedded() ? " (the embedded one)" : "") + ": its buckets are unpacked into their measurements, "
                        + "in an ordinary collection " + intent.name() + " with its indexes");
            }
        }
        return new TimeseriesTarget(unpacked, bucketed);
    }

    private static int majorVersion(HeldTarget held) {
        try {
            BsonValue versions = held.database().runCommand(new BsonDocument("buildInfo", new org.bson.BsonInt32(1)), BsonDocument.class)
                    .get("versionArray");
            return versions instanceof BsonArray array && !array.isEmpty() && array.get(0) instanceof BsonNumber major
                    ? major.intValue() : 0;
        } catch (MongoException e) {
            return 0;
        }
    }

    /** Whether {@code collection}'s buckets are unpacked into measurements. */
    boolean unpacks(String collection) {
        return unpacked.containsKey(collection);
    }

    /** Whether {@code collection}'s buckets are kept as they are, for a time-series collection made at the swap. */
    boolean keepsBuckets(String collection) {
        return bucketed.contains(collection);
    }

    /**
     * The collection as it is staged: an ordinary one, without time-series options (buckets are staged as plain
     * documents; measurements unpacked go into an ordinary collection, which keeps the other options).
     */
    CollectionIntent stagedAs(CollectionIntent intent) {
        if (!intent.isTimeseries()) {
            return intent;
        }
        if (keepsBuckets(intent.name())) {
            return CollectionIntent.plain(intent.name());
        }
        BsonDocument options = intent.options().clone();
        options.remove("timeseries");
        options.remove("expireAfterSeconds"); // a TTL of time-series buckets; an ordinary collection takes it as an index
        return new CollectionIntent(intent.name(), "collection", options, intent.indexes(), intent.selection());
    }

    /** The measurements of one bucket of {@code collection}. */
    List<RawBsonDocument> unpack(String collection, RawBsonDocument bucket) throws IOException {
        try {
            return unpacked.get(collection).unpack(bucket);
        } catch (IOException e) {
            throw new IOException("time-series collection " + collection + ": " + e.getMessage()
                    + "; restore it into a MongoDB 5.0+ server, which keeps buckets as they are", e);
        }
    }
}
