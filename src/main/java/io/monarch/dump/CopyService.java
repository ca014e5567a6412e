package io.monarch.dump;

import com.mongodb.MongoSocketException;
import com.mongodb.MongoTimeoutException;
import io.monarch.api.LoadResult;
import io.monarch.api.MonarchException;
import io.monarch.api.Progress;
import io.monarch.api.RestoreOptions;
import io.monarch.concurrent.Workers;
import io.monarch.config.MigrationSettings;
import io.monarch.mongo.MongoConnection;
import com.mongodb.client.MongoCursor;
import org.bson.RawBsonDocument;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * copy_db: streams collections from source cursors into a target through a {@link StagedLoad}, as raw BSON; no
 * archive touches the disk. A collection larger than the segment size is read as several {@code _id} ranges at
 * once ({@link SegmentPlanner}); {@code -j} readers take the segments of all collections, largest collection first.
 * The target changes only once every collection is loaded, counted and verified. A copy that stops part way (killed,
 * or a lost connection) keeps the segments it finished, and {@code --resume} loads only the others.
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
        Instant started = Instant.now();
        List<String> warnings = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        String environment = target.environment();
        if (options.resume() && !resumable) {
            throw MonarchException.usage("a copy through a QuerySet cannot be resumed (its selection and masks are made anew "
                    + "by each run); run it without --resume. Nothing was changed");
        }
        ExecutorService readers = Workers.fixed("copy", options.parallelism());
        HeldTarget held = HeldTarget.take(target, settings, "copy_db", source.environment(), options.resume(),
                source.environment() + "." + source.database().getName(), say);
        StagedLoad load = StagedLoad.on(held, intents, true, new StagedLoad.Options(options.parallelism(),
                options.insertionWorkers(), options.verify()), progress, warnings::add);
        try (held; load;
             ShutdownCleanup cleanup = new ShutdownCleanup("copy into " + environment + " stopped; dropping its staging collections",
                     () -> {
                         load.abort();
                         held.close();
                         target.flush();
                     }, say)) {
            try {
                Map<String, List<Segment>> plan;
                ResumeState resumed = held.resumed();
                if (resumed != null) {
                    plan = resumed.plan();
                    resumed.checkSameCollections(load.collections(), "the source's collections");
                } else {
                    plan = new SegmentPlanner(source.database(), segmentBytes).plan(load.collections());
                }
                load.prepare(resumable ? ResumeState.fresh(source.environment() + "." + source.database().getName(), plan) : null);
                List<Segment> toRead = new ArrayList<>();
                Map<String, Integer> perCollection = new HashMap<>();
                List<CollectionIntent> largestFirst = new ArrayList<>();
                Map<String, Long> sizes = new HashMap<>();
                for (CollectionIntent intent : load.collections()) {
                    if (!intent.isView()) {
                        long size = intent.estimatedDocuments(source.database());
                        sizes.put(intent.name(), size);
                        progress.expect(intent.name(), size);
                        largestFirst.add(intent);
                    }
                }
                largestFirst.sort(Comparator.comparing((CollectionIntent intent) -> sizes.get(intent.name())).reversed());
                for (CollectionIntent intent : largestFirst) {
                    for (Segment segment : plan.get(intent.name())) {
                        if (!load.done(segment)) {
                            toRead.add(segment);
                            perCollection.merge(intent.name(), 1, Integer::sum);
                        }
                    }
                }
                if (resumed != null) {
                    String resumedNote = "resumed: " + resumed.finishedSegments() + " of " + resumed.segments() + " segments were "
                            + "loaded by the run that stopped; " + toRead.size() + " moved now";
                    say.accept(resumedNote);
                    notes.add(resumedNote);
                }
                Map<String, CollectionIntent> byName = new HashMap<>();
                load.collections().forEach(i -> byName.put(i.name(), i));
                List<Future<Long>> copies = new ArrayList<>();
                for (Segment segment : toRead) {
                    int feeds = perCollection.get(segment.collection());
                    copies.add(readers.submit(() -> copySegment(byName.get(segment.collection()), segment, feeds, shaper, load)));
                }
                for (Future<Long> copy : copies) {
                    Workers.await(copy);
                }
                load.commit(Map.of());
                notes.addAll(RestoreService.historyNotes(load, environment, source.environment()));
                return new LoadResult(source.environment(), environment, load.collectionNames(), load.documents(),
                        Duration.between(started, Instant.now()), warnings, notes);
            } catch (IOException | RuntimeException e) {
                if (resumable && (e instanceof CannotResume || !(e instanceof MonarchException) && lostConnection(e))) {
                    load.keepForResume(); // before the load's close, which would drop it
                    held.suspend();
                }
                throw e;
            }
        } catch (MonarchException e) {
            throw e; // already says what happened; the load's close dropped the staging collections
        } catch (IOException | RuntimeException e) {
            if (load.keptForResume() && !(e instanceof CannotResume)) {
                throw MonarchException.failed("copy from " + source.environment() + " stopped: " + e.getMessage() + "\n" + environment
                        + " was not changed; the segments loaded so far are kept: run the same copy_db with --resume to "
                        + "load only the others, or without it to start over.", e);
            }
            throw StagedLoad.failed("copy from " + source.environment(), environment,
                    e instanceof IOException io ? io : new IOException(e.getMessage(), e));
        } finally {
            readers.shutdownNow();
        }
    }

    /** Whether a failure is a lost connection (to the source or the target), after which a resume makes sense. */
    static boolean lostConnection(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof MongoSocketException || t instanceof MongoTimeoutException) {
                return true;
            }
        }
        return false;
    }

    private long copySegment(CollectionIntent intent, Segment segment, int feeds, DocumentShaper shaper, StagedLoad load)
            throws IOException {
        StagedLoad.Feed feed = load.feed(segment, feeds);
        try (MongoCursor<RawBsonDocument> cursor = intent.find(source.database(), segment,
                CursorBatches.forCollection(source.database(), intent.name())).iterator()) {
            while (cursor.hasNext()) {
                RawBsonDocument document = cursor.next();
                feed.document(shaper == null ? document : shaper.shape(intent.name(), document));
            }
        }
        feed.end();
        return feed.documents();
    }
}
