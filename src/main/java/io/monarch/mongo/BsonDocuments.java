package io.monarch.mongo;

import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.wire.bson.BsonDecoder;
import de.bwaldvogel.mongo.wire.bson.BsonEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/**
 * The server's documents as BSON bytes and back, with the server's own codec: what the embedded store keeps is
 * exactly what a client would be sent.
 */
final class BsonDocuments {
    private static final int KEPT_BUFFER = 1 << 20;
    /** One growing buffer per thread; a buffer a rare large document grew is not kept. */
    private static final ThreadLocal<ByteBuf> BUFFER = ThreadLocal.withInitial(() -> Unpooled.buffer(64 << 10));

    private BsonDocuments() {
    }

    static byte[] encode(Document document) {
        ByteBuf buffer = encoded(document);
        try {
            byte[] bytes = new byte[buffer.writerIndex()];
            buffer.getBytes(0, bytes);
            return bytes;
        } finally {
            release(buffer);
        }
    }

    /** How many bytes the document takes as BSON, as it would be sent. */
    static int size(Document document) {
        ByteBuf buffer = encoded(document);
        try {
            return buffer.writerIndex();
        } finally {
            release(buffer);
        }
    }

    private static ByteBuf encoded(Document document) {
        ByteBuf buffer = BUFFER.get();
        buffer.clear();
        try {
            BsonEncoder.encodeDocument(document, buffer);
            return buffer;
        } catch (RuntimeException e) {
            release(buffer);
            throw e;
        }
    }

    private static void release(ByteBuf buffer) {
        if (buffer.capacity() > KEPT_BUFFER) {
            BUFFER.remove();
        }
    }

    static Document decode(byte[] bson) {
        return BsonDecoder.decodeBson(Unpooled.wrappedBuffer(bson));
    }
}
