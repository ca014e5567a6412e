package io.monarch.archive;

import org.bson.BsonBinary;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonString;
import org.bson.RawBsonDocument;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ArchiveRoundTripTest {
    private static final String METADATA = "{\"options\":{},\"indexes\":[{\"v\":2,\"key\":{\"_id\":1},\"name\":\"_id_\"}]}";

    @Test
    void crcIsGosEcmaCrc64() {
        // Go: crc64.Checksum([]byte("123456789"), crc64.MakeTable(crc64.ECMA)) == 0x995dc9bbdf1939fa
        byte[] check = "123456789".getBytes(StandardCharsets.US_ASCII);
        assertEquals(0x995dc9bbdf1939faL, Crc64.of(check));
        assertEquals(0L, Crc64.of(new byte[0]));
        byte[] longer = new byte[1000];
        for (int i = 0; i < longer.length; i++) {
            longer[i] = (byte) (i * 31 + 7);
        }
        assertEquals(IndependentArchiveCheck.crc(0, longer), Crc64.of(longer));
        Crc64 split = new Crc64();
        split.update(longer, 0, 13);
        split.update(longer, 13, longer.length - 13);
        assertEquals(Crc64.of(longer), split.value());
    }

    @Test
    void parallelWritersInterleaveIntoOneValidArchiveThatReadsBack() throws Exception {
        byte[] archive = write(4, 3000, 20);
        Map<String, Long> counts = IndependentArchiveCheck.verify(archive);
        assertEquals(Map.of("db.c0", 3000L, "db.c1", 3000L, "db.c2", 3000L, "db.c3", 3000L, "db.empty", 0L, "db.a_view", 0L), counts);

        ArchiveReader reader = new ArchiveReader(new ByteArrayInputStream(archive));
        assertEquals(6, reader.readPrelude().size());
        assertEquals("0.1", reader.header().formatVersion());
        Map<String, Long> read = new java.util.HashMap<>();
        Map<String, Long> ended = new java.util.HashMap<>();
        reader.readBody(new ArchiveReader.BodyVisitor() {
            @Override
            public void document(String database, String collection, byte[] bson) {
                int n = new RawBsonDocument(bson).getInt32("n").getValue();
                long seen = read.merge(collection, 1L, Long::sum);
                assertEquals(seen - 1, n, "documents of a collection arrive in order");
            }

            @Override
            public void end(String database, String collection, long documents, long crc) {
                ended.put(collection, documents);
            }
        });
        assertEquals(Map.of("c0", 3000L, "c1", 3000L, "c2", 3000L, "c3", 3000L, "empty", 0L, "a_view", 0L), ended);
    }

    @Test
    void documentsLargerThanASegmentPassThrough() throws Exception {
        byte[] archive = write(1, 3, 3 * NamespaceWriter.SEGMENT_BYTES / 2);
        assertEquals(3L, IndependentArchiveCheck.verify(archive).get("db.c0"));
    }

    @Test
    void everyFlippedByteInTheBodyOrCutIsCaught() throws Exception {
        byte[] archive = write(2, 50, 10);
        int bodyStart = bodyStart(archive);
        for (int i = bodyStart; i < archive.length; i += 7) {
            byte[] damaged = archive.clone();
            damaged[i] ^= 0x5A;
            assertThrows(IOException.class, () -> readAll(damaged), "flip at " + i);
        }
        for (int cut = archive.length - 1; cut > 0; cut -= 97) {
            byte[] truncated = java.util.Arrays.copyOf(archive, cut);
            assertThrows(ArchiveFormatException.class, () -> readAll(truncated), "cut at " + cut);
        }
    }

    @Test
    void notAnArchiveIsSaidSo() {
        ArchiveFormatException e = assertThrows(ArchiveFormatException.class,
                () -> new ArchiveReader(new ByteArrayInputStream("hello world".getBytes())).readPrelude());
        assertTrue(e.getMessage().contains("not a mongodump archive"), e.getMessage());
    }

    private static void readAll(byte[] archive) throws IOException {
        new ArchiveReader(new ByteArrayInputStream(archive)).readBody(new ArchiveReader.BodyVisitor() {
            @Override
            public void document(String database, String collection, byte[] bson) {
                // a flipped byte inside a document leaves its framing intact: the CRC at its end catches it
            }

            @Override
            public void end(String database, String collection, long documents, long crc) {
            }
        });
    }

    private static int bodyStart(byte[] archive) throws IOException {
        ByteArrayInputStream in = new ByteArrayInputStream(archive);
        new ArchiveReader(in).readPrelude();
        return archive.length - in.available();
    }

    private static byte[] write(int collections, int documents, int payload) throws Exception {
        List<ArchiveCollection> prelude = new ArrayList<>();
        for (int c = 0; c < collections; c++) {
            prelude.add(new ArchiveCollection("db", "c" + c, METADATA, 0, ""));
        }
        prelude.add(new ArchiveCollection("db", "empty", METADATA, 0, ""));
        prelude.add(new ArchiveCollection("db", "a_view", "{\"options\":{\"viewOn\":\"c0\",\"pipeline\":[]},\"indexes\":[]}", 0, "view"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ArchiveWriter writer = new ArchiveWriter(out, new ArchiveHeader(collections, "0.1", "7.0.0", "monarch test"), prelude);
        ExecutorService pool = Executors.newFixedThreadPool(collections);
        List<Future<?>> futures = new ArrayList<>();
        for (int c = 0; c < collections; c++) {
            String name = "c" + c;
            futures.add(pool.submit(() -> {
                try (NamespaceWriter ns = writer.namespace("db", name)) {
                    for (int i = 0; i < documents; i++) {
                        ns.write(new RawBsonDocument(new BsonDocument("n", new BsonInt32(i))
                                .append("s", new BsonString(name)).append("b", new BsonBinary(new byte[payload])),
                                new org.bson.codecs.BsonDocumentCodec()));
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : futures) {
            f.get();
        }
        pool.shutdown();
        writer.namespace("db", "empty").close();
        writer.namespace("db", "a_view").close();
        writer.close();
        return out.toByteArray();
    }
}
