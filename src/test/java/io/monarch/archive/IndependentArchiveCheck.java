package io.monarch.archive;

import org.bson.BsonDocument;
import org.bson.json.JsonReader;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A second reading of an archive, written from mongo-tools' {@code common/archive/spec.md} alone and sharing
 * no code with {@link ArchiveReader}: its CRC is computed bit by bit, its framing walked over a ByteBuffer.
 * It fails the test on anything the spec does not allow, and returns each namespace's document count.
 */
public final class IndependentArchiveCheck {
    private static final long ECMA_REFLECTED = 0xC96C5795D7870F42L;

    private IndependentArchiveCheck() {
    }

    /** {@code bytes}: the uncompressed archive. Returns "db.collection" → documents, for every namespace with a body. */
    public static Map<String, Long> verify(byte[] bytes) {
        ByteBuffer in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(0x8199e26d, in.getInt(), "magic number");

        BsonDocument header = document(in);
        assertEquals(Set.of("concurrent_collections", "version", "server_version", "tool_version"), header.keySet());
        assertTrue(header.get("concurrent_collections").isInt32(), "concurrent_collections is an int32");
        assertEquals("0.1", header.getString("version").getValue());

        Map<String, BsonDocument> prelude = new LinkedHashMap<>();
        while (peekInt(in) != -1) {
            BsonDocument metadata = document(in);
            assertEquals(Set.of("db", "collection", "metadata", "size", "type"), metadata.keySet());
            String type = metadata.getString("type").getValue();
            assertTrue(Set.of("", "view", "timeseries").contains(type), "type " + type);
            BsonDocument parsed = BsonDocument.parse(metadata.getString("metadata").getValue());
            assertTrue(parsed.containsKey("indexes") || "view".equals(type), "metadata lists indexes: " + parsed);
            // canonical extended JSON reads back as a document
            new JsonReader(metadata.getString("metadata").getValue()).close();
            prelude.put(metadata.getString("db").getValue() + "." + metadata.getString("collection").getValue(), metadata);
        }
        in.getInt();

        Map<String, Long> counts = new HashMap<>();
        Map<String, Long> crcs = new HashMap<>();
        Set<String> ended = new java.util.HashSet<>();
        while (in.hasRemaining()) {
            BsonDocument nsHeader = document(in);
            assertEquals(Set.of("db", "collection", "EOF", "CRC"), nsHeader.keySet());
            assertTrue(nsHeader.get("CRC").isInt64(), "CRC is an int64");
            String namespace = nsHeader.getString("db").getValue() + "." + nsHeader.getString("collection").getValue();
            assertTrue(prelude.containsKey(namespace), namespace + " is in the prelude");
            assertFalse(ended.contains(namespace), namespace + " continues after its EOF");
            if (nsHeader.getBoolean("EOF").getValue()) {
                assertEquals(-1, in.getInt(), "terminator after the EOF block of " + namespace);
                long expected = crcs.getOrDefault(namespace, 0L);
                assertEquals(expected, nsHeader.getInt64("CRC").getValue(), "CRC-64 of " + namespace);
                counts.putIfAbsent(namespace, 0L);
                ended.add(namespace);
                continue;
            }
            assertEquals(0L, nsHeader.getInt64("CRC").getValue(), "a segment header's CRC is 0");
            assertTrue(peekInt(in) != -1, "a segment of " + namespace + " holds at least one document");
            while (peekInt(in) != -1) {
                int start = in.position();
                document(in);
                byte[] raw = Arrays.copyOfRange(bytes, start, in.position());
                crcs.put(namespace, crc(crcs.getOrDefault(namespace, 0L), raw));
                counts.merge(namespace, 1L, Long::sum);
            }
            in.getInt();
        }
        for (Map.Entry<String, BsonDocument> entry : prelude.entrySet()) {
            // every namespace ends in the body, a view too: mongorestore waits for each prelude namespace to end
            assertTrue(ended.contains(entry.getKey()), entry.getKey() + " has its EOF block");
            if (!"view".equals(entry.getValue().getString("type").getValue())) {
                // size: the estimated document count mongodump writes, 0 where unknown (a partial selection)
                long size = entry.getValue().getNumber("size").longValue();
                assertTrue(size == 0 || size == counts.get(entry.getKey()),
                        entry.getKey() + " prelude size " + size + " against " + counts.get(entry.getKey()) + " documents");
            } else if (counts.getOrDefault(entry.getKey(), 0L) != 0) {
                fail("view " + entry.getKey() + " has documents");
            }
        }
        return counts;
    }

    /** "db.collection" → the prelude's {@code size}, for every collection and view. */
    public static Map<String, Long> preludeSizes(byte[] bytes) {
        ByteBuffer in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        in.getInt();
        document(in);
        Map<String, Long> sizes = new HashMap<>();
        while (peekInt(in) != -1) {
            BsonDocument metadata = document(in);
            sizes.put(metadata.getString("db").getValue() + "." + metadata.getString("collection").getValue(),
                    metadata.getNumber("size").longValue());
        }
        return sizes;
    }

    private static int peekInt(ByteBuffer in) {
        return in.getInt(in.position());
    }

    private static BsonDocument document(ByteBuffer in) {
        int length = peekInt(in);
        assertTrue(length >= 5 && length <= in.remaining(), "document length " + length + " at " + in.position());
        byte[] raw = new byte[length];
        in.get(raw);
        assertEquals(0, raw[length - 1], "document ends with a zero byte");
        return new org.bson.codecs.BsonDocumentCodec().decode(new org.bson.BsonBinaryReader(ByteBuffer.wrap(raw)),
                org.bson.codecs.DecoderContext.builder().build());
    }

    /** Go's crc64.Update with the ECMA table, one bit at a time. */
    static long crc(long previous, byte[] data) {
        long crc = ~previous;
        for (byte b : data) {
            crc ^= b & 0xFF;
            for (int bit = 0; bit < 8; bit++) {
                crc = (crc & 1) != 0 ? (crc >>> 1) ^ ECMA_REFLECTED : crc >>> 1;
            }
        }
        return ~crc;
    }
}
