package io.monarch.stream;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.zip.Deflater;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** gzip backups are deflated on several threads; whatever reads gzip must still read them byte for byte. */
class ParallelGzipOutputStreamTest {
    private static final int BLOCK = ParallelGzipOutputStream.BLOCK;

    @Test
    void everySizeAroundTheBlockBoundariesReadsBackExactly() throws IOException {
        for (int size : new int[] {0, 1, BLOCK - 1, BLOCK, BLOCK + 1, 3 * BLOCK + 12_345}) {
            for (byte[] data : new byte[][] {text(size, 1), noise(size, 2)}) {
                byte[] gz = gzip(data, 3, 7_001);
                assertArrayEquals(data, gunzip(gz), "size " + size);
            }
        }
    }

    @Test
    void theSystemGzipReadsItAsOneValidMember() throws Exception {
        assumeTrue(onPath("gzip"), "no gzip program on this machine; GZIPInputStream is the reader checked then");
        byte[] data = text(4 * BLOCK + 99, 3);
        Path file = Files.createTempFile("parallel", ".gz");
        try {
            Files.write(file, gzip(data, 4, 65_536));
            Process gunzip = new ProcessBuilder("gzip", "-dc", file.toString()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            byte[] read = gunzip.getInputStream().readAllBytes();
            assertTrue(gunzip.waitFor(60, TimeUnit.SECONDS));
            assertEquals(0, gunzip.exitValue(), "gzip -d rejected the stream");
            assertArrayEquals(data, read);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    @Test
    void compressesAsWellAsOneThread() throws IOException {
        byte[] data = text(6 * BLOCK, 4);
        ByteArrayOutputStream single = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(single) {
            {
                def.setLevel(Deflater.BEST_SPEED);
            }
        }) {
            gzip.write(data);
        }
        int parallel = gzip(data, 4, BLOCK).length;
        assertTrue(parallel < single.size() * 1.01, "parallel " + parallel + " bytes against one thread's " + single.size());
    }

    @Test
    void aFailingStoreFailsTheWriteAndTheThreadsEnd() throws Exception {
        OutputStream failing = new OutputStream() {
            private long written;

            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                written += len;
                if (written > 2 * BLOCK / 3) {
                    throw new IOException("No space left on device");
                }
            }
        };
        byte[] data = noise(20 * BLOCK, 5);
        IOException failure = assertThrows(IOException.class, () -> {
            try (ParallelGzipOutputStream gzip = new ParallelGzipOutputStream(failing, Deflater.BEST_SPEED, 2)) {
                gzip.write(data);
            }
        });
        assertTrue(failure.getMessage().contains("No space left on device"), failure.getMessage());
        for (int i = 0; i < 50 && gzipThreads() > 0; i++) {
            Thread.sleep(100);
        }
        assertEquals(0, gzipThreads(), "compressor threads outlived the failed stream");
    }

    private static long gzipThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals("monarch-gzip")).count();
    }

    private static byte[] gzip(byte[] data, int threads, int chunk) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ParallelGzipOutputStream gzip = new ParallelGzipOutputStream(out, Deflater.BEST_SPEED, threads)) {
            for (int at = 0; at < data.length; at += chunk) {
                gzip.write(data, at, Math.min(chunk, data.length - at));
            }
        }
        return out.toByteArray();
    }

    private static byte[] gunzip(byte[] gz) throws IOException {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
            return in.readAllBytes();
        }
    }

    /** Compressible: words repeating at distances that cross block boundaries. */
    private static byte[] text(int size, long seed) {
        String[] words = {"account", "payment", "refund", "2026-11-25", "amount", "currency", "EUR", "status"};
        Random random = new Random(seed);
        byte[] data = new byte[size];
        int at = 0;
        while (at < size) {
            byte[] word = (words[random.nextInt(words.length)] + (random.nextInt(10) == 0 ? "\n" : " ")).getBytes();
            int n = Math.min(word.length, size - at);
            System.arraycopy(word, 0, data, at, n);
            at += n;
        }
        return data;
    }

    private static byte[] noise(int size, long seed) {
        byte[] data = new byte[size];
        new Random(seed).nextBytes(data);
        return data;
    }

    private static boolean onPath(String program) {
        return Arrays.stream(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, program)));
    }
}
