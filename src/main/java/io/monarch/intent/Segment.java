package io.monarch.intent;

import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.BsonValue;

import java.util.ArrayList;
import java.util.List;

/**
 * One {@code _id} range of a collection, read by a cursor of its own: segment {@code index} of {@code count}, from
 * {@code from} (inclusive; null: the first) to {@code to} (exclusive; null: the last). A collection's segments
 * cover every document exactly once, whatever the types of its {@code _id}s: the bounds share one type bracket,
 * and MongoDB compares {@code $lt}/{@code $gte} only within a bracket, so the last segment is "not below its lower
 * bound" and takes every {@code _id} of another type.
 */
public record Segment(String collection, int index, int count, BsonValue from, BsonValue to) {

    /** The whole collection as one segment. */
    public static Segment whole(String collection) {
        return new Segment(collection, 0, 1, null, null);
    }

    /** The segments a sorted list of boundaries cuts a collection into: one more than there are boundaries. */
    public static List<Segment> between(String collection, List<BsonValue> boundaries) {
        List<Segment> segments = new ArrayList<>();
        int count = boundaries.size() + 1;
        for (int i = 0; i < count; i++) {
            segments.add(new Segment(collection, i, count, i == 0 ? null : boundaries.get(i - 1),
                    i == count - 1 ? null : boundaries.get(i)));
        }
        return segments;
    }

    public boolean whole() {
        return from == null && to == null;
    }

    /** The filter on {@code _id} that selects this segment's documents; empty for a whole collection. */
    public BsonDocument filter() {
        if (from == null && to == null) {
            return new BsonDocument();
        }
        if (from == null) {
            return new BsonDocument("_id", new BsonDocument("$lt", to));
        }
        if (to == null) {
            return new BsonDocument("_id", new BsonDocument("$not", new BsonDocument("$lt", from)));
        }
        return new BsonDocument("_id", new BsonDocument("$gte", from).append("$lt", to));
    }

    /** "events" or "events segment 3 of 8", for messages. */
    public String describe() {
        return count == 1 ? collection : collection + " segment " + (index + 1) + " of " + count;
    }

    /** A collection's segment boundaries as the run record keeps them. */
    static BsonArray boundariesOf(List<Segment> segments) {
        BsonArray boundaries = new BsonArray();
        for (Segment s : segments) {
            if (s.to() != null) {
                boundaries.add(s.to());
            }
        }
        return boundaries;
    }
}
