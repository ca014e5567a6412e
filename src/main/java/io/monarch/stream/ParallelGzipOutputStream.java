package io.monarch.stream;

import io.monarch.concurrent.Workers;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * A gzip stream whose deflating is spread over several threads, as pigz does: the input is cut into blocks,
 * each block is deflated on its own with the 32 KiB before it as its dictionary and ended on a byte boundary
 * (a sync flush), and the compressed blocks are written in order. The output is one ordinary gzip member
 * that any gzip reader (mongorestore's, zlib's, Java's) reads, within a percent or so of the size a single
 * thread gives; a single deflate thread is what bound gzip backups, far below the cursor's speed.
 *
 * <p>At most {@code threads + 2} blocks are in flight, so memory stays a few MiB whatever the size. The CRC-32
 * of the whole input is taken as it is written (a CPU instruction, far cheaper than deflating).
 */
final class ParallelGzipOutputStream extends OutputStream {
    static final int BLOCK = 1 << 20;
    private static final int DICTIONARY = 32 * 1024;
    private static final byte[] HEADER = {0x1f, (byte) 0x8b, Deflater.DEFLATED, 0, 0, 0, 0, 0, 0, (byte) 0xff};

    private final OutputStream out;
    private final int level;
    private final ExecutorService pool;
    private final int maxInFlight;
    private final ArrayDeque<Future<byte[]>> inFlight = new ArrayDeque<>();
    private final CRC32 crc = new CRC32();
    private byte[] block = new byte[BLOCK];
    private int used;
    /** The last {@value #DICTIONARY} bytes of the block before the one being filled: its dictionary. */
    private byte[] dictionary = new byte[0];
    private long total;
    private boolean closed;

    ParallelGzipOutputStream(OutputStream out, int level, int threads) throws IOException {
        this.out = out;
        this.level = level;
        this.maxInFlight = threads + 2; // every thread busy, and the next blocks ready for them
        this.pool = Workers.fixed("gzip", threads);
        out.write(HEADER);
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        if (closed) {
            throw new IOException("the gzip stream is closed");
        }
        crc.update(bytes, offset, length);
        total += length;
        while (length > 0) {
            int taken = Math.min(length, block.length - used);
            System.arraycopy(bytes, offset, block, used, taken);
            used += taken;
            offset += taken;
            length -= taken;
            if (used == block.length) {
                submit(false);
            }
        }
    }

    /** Compressed blocks go out in order only; a flush here would cost a block boundary, so it passes on only. */
    @Override
    public void flush() throws IOException {
        out.flush();
    }

    /** Deflates what is left as the final block, writes everything in order and the trailer, and closes {@code out}. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            submit(true);
            while (!inFlight.isEmpty()) {
                writeOldest();
            }
            byte[] trailer = new byte[8];
            writeIntLE(trailer, 0, (int) crc.getValue());
            writeIntLE(trailer, 4, (int) total); // ISIZE is the length modulo 2^32
            out.write(trailer);
            out.close();
        } finally {
            pool.shutdownNow();
        }
    }

    private void submit(boolean last) throws IOException {
        byte[] input = block;
        int length = used;
        byte[] dict = dictionary;
        if (!last) {
            dictionary = Arrays.copyOfRange(input, Math.max(0, length - DICTIONARY), length);
            block = new byte[BLOCK];
            used = 0;
        }
        if (inFlight.size() >= maxInFlight) {
            writeOldest();
        }
        inFlight.add(pool.submit(() -> deflate(input, length, dict, last)));
    }

    private byte[] deflate(byte[] input, int length, byte[] dict, boolean last) {
        Deflater deflater = new Deflater(level, true);
        try {
            if (dict.length > 0) {
                deflater.setDictionary(dict);
            }
            deflater.setInput(input, 0, length);
            ByteArrayOutputStream compressed = new ByteArrayOutputStream(length / 2 + 64);
            byte[] chunk = new byte[64 * 1024];
            if (last) {
                deflater.finish();
                while (!deflater.finished()) {
                    compressed.write(chunk, 0, deflater.deflate(chunk));
                }
            } else {
                // a sync flush ends the block on a byte boundary, so the next block's bytes simply follow it
                int n;
                do {
                    n = deflater.deflate(chunk, 0, chunk.length, Deflater.SYNC_FLUSH);
                    compressed.write(chunk, 0, n);
                } while (n == chunk.length || !deflater.needsInput());
            }
            return compressed.toByteArray();
        } finally {
            deflater.end();
        }
    }

    private void writeOldest() throws IOException {
        Future<byte[]> oldest = inFlight.poll();
        out.write(Workers.await(oldest));
    }

    private static void writeIntLE(byte[] bytes, int at, int value) {
        bytes[at] = (byte) value;
        bytes[at + 1] = (byte) (value >>> 8);
        bytes[at + 2] = (byte) (value >>> 16);
        bytes[at + 3] = (byte) (value >>> 24);
    }
}
