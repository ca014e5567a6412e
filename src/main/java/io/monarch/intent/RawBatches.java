package io.monarch.intent;

import com.mongodb.client.ClientSession;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonInt64;
import org.bson.BsonString;
import org.bson.RawBsonDocument;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * A find read batch by batch straight out of the server's replies: each document is handed on as a slice of the
 * reply's bytes, with no copy and no object of its own, as mongodump reads them. (The driver's cursor copies every
 * document into a buffer of its own through a new writer: half of a backup's CPU, measured.) A cursor opened in a
 * session is read in that session, as servers with sessions require.
 */
public final class RawBatches implements AutoCloseable {
    private final MongoDatabase database;
    private final String collection;
    private final ClientSession session;
    private final int batchSize;
    private long cursorId;

    /** Receives each document as {@code bytes[offset .. offset + length)}; the bytes stay valid after the call. */
    @FunctionalInterface
    public interface DocumentVisitor {
        void document(byte[] bytes, int offset, int length) throws IOException;
    }

    private RawBatches(MongoDatabase database, String collection, ClientSession session, int batchSize) {
        this.database = database;
        this.collection = collection;
        this.session = session;
        this.batchSize = batchSize;
    }

    /**
     * Runs {@code find} on {@code collection} and hands every document to {@code visitor}, batch by batch.
     *
     * @param filter     null: every document
     * @param projection null: whole documents
     * @param limit      0: no limit
     */
    public static void read(MongoClient client, MongoDatabase database, String collection, BsonDocument filter,
                            BsonDocument projection, int limit, int batchSize, DocumentVisitor visitor) throws IOException {
        BsonDocument find = new BsonDocument("find", new BsonString(collection)).append("batchSize", new BsonInt32(batchSize));
        if (filter != null) {
            find.append("filter", filter);
        }
        if (projection != null) {
            find.append("projection", projection);
        }
        if (limit > 0) {
            find.append("limit", new BsonInt32(limit));
        }
        ClientSession session = startSession(client);
        try (RawBatches batches = new RawBatches(database, collection, session, batchSize)) {
            RawBsonDocument reply = batches.run(find);
            while (true) {
                batches.cursorId = batches.visit(reply, visitor);
                if (batches.cursorId == 0) {
                    break;
                }
                reply = batches.run(new BsonDocument("getMore", new BsonInt64(batches.cursorId))
                        .append("collection", new BsonString(collection)).append("batchSize", new BsonInt32(batchSize)));
            }
        } finally {
            if (session != null) {
                session.close();
            }
        }
    }

    /** A session where the server has them (a cursor must be continued in the one it was opened in); else none. */
    private static ClientSession startSession(MongoClient client) {
        // the embedded server answers isMaster without logicalSessionTimeoutMinutes: it has no sessions, its cursors need none
        BsonDocument hello = client.getDatabase("admin").runCommand(new BsonDocument("isMaster", new BsonInt32(1)), BsonDocument.class);
        return hello.containsKey("logicalSessionTimeoutMinutes") && !hello.isNull("logicalSessionTimeoutMinutes")
                ? client.startSession() : null;
    }

    private RawBsonDocument run(BsonDocument command) {
        return session == null ? database.runCommand(command, RawBsonDocument.class)
                : database.runCommand(session, command, RawBsonDocument.class);
    }

    /** Hands on the documents of a reply's batch; returns the cursor's id (0: no more). */
    private long visit(RawBsonDocument reply, DocumentVisitor visitor) throws IOException {
        ByteBuffer buffer = reply.getByteBuffer().asNIO();
        byte[] bytes = buffer.array();
        int start = buffer.arrayOffset() + buffer.position();
        BsonReader cursor = BsonReader.document(bytes, start).field("cursor", DOCUMENT);
        long id = 0;
        for (BsonReader.Element e = cursor.first(); e != null; e = e.next()) {
            if (e.name().equals("id")) {
                id = e.longValue();
            } else if (e.name().equals("firstBatch") || e.name().equals("nextBatch")) {
                for (BsonReader.Element d = e.asDocument().first(); d != null; d = d.next()) {
                    visitor.document(bytes, d.valueOffset(), d.documentLength());
                }
            }
        }
        return id;
    }

