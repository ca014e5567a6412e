package io.monarch.archive;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * CRC-64 with the ECMA-182 polynomial, computed exactly as Go's {@code hash/crc64} does with
 * {@code crc64.MakeTable(crc64.ECMA)} (reflected, initial value and final xor all ones): the checksum
 * mongodump writes in each collection's EOF block. Eight bytes a step (slicing-by-8), because every byte
 * of every backup goes through it.
 */
public final class Crc64 {
    private static final long POLY = 0xC96C5795D7870F42L; // ECMA-182, bit-reversed
    private static final long[][] TABLES = tables();

    private static final VarHandle LITTLE_ENDIAN_LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private long state = ~0L;

    public void update(byte[] bytes, int offset, int length) {
        long crc = state;
        int i = offset;
        int end = offset + length;
        long[] t0 = TABLES[0], t1 = TABLES[1], t2 = TABLES[2], t3 = TABLES[3];
        long[] t4 = TABLES[4], t5 = TABLES[5], t6 = TABLES[6], t7 = TABLES[7];
        while (end - i >= 8) {
            crc ^= (long) LITTLE_ENDIAN_LONG.get(bytes, i);
            crc = t7[(int) (crc & 0xFF)] ^ t6[(int) ((crc >>> 8) & 0xFF)] ^ t5[(int) ((crc >>> 16) & 0xFF)]
                    ^ t4[(int) ((crc >>> 24) & 0xFF)] ^ t3[(int) ((crc >>> 32) & 0xFF)] ^ t2[(int) ((crc >>> 40) & 0xFF)]
                    ^ t1[(int) ((crc >>> 48) & 0xFF)] ^ t0[(int) (crc >>> 56)];
            i += 8;
        }
        while (i < end) {
            crc = t0[(int) ((crc ^ bytes[i++]) & 0xFF)] ^ (crc >>> 8);
        }
        state = crc;
    }

    /** The checksum of every byte given so far (0 for none, as Go's). */
    public long value() {
        return ~state;
    }

    public static long of(byte[] bytes) {
        Crc64 crc = new Crc64();
        crc.update(bytes, 0, bytes.length);
        return crc.value();
    }

    private static long[][] tables() {
        long[][] tables = new long[8][256];
        for (int n = 0; n < 256; n++) {
            long crc = n;
            for (int bit = 0; bit < 8; bit++) {
                crc = (crc & 1) != 0 ? (crc >>> 1) ^ POLY : crc >>> 1;
            }
            tables[0][n] = crc;
        }
        for (int k = 1; k < 8; k++) {
            for (int n = 0; n < 256; n++) {
                long previous = tables[k - 1][n];
                tables[k][n] = (previous >>> 8) ^ tables[0][(int) (previous & 0xFF)];
            }
        }
        return tables;
    }
}
