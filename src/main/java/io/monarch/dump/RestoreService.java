package io.monarch.dump;

import io.monarch.api.LoadResult;
import io.monarch.api.Progress;
import io.monarch.config.MigrationSettings;
import io.monarch.mongo.MongoConnection;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Restores a dump into an environment's database through a {@link StagedLoad}: a corrupt, truncated or
 * mismatched dump fails before any target collection is replaced, and the staging collections are dropped.
 */
public final class RestoreService {
    private final MongoConnection target;
    private final MigrationSettings settings;
    private final int parallelism;
    private final Progress progress;
    private final Consumer<String> say;

    /** @param say where a Ctrl-C's cleanup is told as it happens */
    /** @param settings where the target's lock and monarch's own collections are, and how long to wait for the lock */
    public RestoreService(MongoConnection target, MigrationSettings settings, int parallelism, Progress progress,
                          Consumer<String> say) {
        this.target = target;
        this.settings = settings;
        this.parallelism = parallelism;
        this.progress = progress;
        this.say = say;
    }

    public LoadResult restore(DumpSource source) {
        Instant started = Instant.now();
        List<String> warnings = new ArrayList<>();
        String environment = target.environment();
        try (source) {
            List<CollectionIntent> intents = source.collections();
            try (HeldTarget held = HeldTarget.take(target, settings, "restore", source.description(), say);
                 StagedLoad load = new StagedLoad(held, intents, true, parallelism, progress, warnings::add);
                 ShutdownCleanup cleanup = new ShutdownCleanup("restore into " + environment
                         + " stopped; dropping its staging collections", () -> {
                     load.abort();
                     held.close();
                     target.flush();
                 }, say)) {
                source.expectedDocuments().forEach((collection, count) -> {
                    if (!held.untouchable().contains(collection)) {
                        progress.expect(collection, count); // monarch's own collections are skipped, so not awaited
                    }
                });
                load.prepare();
                source.stream(load);
                load.commit();
                return new LoadResult(source.description(), environment, load.collectionNames(), load.documents(),
                        Duration.between(started, Instant.now()), warnings);
            }
        } catch (IOException e) {
            throw StagedLoad.failed("restore of " + source.description(), environment, e);
        }
    }
}
