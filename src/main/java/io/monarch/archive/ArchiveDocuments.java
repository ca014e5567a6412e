package io.monarch.archive;

import org.bson.BsonBinaryReader;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonInt64;
import org.bson.BsonValue;
import org.bson.RawBsonDocument;
import org.bson.codecs.BsonDocumentCodec;
import org.bson.codecs.DecoderContext;

import java.nio.ByteBuffer;
import java.util.Set;

/** The small BSON documents that frame an archive (header, prelude entries, namespace headers), to and from bytes. */
final class ArchiveDocuments {
    static final int MAGIC = 0x8199e26d;
    static final int TERMINATOR = 0xFFFFFFFF;
    /** The server's largest document (16 MiB) plus the 16 KiB it allows internally, as the tools accept. */
    static final int MAX_DOCUMENT = 16 * 1024 * 1024 + 16 * 1024;
    static final int MIN_DOCUMENT = 5;

    private ArchiveDocuments() {
    }

    static byte[] encode(BsonDocument document) {
        RawBsonDocument raw = new RawBsonDocument(document, new BsonDocumentCodec());
        ByteBuffer buffer = raw.getByteBuffer().asNIO();
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return bytes;
    }

    static BsonDocument decode(byte[] bytes, String what) throws ArchiveFormatException {
        try {
            return new BsonDocumentCodec().decode(new BsonBinaryReader(ByteBuffer.wrap(bytes)), DecoderContext.builder().build());
        } catch (RuntimeException e) {
            throw new ArchiveFormatException("the archive's " + what + " is not valid BSON: " + e.getMessage());
        }
    }

    /** An int32 when it fits, as Go's driver writes an {@code int}; int64 otherwise. */
    static BsonValue integer(long value) {
        return value == (int) value ? new BsonInt32((int) value) : new BsonInt64(value);
    }

    /**
     * Refuses a framing document with a key missing or one mongodump never writes: no checksum covers these
     * documents, so a damaged key (a flipped byte in "metadata") would otherwise pass silently.
     */
    static void checkKeys(BsonDocument document, Set<String> required, Set<String> optional, String what)
            throws ArchiveFormatException {
        for (String key : required) {
            if (!document.containsKey(key)) {
                throw new ArchiveFormatException("the archive's " + what + " has no '" + key + "': it is damaged (" + document.toJson() + ")");
            }
        }
        for (String key : document.keySet()) {
            if (!required.contains(key) && !optional.contains(key)) {
                throw new ArchiveFormatException("the archive's " + what + " has a key '" + key
                        + "' that mongodump never writes: it is damaged (" + document.toJson() + ")");
            }
        }
    }

    static String string(BsonDocument document, String key, String what) throws ArchiveFormatException {
        BsonValue value = document.get(key);
        if (value == null || !value.isString()) {
            throw new ArchiveFormatException("the archive's " + what + " has no string field '" + key + "': " + document.toJson());
        }
        return value.asString().getValue();
    }

    static long number(BsonDocument document, String key, String what) throws ArchiveFormatException {
        BsonValue value = document.get(key);
        if (value == null || !value.isNumber()) {
            throw new ArchiveFormatException("the archive's " + what + " has no number field '" + key + "': " + document.toJson());
        }
        return value.asNumber().longValue();
    }

    static void writeInt(byte[] target, int offset, int value) {
        target[offset] = (byte) value;
        target[offset + 1] = (byte) (value >>> 8);
        target[offset + 2] = (byte) (value >>> 16);
        target[offset + 3] = (byte) (value >>> 24);
    }

    static int readInt(byte[] source, int offset) {
        return (source[offset] & 0xFF) | (source[offset + 1] & 0xFF) << 8 | (source[offset + 2] & 0xFF) << 16
                | (source[offset + 3] & 0xFF) << 24;
    }
}
