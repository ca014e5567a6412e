package io.monarch.dump;

import com.mongodb.MongoException;
import com.mongodb.MongoTimeoutException;
import io.monarch.api.LoadResult;
import io.monarch.api.MonarchException;
import io.monarch.api.Progress;
import io.monarch.api.RestoreOptions;
import io.monarch.config.MigrationSettings;
import io.monarch.mongo.MongoConnection;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Restores a dump into an environment's database through a {@link StagedLoad}: a corrupt, truncated or
 * mismatched dump fails before any target collection is replaced, and the staging collections are dropped. Each
 * collection loaded whole is written down, so that a restore killed or cut off part way can be resumed: the
 * archive is read again from its start (a stream cannot skip), the collections it had loaded read past and checked
 * by content hash, the others loaded.
 */
public final class RestoreService {
    private final MongoConnection target;
    private final MigrationSettings settings;
    private final RestoreOptions options;
    private final Progress progress;
    private final Consumer<String> say;

    /** @param say where a Ctrl-C's cleanup is told as it happens */
    /** @param settings where the target's lock and monarch's own collections are, and how long to wait for the lock */
    public RestoreService(MongoConnection target, MigrationSettings settings, RestoreOptions options, Progress progress,
                          Consumer<String> say) {
        this.target = target;
        this.settings = settings;
        this.options = options;
        this.progress = progress;
        this.say = say;
    }

    public LoadResult restore(DumpSource source) {
        Instant started = Instant.now();
        List<String> warnings = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        String environment = target.environment();
        try (source) {
            RestoreSelection selection = RestoreSelection.of(source.collections(), options.fromDb(), options.collections(),
                    source.description(), source.singleCollection());
            warnings.addAll(selection.notes());
            HeldTarget held = HeldTarget.take(target, settings, "restore", source.description(), options.resume(),
                    source.identity(), say);
            StagedLoad load = StagedLoad.on(held, selection.intents(), selection.whole(), new StagedLoad.Options(
                    options.parallelism(), options.insertionWorkers(), options.verify()), progress, warnings::add);
            try (held; load;
                 ShutdownCleanup cleanup = new ShutdownCleanup("restore into " + environment
                         + " stopped; dropping its staging collections", () -> {
                     load.abort();
                     held.close();
                     target.flush();
                 }, say)) {
                try {
                    Map<String, Long> expected = source.expectedDocuments();
                    for (CollectionIntent intent : load.collections()) {
                        progress.expect(intent.name(), expected.getOrDefault(selection.database() + "." + intent.name(), 0L));
                    }
                    // a stream cannot skip: a restore resumes by collection, reading past (and checking) those it loaded
                    Map<String, List<Segment>> plan = new HashMap<>();
                    load.collections().stream().filter(i -> !i.isView()).forEach(i -> plan.put(i.name(), List.of(Segment.whole(i.name()))));
                    ResumeState resumed = load.resumed();
                    if (resumed != null) {
                        resumed.checkSameCollections(load.collections(), "the collections restored");
                    }
                    load.prepare(ResumeState.fresh(source.identity(), plan));
                    if (resumed != null) {
                        String note = "resumed: " + resumed.finishedSegments() + " of " + resumed.segments() + " collections were "
                                + "loaded by the restore that stopped; they are read past (and checked), the others loaded";
                        say.accept(note);
                        notes.add(note);
                    }
                    source.stream(selection.into(load));
                    load.commit(source.expectedHashes());
                } catch (IOException | RuntimeException e) {
                    if (e instanceof CannotResume || !(e instanceof MonarchException) && CopyService.lostConnection(e)) {
                        load.keepForResume(); // before the load's close, which would drop it
                        held.suspend();
                    }
                    throw e;
                }
                notes.addAll(historyNotes(load, environment, "the dump"));
                return new LoadResult(source.description(), environment, load.collectionNames(), load.documents(),
                        Duration.between(started, Instant.now()), warnings, notes);
            } catch (IOException | MongoException e) {
                if (load.keptForResume()) {
                    throw MonarchException.failed("restore of " + source.description() + " stopped: " + e.getMessage() + "\n"
                            + environment + " was not changed; the collections loaded so far are kept: run the same restore with "
                            + "--resume to load only the others, or without it to start over.", e);
                }
                throw e;
            }
        } catch (IOException e) {
            throw StagedLoad.failed("restore of " + source.description(), environment, e);
        } catch (MongoTimeoutException e) {
            throw e; // the server cannot be reached: said as such by the caller
        } catch (MongoException e) {
            throw StagedLoad.failed("restore of " + source.description(), environment, new IOException(e.getMessage(), e));
        }
    }

    /** A load without a migration history (plain mongodump output) keeps the target's: it may not match the data. */
    static List<String> historyNotes(StagedLoad load, String environment, String source) {
        return load.bringsHistory() ? List.of() : List.of(source + " holds no migration history, so " + environment
                + " keeps its own, which may not match the data it now holds");
    }
}
