package io.monarch.mongo;

import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.wire.MongoWireProtocolHandler;
import de.bwaldvogel.mongo.wire.message.ClientRequest;
import de.bwaldvogel.mongo.wire.message.MessageHeader;
import de.bwaldvogel.mongo.wire.message.MongoMessage;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Decodes requests as mongo-java-server does, but answers one it cannot decode (a binary value of a subtype it does
 * not know, JavaScript with scope) with an error reply naming what it could not read, as mongod answers a bad
 * request, instead of letting the connection close with no word: the client (mongosh, an application, a driver)
 * sees a server error for that one command and its connection stays usable.
 */
final class ErrorReplyingProtocolHandler extends MongoWireProtocolHandler {
    private static final int HEADER_BYTES = 16;
    private static final int OP_MSG = 2013;
    /** OP_MSG's flag for "no reply wanted" (an unacknowledged write). */
    private static final int MORE_TO_COME = 1 << 1;
    private static final AtomicInteger REPLY_IDS = new AtomicInteger();

    @Override
    protected ClientRequest decode(ChannelHandlerContext ctx, ByteBuf in) throws Exception {
        int start = in.readerIndex();
        int length = in.readableBytes() >= 4 ? in.getIntLE(start) : -1;
        try {
            return super.decode(ctx, in);
        } catch (Exception e) {
            // only a request read whole, as OP_MSG, that wants a reply: anything else is upstream's to handle
            boolean readWhole = length >= HEADER_BYTES + 4 && in.readerIndex() == start + length;
            if (!readWhole || in.getIntLE(start + 12) != OP_MSG || (in.getIntLE(start + HEADER_BYTES) & MORE_TO_COME) != 0) {
                throw e;
            }
            int requestId = in.getIntLE(start + 4);
            Document error = new Document("ok", 0.0)
                    .append("errmsg", "the embedded server (mongo-java-server) cannot read this request: " + e.getMessage()
                            + ". It does not keep binary values of subtypes other than 0, 3, 4 and 128 (3 and 4 as 16-byte "
                            + "UUIDs) nor JavaScript with scope; a MongoDB server does")
                    .append("code", 2)
                    .append("codeName", "BadValue");
            ctx.writeAndFlush(new MongoMessage(ctx.channel(), new MessageHeader(REPLY_IDS.incrementAndGet(), requestId), error));
            return null;
        }
    }
}
