package io.monarch.dump;

import io.monarch.api.MonarchException;
import io.monarch.mongo.MongoConnection;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Restores a dump into an environment's database through a {@link StagedLoad}: a corrupt, truncated or
 * mismatched dump fails before any target collection is replaced, and the staging collections are dropped.
 */
public final class RestoreService {
    private final MongoConnection target;
    private final Set<String> untouchable;
    private final int parallelism;
    private final Progress progress;

    public RestoreService(MongoConnection target, Set<String> untouchable, int parallelism, Progress progress) {
        this.target = target;
        this.untouchable = untouchable;
        this.parallelism = parallelism;
        this.progress = progress;
    }

    /** What a restore did. */
    public record Outcome(List<String> collections, long documents, List<String> warnings) {
    }

    public Outcome restore(DumpSource source) {
        List<String> warnings = new ArrayList<>();
        String environment = target.environment().name();
        long[] documents = {0};
        try (source) {
            List<CollectionIntent> intents = source.collections();
            source.expectedDocuments().forEach((collection, count) -> {
                if (!untouchable.contains(collection)) {
                    progress.expect(collection, count); // monarch's own collections are skipped, so not awaited
                }
            });
            try (StagedLoad load = new StagedLoad(target.database(), intents, untouchable, parallelism, progress, warnings::add);
                 ShutdownCleanup cleanup = new ShutdownCleanup("restore into " + environment + " stopped; dropping its staging collections",
                         load::abort)) {
                load.prepare();
                source.stream(new DumpSource.DocumentSink() {
                    @Override
                    public void document(String collection, byte[] bson) throws IOException {
                        load.document(collection, bson);
                    }

                    @Override
                    public void end(String collection, long count) throws IOException {
                        load.end(collection, count);
                        if (!untouchable.contains(collection)) {
                            documents[0] += count; // monarch's own collections are read past, not restored
                        }
                    }
                });
                load.commit();
                return new Outcome(load.collections().stream().map(CollectionIntent::name).toList(), documents[0], warnings);
            }
        } catch (IOException e) {
            throw StagedLoad.failed("restore of " + source.description(), environment, e);
        }
    }
}
