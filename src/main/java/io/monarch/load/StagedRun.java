package io.monarch.load;

import com.mongodb.MongoException;
import com.mongodb.MongoSocketException;
import com.mongodb.MongoTimeoutException;
import io.monarch.api.LoadResult;
import io.monarch.api.MonarchException;
import io.monarch.api.Progress;
import io.monarch.api.RestoreOptions;
import io.monarch.concurrent.ShutdownCleanup;
import io.monarch.config.MigrationSettings;
import io.monarch.intent.CollectionIntent;
import io.monarch.intent.Segment;
import io.monarch.mongo.MongoConnection;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The one staged run that both restore and copy_db are: the target held (lock, leftovers of dead runs, a run
 * record), the collections loaded into staging through a {@link StagedLoad}, checked and swapped in; on a failure the
 * target is left as it was, and after a lost connection (or a resume that cannot go on) what was loaded is kept for
 * {@code --resume}. What differs between the two is their {@link Input}: a dump streamed once from its start, or live
 * cursors read by segment.
 */
final class StagedRun {
    private final MongoConnection target;
    private final MigrationSettings settings;
    private final RestoreOptions options;
    private final Progress progress;
    private final Consumer<String> say;

    /**
     * @param settings where the target's lock and monarch's own collections are, and how long to wait for the lock
     * @param say      where a Ctrl-C's cleanup is told as it happens, and what a resume takes up
     */
    StagedRun(MongoConnection target, MigrationSettings settings, RestoreOptions options, Progress progress, Consumer<String> say) {
        this.target = target;
        this.settings = settings;
        this.options = options;
        this.progress = progress;
        this.say = say;
    }

    /** Where a staged run's documents come from. */
    interface Input {
        /** "restore" or "copy_db": the run record's operation, and the first word of messages. */
        String operation();

        /** What it reads, for the run record and messages. */
        String source();

        /** What a resumed run must read again to go on (see {@link io.monarch.source.DumpSource#identity}). */
        String identity();

        /** How a failure names the run: "restore of X", "copy from X". */
        String what();

        /** What a resume goes by: "collections" or "segments". */
        String units();

        /** Whether what it loaded can be kept for a resume. */
        boolean resumable();

        /** The collections to load. */
        List<CollectionIntent> collections();

        /** Whether the target ends holding only these collections, or keeps its others. */
        boolean replacesAll();

        /** Each collection's segments, for a run started afresh. */
        Map<String, List<Segment>> plan(List<CollectionIntent> collections);

        /** What a resumed run says it takes up, given the run it resumes. */
        String resumedNote(ResumeState resumed, StagedLoad load);

        /** Moves every document into the load: the segments of {@code plan} that a resumed run had not loaded. */
        void feed(StagedLoad load, Map<String, List<Segment>> plan) throws IOException;

        /** Each collection's content hash as the source vouches for it (a manifest's), by collection; else empty. */
        Map<String, Long> expectedHashes();

        /** Where the history came from, in the note about a load without history: "the dump", the source environment. */
        String historySource();
    }

    LoadResult run(Input input, List<String> warnings) {
        Instant started = Instant.now();
        List<String> notes = new ArrayList<>();
        String environment = target.environment();
        if (options.resume() && !input.resumable()) {
            throw MonarchException.usage("a " + input.operation() + " through a QuerySet cannot be resumed (its selection and masks "
                    + "are made anew by each run); run it without --resume. Nothing was changed");
        }
        HeldTarget held = HeldTarget.take(target, settings, input.operation(), input.source(), options.resume(), input.identity(), say);
        StagedLoad load = StagedLoad.on(held, input.collections(), input.replacesAll(), new StagedLoad.Options(options.parallelism(),
                options.insertionWorkers(), options.verify()), progress, warnings::add);
        try (held; load;
             ShutdownCleanup cleanup = new ShutdownCleanup(input.operation() + " into " + environment
                     + " stopped; dropping its staging collections", () -> {
                 load.abort();
                 held.close();
                 target.flush();
             }, say)) {
            try {
                ResumeState resumed = held.resumed();
                if (resumed != null) {
                    resumed.checkSameCollections(load.collections(), "the " + input.units() + " of " + input.source());
                }
                Map<String, List<Segment>> plan = resumed != null ? resumed.plan() : input.plan(load.collections());
                load.prepare(input.resumable() ? ResumeState.fresh(input.identity(), plan) : null);
                if (resumed != null) {
                    String note = input.resumedNote(resumed, load);
                    say.accept(note);
                    notes.add(note);
                }
                input.feed(load, plan);
                load.commit(input.expectedHashes());
            } catch (IOException | RuntimeException e) {
                if (input.resumable() && (e instanceof CannotResume || !(e instanceof MonarchException) && lostConnection(e))) {
                    load.keepForResume(); // before the load's close, which would drop it
                    held.suspend();
                }
                throw e;
            }
            if (!load.bringsHistory()) {
                notes.add(input.historySource() + " holds no migration history, so " + environment
                        + " keeps its own, which may not match the data it now holds");
            }
            return new LoadResult(input.source(), environment, load.collectionNames(), load.documents(),
                    Duration.between(started, Instant.now()), warnings, notes);
        } catch (MonarchException | MongoTimeoutException e) {
            throw e; // says what happened already; an unreachable server is said as such by the caller
        } catch (IOException | RuntimeException e) {
            if (load.keptForResume() && !(e instanceof CannotResume)) {
                throw MonarchException.failed(input.what() + " stopped: " + e.getMessage() + "\n" + environment + " was not "
                        + "changed; the " + input.units() + " loaded so far are kept: run the same " + input.operation()
                        + " with --resume to load only the others, or without it to start over.", e);
            }
            throw StagedLoad.failed(input.what(), environment, e instanceof IOException io ? io
                    : new IOException(e instanceof MongoException m ? m.getMessage() : String.valueOf(e.getMessage()), e));
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
}
