package io.monarch.stream;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The encryption wrapper alone: what it refuses, and that it holds a segment or two, never the archive. */
class EncryptionStreamsTest {
    private static final int SEGMENT = BackupKey.SEGMENT_BYTES;
    private static final String NAME = "production__app__20261124T093000Z";
    private final BackupKey key = BackupKey.of(bytes(32, 1), "backups.encryption.key");
    private final BackupKey other = BackupKey.of(bytes(32, 2), "backups.encryption.previous_keys[1]");

    @Test
    void aRoundTripGivesTheBytesBackAndTheCiphertextIsNotThem() throws Exception {
        byte[] plain = bytes(5 * SEGMENT + 12345, 7);
        byte[] cipher = encrypt(plain, key, NAME);
        assertTrue(cipher.length > plain.length && cipher.length < plain.length + 7 * 64, "overhead: " + (cipher.length - plain.length));
        assertFalse(Arrays.equals(Arrays.copyOf(cipher, 1000), Arrays.copyOf(plain, 1000)));
        assertArrayEquals(plain, decrypt(cipher, List.of(key), NAME));
        assertNotEquals(Arrays.toString(Arrays.copyOf(cipher, 64)), Arrays.toString(Arrays.copyOf(encrypt(plain, key, NAME), 64)),
                "each archive gets its own salt and nonce prefix");
    }

    @Test
    void closingTwiceWritesTheLastSegmentOnce() throws Exception {
        byte[] plain = bytes(SEGMENT + 5, 11);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        OutputStream encrypting = EncryptionStreams.encrypt(out, key, NAME);
        encrypting.write(plain);
        encrypting.close();
        int length = out.size();
        encrypting.close(); // a backup without compression closes it as the compressor and as itself
        assertEquals(length, out.size());
        assertArrayEquals(plain, decrypt(out.toByteArray(), List.of(key), NAME));
    }

    @Test
    void aKeyIdNamesTheKeyAndIsNotTheKey() {
        assertEquals(16, key.id().length());
        assertEquals(key.id(), BackupKey.of(bytes(32, 1), "elsewhere").id());
        assertNotEquals(key.id(), other.id());
    }

    @Test
    void aWrongKeyOrAnotherNameIsToldBeforeAnyPlaintextAndTheRightKeyIsFoundAmongSeveral() throws Exception {
        byte[] plain = bytes(3 * SEGMENT, 3);
        byte[] cipher = encrypt(plain, key, NAME);
        assertTrue(EncryptionStreams.decrypt(new ByteArrayInputStream(cipher), List.of(other), NAME).isEmpty());
        assertTrue(EncryptionStreams.decrypt(new ByteArrayInputStream(cipher), List.of(key), NAME + "x").isEmpty(),
                "the name is authenticated: a renamed archive does not decrypt");
        assertTrue(EncryptionStreams.decrypt(new ByteArrayInputStream(cipher), List.of(), NAME).isEmpty());
        assertArrayEquals(plain, decrypt(cipher, List.of(other, key), NAME));
    }

    @Test
    void aFlippedByteAfterTheFirstSegmentFailsWhereItIs() throws Exception {
        byte[] cipher = encrypt(bytes(4 * SEGMENT, 4), key, NAME);
        cipher[2 * SEGMENT + 100] ^= 0x01;
        InputStream in = EncryptionStreams.decrypt(new ByteArrayInputStream(cipher), List.of(key), NAME).orElseThrow();
        assertEquals(2 * SEGMENT - 100, in.readNBytes(2 * SEGMENT - 100).length, "the first two segments are whole");
        IOException e = assertThrows(IOException.class, in::readAllBytes);
        assertTrue(e.getMessage().startsWith("the encrypted archive does not authenticate in the segment that ends near byte "
                + (3 * SEGMENT + 1)) && !e.getMessage().contains("\n"), e.getMessage());
    }

