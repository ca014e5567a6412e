package io.monarch.load;

import com.mongodb.client.MongoCursor;
import com.mongodb.client.MongoDatabase;
import io.monarch.api.CopyOptions;
import io.monarch.api.Progress;
import io.monarch.concurrent.Workers;
import io.monarch.intent.CollectionIntent;
import io.monarch.intent.ContentHash;
import io.monarch.intent.CursorBatches;
import io.monarch.intent.Segment;
import io.monarch.intent.SegmentPlanner;
import org.bson.RawBsonDocument;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * Proves a load before its swap: every staged collection is read back, several ranges at once, and its count and
 * content hash compared with what was read from the source (or what a manifest says).
 */
final class LoadVerifier {
    private final MongoDatabase target;
    private final int readers;
    private final Progress progress;

    LoadVerifier(MongoDatabase target, int readers, Progress progress) {
        this.target = target;
        this.readers = readers;
        this.progress = progress;
    }

    /**
     * @param plan           the load's own ranges, by collection (null: none written down)
     * @param expectedHashes a manifest's content hash by collection; {@code unpacked} collections are not held to it
     *                       (it is their buckets' hash)
     */
    void verify(Collection<CollectionLoad> loading, ResumeState plan, Map<String, Long> expectedHashes,
                java.util.function.Predicate<String> unpacked) throws IOException {
        progress.phase("verifying " + StagedLoad.collections(loading.size()));
        SegmentPlanner planner = new SegmentPlanner(target, CopyOptions.SEGMENT_BYTES);
        ExecutorService pool = Workers.fixed("verify", readers);
        try {
            Map<String, ContentHash> readBack = new LinkedHashMap<>();
            List<Future<?>> reads = new ArrayList<>();
            for (CollectionLoad collection : loading) {
                ContentHash hash = new ContentHash();
                readBack.put(collection.name, hash);
                // the load's own ranges; a collection loaded whole (a restore's) is cut into ranges here. The embedded
                // server scans a whole collection for each range, so there it is read back whole, on one cursor.
                List<Segment> ranges = !planner.rangesUseAnIndex() ? List.of(Segment.whole(collection.staging))
                        : plan != null && plan.plan().getOrDefault(collection.name, List.of()).size() > 1
                        ? plan.plan().get(collection.name)
                        : planner.plan(CollectionIntent.plain(collection.staging));
                for (Segment range : ranges) {
                    reads.add(pool.submit(() -> {
                        readBack(collection.staging, range, hash);
                        return null;
                    }));
                }
            }
            for (Future<?> read : reads) {
                Workers.await(read);
            }
            for (CollectionLoad collection : loading) {
                ContentHash have = readBack.get(collection.name);
                Long manifest = unpacked.test(collection.name) ? null : expectedHashes.get(collection.name);
                long want = manifest != null ? manifest : collection.hash.value();
                if (have.documents() != collection.expected.get() || have.value() != want) {
                    throw new IOException("verification failed: " + collection.name + " as loaded holds " + have.documents()
                            + " documents with content hash " + ContentHash.hex(have.value()) + " where "
                            + (manifest != null ? "the manifest says " : "the source had ") + collection.expected.get()
                            + " with " + ContentHash.hex(want));
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private void readBack(String stagingName, Segment range, ContentHash into) {
        long sum = 0;
        long documents = 0;
        try (MongoCursor<RawBsonDocument> cursor = target.getCollection(stagingName, RawBsonDocument.class)
                .find(range.filter()).batchSize(CursorBatches.forCollection(target, stagingName)).iterator()) {
            while (cursor.hasNext()) {
                sum += ContentHash.of(cursor.next());
                documents++;
            }
        }
        into.add(sum, documents);
    }
}