    private static final byte DOCUMENT = 0x03;

    /** Tells the server to drop a cursor not read to its end (an error, a limit reached). */
    @Override
    public void close() {
        if (cursorId != 0) {
            try {
                run(new BsonDocument("killCursors", new BsonString(collection)).append("cursors",
                        new BsonArray(java.util.List.of(new BsonInt64(cursorId)))));
            } catch (RuntimeException e) {
                // the server drops it on its own after its timeout
            }
            cursorId = 0;
        }
    }

    /** Walks the elements of a BSON document in place: names and where each value is, nothing decoded. */
    static final class BsonReader {
        private final byte[] bytes;
        private final int start;
        private final int end;

        private BsonReader(byte[] bytes, int start) {
            this.bytes = bytes;
            this.start = start;
            this.end = start + int32(bytes, start);
        }

        static BsonReader document(byte[] bytes, int start) {
            return new BsonReader(bytes, start);
        }

        Element first() {
            return element(start + 4);
        }

        /** The embedded document or array under {@code name}; it must be there, of that type. */
        BsonReader field(String name, byte type) {
            for (Element e = first(); e != null; e = e.next()) {
                if (e.name().equals(name) && e.type == type) {
                    return e.asDocument();
                }
            }
            throw new IllegalStateException("the server's reply has no '" + name + "'");
        }

        private Element element(int at) {
            if (at >= end - 1 || bytes[at] == 0) {
                return null;
            }
            int nameEnd = at + 1;
            while (bytes[nameEnd] != 0) {
                nameEnd++;
            }
            return new Element(bytes[at], at + 1, nameEnd, nameEnd + 1);
        }

        final class Element {
            private final byte type;
            private final int nameStart;
            private final int nameEnd;
            private final int value;

            Element(byte type, int nameStart, int nameEnd, int value) {
                this.type = type;
                this.nameStart = nameStart;
                this.nameEnd = nameEnd;
                this.value = value;
            }

            String name() {
                return new String(bytes, nameStart, nameEnd - nameStart, java.nio.charset.StandardCharsets.UTF_8);
            }

            int valueOffset() {
                return value;
            }

            int documentLength() {
                return int32(bytes, value);
            }

            BsonReader asDocument() {
                return new BsonReader(bytes, value);
            }

            long longValue() {
                return switch (type) {
                    case 0x12 -> ByteBuffer.wrap(bytes, value, 8).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong();
                    case 0x10 -> int32(bytes, value);
                    case 0x01 -> (long) ByteBuffer.wrap(bytes, value, 8).order(java.nio.ByteOrder.LITTLE_ENDIAN).getDouble();
                    default -> throw new IllegalStateException("a cursor id of BSON type " + type);
                };
            }

            Element next() {
                return element(value + size());
            }

            private int size() {
                return switch (type) {
                    case 0x01, 0x09, 0x11, 0x12 -> 8;           // double, date, timestamp, int64
                    case 0x02, 0x0D, 0x0E -> 4 + int32(bytes, value); // string, code, symbol
                    case 0x03, 0x04, 0x0F -> int32(bytes, value);     // document, array, code with scope
                    case 0x05 -> 5 + int32(bytes, value);             // binary
                    case 0x06, 0x0A, (byte) 0xFF, 0x7F -> 0;          // undefined, null, min/max key
                    case 0x07 -> 12;                                  // ObjectId
                    case 0x08 -> 1;
                    case 0x0B -> regexSize();
                    case 0x0C -> 4 + int32(bytes, value) + 12;        // DBPointer
                    case 0x10 -> 4;
                    case 0x13 -> 16;
                    default -> throw new IllegalStateException("a reply element of unknown BSON type " + type);
                };
            }

            private int regexSize() {
                int at = value;
                for (int cstrings = 0; cstrings < 2; cstrings++) {
                    while (bytes[at] != 0) {
                        at++;
                    }
                    at++;
                }
                return at - value;
            }
        }
    }

    private static int int32(byte[] bytes, int at) {
        return (bytes[at] & 0xff) | (bytes[at + 1] & 0xff) << 8 | (bytes[at + 2] & 0xff) << 16 | (bytes[at + 3] & 0xff) << 24;
    }
}