    @Test
    void aFlippedByteInTheFirstSegmentIsRefusedAtOnce() throws Exception {
        byte[] cipher = encrypt(bytes(2 * SEGMENT, 4), key, NAME);
        cipher[500] ^= 0x20;
        assertTrue(EncryptionStreams.decrypt(new ByteArrayInputStream(cipher), List.of(key), NAME).isEmpty());
    }

    @Test
    void aTruncatedArchiveFailsEvenCutAtASegmentsEnd() throws Exception {
        byte[] cipher = encrypt(bytes(3 * SEGMENT + 10, 5), key, NAME);
        for (int length : new int[]{3 * SEGMENT, 2 * SEGMENT, 2 * SEGMENT + 777, cipher.length - 1}) {
            InputStream in = EncryptionStreams.decrypt(new ByteArrayInputStream(Arrays.copyOf(cipher, length)), List.of(key), NAME)
                    .orElseThrow();
            assertThrows(IOException.class, in::readAllBytes, "cut at " + length);
        }
    }

    @Test
    void segmentsInAnotherOrderAreRefused() throws Exception {
        byte[] cipher = encrypt(bytes(4 * SEGMENT, 6), key, NAME);
        byte[] swapped = cipher.clone();
        System.arraycopy(cipher, SEGMENT, swapped, 2 * SEGMENT, SEGMENT);
        System.arraycopy(cipher, 2 * SEGMENT, swapped, SEGMENT, SEGMENT);
        InputStream in = EncryptionStreams.decrypt(new ByteArrayInputStream(swapped), List.of(key), NAME).orElseThrow();
        assertThrows(IOException.class, in::readAllBytes);
    }

    /**
     * Memory stays flat: what goes in comes out within about one segment on writing, and reading takes from the
     * store at most about two segments ahead of what it hands on, whatever the size.
     */
    @Test
    void theStreamsHoldASegmentOrTwoNeverTheArchive() throws Exception {
        int total = 24 * SEGMENT;
        byte[] chunk = bytes(64 * 1024, 8);
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        long[] stored = {0};
        OutputStream counting = new FilterOutputStream(sink) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
                stored[0] += len;
            }
        };
        long written = 0;
        long mostHeld = 0;
        try (OutputStream encrypting = EncryptionStreams.encrypt(counting, key, NAME)) {
            while (written < total) {
                encrypting.write(chunk);
                written += chunk.length;
                mostHeld = Math.max(mostHeld, written - stored[0]);
            }
        }
        assertTrue(mostHeld <= SEGMENT, "the encrypting stream held " + mostHeld + " bytes");

        byte[] cipher = sink.toByteArray();
        long[] taken = {0};
        InputStream source = new FilterInputStream(new ByteArrayInputStream(cipher)) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = in.read(b, off, len);
                taken[0] += Math.max(n, 0);
                return n;
            }
        };
        InputStream decrypting = EncryptionStreams.decrypt(source, List.of(key), NAME).orElseThrow();
        long handed = 0;
        long mostAhead = 0;
        byte[] buffer = new byte[64 * 1024];
        for (int n; (n = decrypting.read(buffer)) >= 0; ) {
            handed += n;
            mostAhead = Math.max(mostAhead, taken[0] - handed);
        }
        assertEquals(total, handed);
        assertTrue(mostAhead <= 2L * SEGMENT + 64 * 1024, "the decrypting stream read " + mostAhead + " bytes ahead");
    }

    private static byte[] encrypt(byte[] plain, BackupKey key, String name) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream encrypting = EncryptionStreams.encrypt(out, key, name)) {
            encrypting.write(plain);
        }
        return out.toByteArray();
    }

    private static byte[] decrypt(byte[] cipher, List<BackupKey> keys, String name) throws IOException {
        try (InputStream in = EncryptionStreams.decrypt(new ByteArrayInputStream(cipher), keys, name).orElseThrow()) {
            return in.readAllBytes();
        }
    }

    private static byte[] bytes(int length, long seed) {
        byte[] b = new byte[length];
        new Random(seed).nextBytes(b);
        return b;
    }
}
