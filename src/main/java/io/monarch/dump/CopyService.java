package io.monarch.dump;

import com.mongodb.client.MongoCursor;
import io.monarch.mongo.MongoConnection;
import org.bson.RawBsonDocument;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * copy_db: streams collections from a source cursor into a target through a {@link StagedLoad}, several
 * collections at once, as raw BSON; no archive touches the disk. The target changes only once every
 * collection is loaded and counted.
 */
public final class CopyService {
    private final MongoConnection source;
    private final MongoConnection target;
    private final Set<String> untouchable;
    private final int parallelism;
    private final Progress progress;

    public CopyService(MongoConnection source, MongoConnection target, Set<String> untouchable, int parallelism, Progress progress) {
        this.source = source;
        this.target = target;
        this.untouchable = untouchable;
        this.parallelism = Math.max(1, parallelism);
        this.progress = progress;
    }

    public RestoreService.Outcome copy(List<CollectionIntent> intents, DocumentShaper shaper) {
        List<String> warnings = new ArrayList<>();
        AtomicLong documents = new AtomicLong();
        String environment = target.environment().name();
        ExecutorService readers = Executors.newFixedThreadPool(parallelism, r -> {
            Thread t = new Thread(r, "monarch-copy");
            t.setDaemon(true);
            return t;
        });
        try (StagedLoad load = new StagedLoad(target.database(), intents, untouchable, parallelism, progress, warnings::add);
             ShutdownCleanup cleanup = new ShutdownCleanup("copy into " + environment + " stopped; dropping its staging collections",
                     load::abort)) {
            load.prepare();
            List<Future<Long>> copies = new ArrayList<>();
            for (CollectionIntent intent : load.collections()) {
                if (!intent.isView()) {
                    progress.expect(intent.name(), intent.estimatedDocuments(source.database()));
                    copies.add(readers.submit(() -> copyCollection(intent, shaper, load)));
                }
            }
            for (Future<Long> copy : copies) {
                documents.addAndGet(BackupService.await(copy));
            }
            load.commit();
            return new RestoreService.Outcome(load.collections().stream().map(CollectionIntent::name).toList(), documents.get(), warnings);
        } catch (IOException | RuntimeException e) {
            readers.shutdownNow();
            throw StagedLoad.failed("copy from " + source.environment().name(), environment,
                    e instanceof IOException io ? io : new IOException(e.getMessage(), e));
        } finally {
            readers.shutdownNow();
        }
    }

    private long copyCollection(CollectionIntent intent, DocumentShaper shaper, StagedLoad load) throws IOException {
        long count = 0;
        try (MongoCursor<RawBsonDocument> cursor = intent.find(source.database(), CursorBatches.forCollection(source.database(), intent.name())).iterator()) {
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
