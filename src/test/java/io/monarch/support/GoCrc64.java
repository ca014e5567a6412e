package io.monarch.support;

/**
 * CRC-64 as Go's {@code hash/crc64} computes it with {@code crc64.MakeTable(crc64.ECMA)}: the reflected ECMA-182
 * polynomial, the register inverted before and after each update. mongodump's multiplexer feeds every document of
 * a namespace through one such hash and writes {@code Sum64()} into the namespace's EOF header. Written here from
 * Go's algorithm so the fixtures do not lean on monarch's own {@code Crc64}.
 */
final class GoCrc64 {
    private static final long ECMA_REFLECTED = 0xC96C5795D7870F42L;
    private static final long[] TABLE = new long[256];

    static {
        for (int i = 0; i < 256; i++) {
            long crc = i;
            for (int bit = 0; bit < 8; bit++) {
                crc = (crc & 1) != 0 ? (crc >>> 1) ^ ECMA_REFLECTED : crc >>> 1;
            }
            TABLE[i] = crc;
        }
    }

    private GoCrc64() {
    }

    /** Go's {@code crc64.Update(previous, table, data)}. */
    static long update(long previous, byte[] data) {
        long crc = ~previous;
        for (byte b : data) {
            crc = TABLE[(int) ((crc ^ b) & 0xFF)] ^ (crc >>> 8);
        }
        return ~crc;
    }
}
