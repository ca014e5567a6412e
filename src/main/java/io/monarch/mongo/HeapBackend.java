package io.monarch.mongo;

import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import de.bwaldvogel.mongo.bson.Document;
import io.netty.channel.Channel;

/**
 * mongo-java-server's memory backend as an {@code embedded:memory} environment keeps it: documents in this process's
 * heap, gone at exit, and every cursor's batches within MongoDB's limits ({@link CursorLimits}), as the folder
 * store's ({@link FolderBackend}).
 */
final class HeapBackend extends MemoryBackend {
    private final CursorLimits limits = new CursorLimits(getCursorRegistry());

    /** Every command, its cursor's batches within MongoDB's limits. */
    @Override
    public Document handleCommand(Channel channel, String database, String command, Document query) {
        return limits.answer(command, query, () -> super.handleCommand(channel, database, command, query));
    }
}
