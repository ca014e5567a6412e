package io.monarch.dump;

import com.mongodb.client.MongoCursor;
import io.monarch.api.LoadResult;
import io.monarch.api.MonarchException;
import io.monarch.api.Progress;
import io.monarch.concurrent.Workers;
import io.monarch.config.MigrationSettings;
import io.monarch.mongo.MongoConnection;
import org.bson.RawBsonDocument;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * copy_db: streams collections from a source cursor into a target through a {@link StagedLoad}, several
 * collections at once, as raw BSON; no archive touches the disk. The target changes only once every
 * collection is loaded and counted.
 */
public final class CopyService {
    private final MongoConnection source;
    private final MongoConnection target;
    private final MigrationSettings settings;
    private final int parallelism;
    private final Progress progress;
    private final Consumer<String> say;

    /** @param say where a Ctrl-C's cleanup is told as it happens */
    /** @param settings where the target's lock and monarch's own collections are, and how long to wait for the lock */
    public CopyService(MongoConnection source, MongoConnection target, MigrationSettings settings, int parallelism,
                       Progress progress, Consumer<String> say) {
        this.source = source;
        this.target = target;
        this.settings = settings;
        this.parallelism = Math.max(1, parallelism);
        this.progress = progress;
        this.say = say;
    }

    public LoadResult copy(List<CollectionIntent> intents, DocumentShaper shaper) {
        Instant started = Instant.now();
        List<String> warnings = new ArrayList<>();
        String environment = target.environment();
        ExecutorService readers = Workers.fixed("copy", parallelism);
        try (HeldTarget held = HeldTarget.take(target, settings, "copy_db", source.environment(), say);
             StagedLoad load = new StagedLoad(held, intents, true, parallelism, progress, warnings::add);
             ShutdownCleanup cleanup = new ShutdownCleanup("copy into " + environment + " stopped; dropping its staging collections",
                     () -> {
                         load.abort();
                         held.close();
                         target.flush();
                     }, say)) {
            load.prepare();
            List<Future<Long>> copies = new ArrayList<>();
            for (CollectionIntent intent : load.collections()) {
                if (!intent.isView()) {
                    progress.expect(intent.name(), intent.estimatedDocuments(source.database()));
                    copies.add(readers.submit(() -> copyCollection(intent, shaper, load)));
                }
            }
            for (Future<Long> copy : copies) {
                Workers.await(copy);
            }
            load.commit();
            return new LoadResult(source.environment(), environment, load.collectionNames(), load.documents(),
                    Duration.between(started, Instant.now()), warnings, RestoreService.historyNotes(load, environment, source.environment()));
        } catch (MonarchException e) {
            throw e; // already says what happened; the load's close dropped the staging collections
        } catch (IOException | RuntimeException e) {
            throw StagedLoad.failed("copy from " + source.environment(), environment,
                    e instanceof IOException io ? io : new IOException(e.getMessage(), e));
        } finally {
            readers.shutdownNow();
        }
    }

    private long copyCollection(CollectionIntent intent, DocumentShaper shaper, StagedLoad load) throws IOException {
        long count = 0;
        try (MongoCursor<RawBsonDocument> cursor = intent.find(source.database(),
                CursorBatches.forCollection(source.database(), intent.name())).iterator()) {
            while (cursor.hasNext()) {
                RawBsonDocument document = cursor.next();
                load.document(intent.name(), shaper == null ? document : shaper.shape(intent.name(), document));
                count++;
            }
        }
        load.end(intent.name(), count);
        return count;
    }
}
