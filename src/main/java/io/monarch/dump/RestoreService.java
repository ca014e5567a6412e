package io.monarch.dump;

import com.mongodb.MongoException;
import com.mongodb.MongoTimeoutException;
import io.monarch.api.LoadResult;
import io.monarch.api.Progress;
import io.monarch.api.RestoreOptions;
import io.monarch.config.MigrationSettings;
import io.monarch.mongo.MongoConnection;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Restores a dump into an environment's database through a {@link StagedLoad}: a corrupt, truncated or
 * mismatched dump fails before any target collection is replaced, and the staging collections are dropped.
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
        String environment = target.environment();
        try (source) {
            RestoreSelection selection = RestoreSelection.of(source.collections(), options.fromDb(), options.collections(),
                    source.description());
            warnings.addAll(selection.notes());
            try (HeldTarget held = HeldTarget.take(target, settings, "restore", source.description(), say);
                 StagedLoad load = new StagedLoad(held, selection.intents(), selection.whole(), options.parallelism(),
                         progress, warnings::add);
                 ShutdownCleanup cleanup = new ShutdownCleanup("restore into " + environment
                         + " stopped; dropping its staging collections", () -> {
                     load.abort();
                     held.close();
                     target.flush();
                 }, say)) {
                Map<String, Long> expected = source.expectedDocuments();
                for (CollectionIntent intent : load.collections()) {
                    progress.expect(intent.name(), expected.getOrDefault(selection.database() + "." + intent.name(), 0L));
                }
                load.prepare();
                source.stream(selection.into(load));
                load.commit();
                return new LoadResult(source.description(), environment, load.collectionNames(), load.documents(),
                        Duration.between(started, Instant.now()), warnings, historyNotes(load, environment, "the dump"));
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
