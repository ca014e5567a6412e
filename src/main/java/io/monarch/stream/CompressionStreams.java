package io.monarch.stream;

import com.github.luben.zstd.ZstdInputStream;
import com.github.luben.zstd.ZstdOutputStream;
import io.monarch.api.Compression;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.zip.Deflater;
import java.util.zip.GZIPInputStream;

/** Wraps archive streams in their compression, and recognises a compression by its magic bytes. */
public final class CompressionStreams {
    private static final int BUFFER = 1 << 16;

    private CompressionStreams() {
    }

    /**
     * gzip at the fastest level, deflated on every core (one gzip member all the same): deflating is what
     * bounds a gzip backup, and level 1 keeps closer to the cursor than the default for a modest size cost.
     * zstd also compresses on every core, with its own worker threads.
     */
    public static OutputStream compress(OutputStream out, Compression compression) throws IOException {
        int cores = compressionThreads();
        return switch (compression) {
            case GZIP -> new ParallelGzipOutputStream(out, Deflater.BEST_SPEED, cores);
            case ZSTD -> new ZstdOutputStream(out, 3).setWorkers(cores);
            case NONE -> out;
        };
    }

    /** Every core, up to 8: past that the cursor, not the compressor, is what a backup waits for. */
    static int compressionThreads() {
        return Math.min(8, Runtime.getRuntime().availableProcessors());
    }

    public static InputStream decompress(InputStream in, Compression compression) throws IOException {
        return switch (compression) {
            case GZIP -> new GZIPInputStream(in, BUFFER);
            case ZSTD -> new ZstdInputStream(in);
            case NONE -> in;
        };
    }

    /** Looks at the first bytes and decompresses accordingly: gzip (1f 8b), zstd (28 b5 2f fd) or none. */
    public static InputStream detect(InputStream raw) throws IOException {
        BufferedInputStream in = raw instanceof BufferedInputStream b ? b : new BufferedInputStream(raw, BUFFER);
        in.mark(4);
        byte[] head = in.readNBytes(4);
        in.reset();
        return decompress(in, detect(head));
    }

    public static Compression detect(byte[] head) {
        if (head.length >= 2 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b) {
            return Compression.GZIP;
        }
        if (head.length >= 4 && (head[0] & 0xff) == 0x28 && (head[1] & 0xff) == 0xb5 && (head[2] & 0xff) == 0x2f
                && (head[3] & 0xff) == 0xfd) {
            return Compression.ZSTD;
        }
        return Compression.NONE;
    }
}
