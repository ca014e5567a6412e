package io.monarch.intent;

import org.bson.RawBsonDocument;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An order-independent hash of a collection's documents: the sum, modulo 2^64, of each raw document's XXH64.
 * A sum, not a XOR, so that no two changes cancel out as pairs; order-independent, so that documents read by
 * several cursors, inserted by several workers and read back in any order give the same value, and segments'
 * hashes simply add up. Thread-safe.
 */
public final class ContentHash {
    private final AtomicLong sum = new AtomicLong();
    private final AtomicLong documents = new AtomicLong();

    /** One document's share of the hash: XXH64 of its bytes. */
    public static long of(RawBsonDocument document) {
        ByteBuffer buffer = document.getByteBuffer().asNIO();
        if (buffer.hasArray()) {
            return xxh64(buffer.array(), buffer.arrayOffset() + buffer.position(), buffer.remaining());
        }
        byte[] copy = new byte[buffer.remaining()];
        buffer.get(copy);
        return xxh64(copy, 0, copy.length);
    }

    public static long of(byte[] bson) {
        return xxh64(bson, 0, bson.length);
    }

    /** The share of the document {@code bytes[offset .. offset + length)}. */
    public static long of(byte[] bytes, int offset, int length) {
        return xxh64(bytes, offset, length);
    }

    /** Adds what a reader summed over {@code count} documents (or a segment loaded earlier). */
    public void add(long hash, long count) {
        sum.addAndGet(hash);
        documents.addAndGet(count);
    }

    public long value() {
        return sum.get();
    }

    public long documents() {
        return documents.get();
    }

    /** As manifests and messages write it: 16 hex digits. */
    public static String hex(long hash) {
        return String.format("%016x", hash);
    }

    private static final long P1 = 0x9E3779B185EBCA87L;
    private static final long P2 = 0xC2B2AE3D27D4EB4FL;
    private static final long P3 = 0x165667B19E3779F9L;
    private static final long P4 = 0x85EBCA77C2B2AE63L;
    private static final long P5 = 0x27D4EB2F165667C5L;
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INTS = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

    /** XXH64 with seed 0, as Yann Collet's reference computes it. */
    static long xxh64(byte[] b, int offset, int length) {
        int i = offset;
        int end = offset + length;
        long h;
        if (length >= 32) {
            long v1 = P1 + P2;
            long v2 = P2;
            long v3 = 0;
            long v4 = -P1;
            int limit = end - 32;
            do {
                v1 = round(v1, (long) LONGS.get(b, i));
                v2 = round(v2, (long) LONGS.get(b, i + 8));
                v3 = round(v3, (long) LONGS.get(b, i + 16));
                v4 = round(v4, (long) LONGS.get(b, i + 24));
                i += 32;
            } while (i <= limit);
            h = Long.rotateLeft(v1, 1) + Long.rotateLeft(v2, 7) + Long.rotateLeft(v3, 12) + Long.rotateLeft(v4, 18);
            h = merge(h, v1);
            h = merge(h, v2);
            h = merge(h, v3);
            h = merge(h, v4);
        } else {
            h = P5;
        }
        h += length;
        while (i + 8 <= end) {
            h ^= round(0, (long) LONGS.get(b, i));
            h = Long.rotateLeft(h, 27) * P1 + P4;
            i += 8;
        }
        if (i + 4 <= end) {
            h ^= ((int) INTS.get(b, i) & 0xFFFFFFFFL) * P1;
            h = Long.rotateLeft(h, 23) * P2 + P3;
            i += 4;
        }
        while (i < end) {
            h ^= (b[i] & 0xFFL) * P5;
            h = Long.rotateLeft(h, 11) * P1;
            i++;
        }
        h ^= h >>> 33;
        h *= P2;
        h ^= h >>> 29;
        h *= P3;
        h ^= h >>> 32;
        return h;
    }

    private static long round(long acc, long input) {
        acc += input * P2;
        acc = Long.rotateLeft(acc, 31);
        return acc * P1;
    }

    private static long merge(long h, long v) {
        h ^= round(0, v);
        return h * P1 + P4;
    }
}
