package io.monarch.load;

import io.monarch.intent.CollectionIntent;
import io.monarch.intent.Segment;
import io.monarch.intent.SegmentPlanner;
import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonInt64;
import org.bson.BsonString;
import org.bson.BsonValue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What a resumable load has finished, as its run record keeps it: each collection's segment plan and the segments
 * whose every document is in its staging collection (their count and content hash). A resumed run takes the same
 * plan — the same {@code _id} ranges — and loads only the segments not listed.
 *
 * @param identity what the source was (a backup's SHA-256, or its description): a resumed run must read the same
 */
record ResumeState(String identity, Map<String, List<Segment>> plan, Map<String, Map<Integer, Finished>> finished) {

    /** A segment whose documents are all in the staging collection. */
    record Finished(long documents, long hash) {
    }

    static ResumeState fresh(String identity, Map<String, List<Segment>> plan) {
        return new ResumeState(identity, plan, new HashMap<>());
    }

    boolean done(Segment segment) {
        return finished.getOrDefault(segment.collection(), Map.of()).containsKey(segment.index());
    }

    /** How many segments the plan has, and how many of them are finished. */
    int segments() {
        return plan.values().stream().mapToInt(List::size).sum();
    }

    int finishedSegments() {
        return finished.values().stream().mapToInt(Map::size).sum();
    }

    /** A resumed run loads the collections the stopped one planned, no other. */
    void checkSameCollections(List<CollectionIntent> intents, String what) {
        List<String> now = intents.stream().filter(i -> !i.isView()).map(CollectionIntent::name).sorted().toList();
        List<String> then = plan.keySet().stream().sorted().toList();
        if (!now.equals(then)) {
            throw new CannotResume("cannot resume: " + what + " are not those of the run that stopped (then: "
                    + String.join(", ", then) + "; now: " + String.join(", ", now) + ")");
        }
    }

    BsonDocument planBson() {
        return new BsonDocument("identity", new BsonString(identity)).append("segments", SegmentPlanner.toBson(plan));
    }

    static BsonDocument finishedBson(Segment segment, long documents, long hash) {
        return new BsonDocument("collection", new BsonString(segment.collection())).append("index", new BsonInt32(segment.index()))
                .append("documents", new BsonInt64(documents)).append("hash", new BsonInt64(hash));
    }

    /** From a run record's {@code resume} and {@code finished} fields. */
    static ResumeState fromBson(BsonDocument resume, BsonArray finishedSegments) {
        Map<String, Map<Integer, Finished>> finished = new HashMap<>();
        for (BsonValue value : finishedSegments) {
            BsonDocument f = value.asDocument();
            finished.computeIfAbsent(f.getString("collection").getValue(), c -> new HashMap<>())
                    .put(f.getInt32("index").getValue(), new Finished(f.getNumber("documents").longValue(), f.getInt64("hash").getValue()));
        }
        return new ResumeState(resume.getString("identity").getValue(), SegmentPlanner.fromBson(resume.getArray("segments")), finished);
    }
}
