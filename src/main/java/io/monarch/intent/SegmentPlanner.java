package io.monarch.intent;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoCursor;
import com.mongodb.client.MongoDatabase;
import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonString;
import org.bson.BsonType;
import org.bson.BsonValue;
import org.bson.Document;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Cuts a collection larger than the segment size into {@code _id} ranges of about that size, from a sample of its
 * {@code _id}s sorted by the server (so MongoDB's own order of BSON values decides, whatever their types). The
 * sample comes from {@code $sample} where the server has a random cursor for it (a real mongod or mongos: it reads
 * a few documents at random); mongo-java-server's {@code $sample} sorts the whole collection by a random
 * comparator instead, so there it is taken as every n-th {@code _id} of one pass over the {@code _id}s.
 * A collection read with a limit (a QuerySet's) stays whole: a limit does not split.
 */
public final class SegmentPlanner {
    /** Sampled {@code _id}s per segment: the quantiles are then within a few percent. */
    private static final int SAMPLES_PER_SEGMENT = 32;
    private static final int MAX_SEGMENTS = 1024;

    private final MongoDatabase database;
    private final long segmentBytes;
    private Boolean randomCursor;

    /** @param segmentBytes collections larger than this are split; 0 or less: never */
    public SegmentPlanner(MongoDatabase database, long segmentBytes) {
        this.database = database;
        this.segmentBytes = segmentBytes;
    }

    /** Every collection's segments (a view's: none). */
    public Map<String, List<Segment>> plan(List<CollectionIntent> intents) {
        Map<String, List<Segment>> plan = new HashMap<>();
        for (CollectionIntent intent : intents) {
            plan.put(intent.name(), intent.isView() ? List.of() : plan(intent));
        }
        return plan;
    }

    public List<Segment> plan(CollectionIntent intent) {
        if (segmentBytes <= 0 || intent.selection().limit() > 0 || !"collection".equals(intent.type())) {
            return List.of(Segment.whole(intent.name()));
        }
        long bytes;
        long documents;
        try {
            Document stats = database.runCommand(new Document("collStats", intent.name()));
            bytes = stats.get("size", Number.class) == null ? 0 : stats.get("size", Number.class).longValue();
            documents = stats.get("count", Number.class) == null ? 0 : stats.get("count", Number.class).longValue();
        } catch (RuntimeException e) {
            return List.of(Segment.whole(intent.name())); // no collStats (no right to it): read it whole
        }
        if (bytes <= segmentBytes || documents < 2) {
            return List.of(Segment.whole(intent.name()));
        }
        int segments = (int) Math.min(MAX_SEGMENTS, Math.min(documents, (bytes + segmentBytes - 1) / segmentBytes));
        return Segment.between(intent.name(), boundaries(intent.name(), documents, segments));
    }

    /** {@code segments - 1} ascending {@code _id}s, fewer when the sample has fewer distinct values. */
    private List<BsonValue> boundaries(String collection, long documents, int segments) {
        int samples = (int) Math.min(documents, (long) segments * SAMPLES_PER_SEGMENT);
        List<BsonValue> sorted = sortedByServer(collection, sample(collection, documents, samples));
        // bounds of one type bracket only: a range compares within its bracket (see Segment)
        Map<Integer, Integer> brackets = new HashMap<>();
        sorted.forEach(id -> brackets.merge(bracket(id), 1, Integer::sum));
        int bracket = brackets.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse(-1);
        List<BsonValue> candidates = sorted.stream().filter(id -> bracket(id) == bracket).toList();
        List<BsonValue> bounds = new ArrayList<>();
        if (candidates.isEmpty()) {
            return bounds; // the documents went meanwhile: one segment
        }
        for (int i = 1; i < segments; i++) {
            BsonValue bound = candidates.get((int) ((long) i * candidates.size() / segments));
            if (bounds.isEmpty() || !bounds.get(bounds.size() - 1).equals(bound)) {
                bounds.add(bound);
            }
        }
        return bounds;
    }

    private List<BsonValue> sample(String collection, long documents, int samples) {
        MongoCollection<BsonDocument> c = database.getCollection(collection, BsonDocument.class);
        BsonDocument idOnly = new BsonDocument("_id", new BsonInt32(1));
        List<BsonValue> ids = new ArrayList<>();
        if (randomCursor()) {
            c.aggregate(List.of(new BsonDocument("$sample", new BsonDocument("size", new BsonInt32(samples))),
                    new BsonDocument("$project", idOnly))).forEach(d -> ids.add(d.get("_id")));
            return ids;
        }
        long every = Math.max(1, documents / samples);
        long seen = 0;
        try (MongoCursor<BsonDocument> cursor = c.find().projection(idOnly).batchSize(10_000).iterator()) {
            while (cursor.hasNext()) {
                BsonDocument d = cursor.next();
                if (seen++ % every == 0) {
                    ids.add(d.get("_id"));
                }
            }
        }
        return ids;
    }

    /** The server's order of the sampled {@code _id}s, each once. */
    private List<BsonValue> sortedByServer(String collection, List<BsonValue> ids) {
        List<BsonValue> sorted = new ArrayList<>();
        database.getCollection(collection, BsonDocument.class)
                .find(new BsonDocument("_id", new BsonDocument("$in", new BsonArray(ids))))
                .projection(new BsonDocument("_id", new BsonInt32(1))).sort(new BsonDocument("_id", new BsonInt32(1)))
                .forEach(d -> sorted.add(d.get("_id")));
        return sorted;
    }

    /**
     * Whether reading a collection as several {@code _id} ranges costs about what reading it whole does: on a real
     * server each range is a walk of the {@code _id} index; mongo-java-server answers a range query by scanning the
     * whole collection, so there {@code n} ranges cost {@code n} scans.
     */
    public boolean rangesUseAnIndex() {
        return randomCursor();
    }

    /**
     * Whether {@code $sample} reads at random rather than sorting everything: a real server's buildInfo has a
     * gitVersion, mongo-java-server's has not.
     */
    private boolean randomCursor() {
        if (randomCursor == null) {
            try {
                randomCursor = database.runCommand(new Document("buildInfo", 1)).containsKey("gitVersion");
            } catch (RuntimeException e) {
                randomCursor = false;
            }
        }
        return randomCursor;
    }

    /** MongoDB's comparison brackets: the numbers are one, strings and symbols another, each other type its own. */
    static int bracket(BsonValue value) {
        BsonType type = value.getBsonType();
        return switch (type) {
            case INT32, INT64, DOUBLE, DECIMAL128 -> BsonType.DOUBLE.getValue();
            case SYMBOL -> BsonType.STRING.getValue();
            default -> type.getValue();
        };
    }

    /** The boundaries of each collection's segments, as a run record keeps them (views have none), and back. */
    public static BsonArray toBson(Map<String, List<Segment>> plan) {
        BsonArray entries = new BsonArray();
        plan.forEach((collection, segments) -> {
            if (!segments.isEmpty()) {
                entries.add(new BsonDocument("collection", new BsonString(collection))
                        .append("boundaries", Segment.boundariesOf(segments)));
            }
        });
        return entries;
    }

    public static Map<String, List<Segment>> fromBson(BsonArray entries) {
        Map<String, List<Segment>> plan = new HashMap<>();
        for (BsonValue entry : entries) {
            String collection = entry.asDocument().getString("collection").getValue();
            plan.put(collection, Segment.between(collection, entry.asDocument().getArray("boundaries").getValues()));
        }
        return plan;
    }
}
