package io.monarch.load;

import io.monarch.api.LoadResult;
import io.monarch.api.Progress;
import io.monarch.api.RestoreOptions;
import io.monarch.concurrent.Workers;
import io.monarch.config.MigrationSettings;
import io.monarch.intent.CollectionIntent;
import io.monarch.intent.CursorBatches;
import io.monarch.intent.DocumentShaper;
import io.monarch.intent.Segment;
import io.monarch.intent.SegmentPlanner;
import io.monarch.mongo.MongoConnection;
import org.bson.RawBsonDocument;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * copy_db: a {@link StagedRun} whose input is the source's live cursors, as raw BSON; no archive touches the disk. A
 * collection larger than the segment size is read as several {@code _id} ranges at once ({@link SegmentPlanner});
 * {@code -j} readers take the segments of all collections, largest collection first. A copy that stops part way
 * (killed, or a lost connection) keeps the segments it finished, and {@code --resume} loads only the others.
 */
public final class CopyService {
    private final MongoConnection source;
    private final MongoConnection target;
    private final MigrationSettings settings;
    private final RestoreOptions options;
    private final long segmentBytes;
    private final Progress progress;
    private final Consumer<String> say;

    /**
     * @param settings where the target's lock and monarch's own collections are, and how long to wait for the lock
     * @param say      where a Ctrl-C's cleanup is told as it happens, and what a resume takes up
     */
    public CopyService(MongoConnection source, MongoConnection target, MigrationSettings settings, RestoreOptions options,
                       long segmentBytes, Progress progress, Consumer<String> say) {
        this.source = source;
        this.target = target;
        this.settings = settings;
        this.options = options;
        this.segmentBytes = segmentBytes;
        this.progress = progress;
        this.say = say;
    }

    /** @param resumable whether the copy can be resumed (not one through a QuerySet, whose selection and masks are per run) */
    public LoadResult copy(List<CollectionIntent> intents, DocumentShaper shaper, boolean resumable) {
        return new StagedRun(target, settings, options, progress, say).run(new CursorInput(intents, shaper, resumable), new ArrayList<>());
    }

    /** The source's cursors as a staged run's input: each segment read by one of {@code -j} readers. */
    private final class CursorInput implements StagedRun.Input {
        private final List<CollectionIntent> intents;
        private final DocumentShaper shaper;
        private final boolean resumable;

        CursorInput(List<CollectionIntent> intents, DocumentShaper shaper, boolean resumable) {
            this.intents = intents;
            this.shaper = shaper;
            this.resumable = resumable;
        }

        @Override
        public String operation() {
            return "copy_db";
        }

        @Override
        public String source() {
            return source.environment();
        }

        @Override
        public String identity() {
            return source.environment() + "." + source.database().getName();
        }

        @Override
        public String what() {
            return "copy from " + source.environment();
        }

        @Override
        public String units() {
            return "segments";
        }

        @Override
        public boolean resumable() {
            return resumable;
        }

        @Override
        public List<CollectionIntent> collections() {
            return intents;
        }

        @Override
        public boolean replacesAll() {
            return true;
        }

        @Override
        public Map<String, List<Segment>> plan(List<CollectionIntent> collections) {
            return new SegmentPlanner(source.database(), segmentBytes).plan(collections);
        }

        @Override
        public String resumedNote(ResumeState resumed, StagedLoad load) {
            long unfinished = resumed.plan().values().stream().flatMap(List::stream).filter(s -> !load.done(s)).count();
            return "resumed: " + resumed.finishedSegments() + " of " + resumed.segments() + " segments were loaded by the run "
                    + "that stopped; " + unfinished + " moved now";
        }

        @Override
        public void feed(StagedLoad load, Map<String, List<Segment>> plan) throws IOException {
            Map<String, Long> sizes = new HashMap<>();
            List<CollectionIntent> largestFirst = new ArrayList<>();
            for (CollectionIntent intent : load.collections()) {
                if (!intent.isView()) {
                    long size = intent.estimatedDocuments(source.database());
                    sizes.put(intent.name(), size);
                    progress.expect(intent.name(), size);
                    largestFirst.add(intent);
                }
            }
            largestFirst.sort(Comparator.comparing((CollectionIntent intent) -> sizes.get(intent.name())).reversed());
            List<Segment> segments = new ArrayList<>();
            Map<String, Integer> perCollection = new HashMap<>();
            for (CollectionIntent intent : largestFirst) {
                for (Segment segment : plan.get(intent.name())) {
                    if (!load.done(segment)) {
                        segments.add(segment);
                        perCollection.merge(intent.name(), 1, Integer::sum);
                    }
                }
            }
            Map<String, CollectionIntent> byName = new HashMap<>();
            load.collections().forEach(i -> byName.put(i.name(), i));
            ExecutorService readers = Workers.fixed("copy", options.parallelism());
            try {
                List<Future<Long>> copies = new ArrayList<>();
                for (Segment segment : segments) {
                    int feeds = perCollection.get(segment.collection());
                    copies.add(readers.submit(() -> copySegment(byName.get(segment.collection()), segment, feeds, load)));
                }
                for (Future<Long> copy : copies) {
                    Workers.await(copy);
                }
            } finally {
                readers.shutdownNow();
            }
        }

        private long copySegment(CollectionIntent intent, Segment segment, int feeds, StagedLoad load) throws IOException {
            Feed feed = load.feed(segment, feeds);
            intent.read(source.client(), source.database(), segment, CursorBatches.forCollection(source.database(), intent.name()),
                    (bytes, offset, length) -> {
                        RawBsonDocument document = new RawBsonDocument(bytes, offset, length); // a view of the reply: no copy
                        feed.document(shaper == null ? document : shaper.shape(intent.name(), document));
                    });
            feed.end();
            return feed.documents();
        }

        @Override
        public Map<String, Long> expectedHashes() {
            return Map.of();
        }

        @Override
        public String historySource() {
            return source.environment();
        }
    }
}
