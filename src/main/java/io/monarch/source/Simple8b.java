package io.monarch.source;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads MongoDB's Simple-8b blocks as BSON columns use them: little-endian 64-bit words whose low 4 bits (the
 * selector) say how many equal-width slots the other 60 bits hold. A slot of all ones is a skip (a missing value);
 * selectors 7 and 8 may carry a 4-bit extension whose slots end in a count of trailing zeros; selector 15 repeats
 * the previous value 120 times per unit of its extension.
 */
final class Simple8b {

    private static final BigInteger MASK_128 = BigInteger.ONE.shiftLeft(128).subtract(BigInteger.ONE);

    private Simple8b() {
    }

    /** One block layout: slots of {@code valueBits + countBits} bits from bit {@code firstBit}; the count scales by {@code zerosPerCount}. */
    private record Layout(int slots, int valueBits, int countBits, int zerosPerCount, int firstBit) {
        int slotBits() {
            return valueBits + countBits;
        }
    }

    // Base selectors 1..14: number of slots and bits per slot.
    private static final int[] BASE_SLOTS = {0, 60, 30, 20, 15, 12, 10, 8, 7, 6, 5, 4, 3, 2, 1};
    private static final int[] BASE_BITS = {0, 1, 2, 3, 4, 5, 6, 7, 8, 10, 12, 15, 20, 30, 60};
    // Selector 7 with extension 1..9: value bits; a 4-bit count of single trailing zeros follows each value.
    private static final int[] SEVEN_BITS = {0, 2, 3, 4, 5, 7, 10, 14, 24, 52};
    // Selector 8 with extension 1..7: a 4-bit count of trailing nibbles; 8..13: a 5-bit one.
    private static final int[] EIGHT_BITS = {0, 4, 5, 7, 10, 14, 24, 52, 4, 6, 9, 13, 23, 51};

    private static Layout layout(long word) throws InvalidColumnException {
        int selector = (int) (word & 0xF);
        int extension = (int) ((word >>> 4) & 0xF);
        if (selector == 0) {
            throw new InvalidColumnException("Simple-8b block with selector 0");
        }
        if (selector == 7 && extension != 0) {
            if (extension > 9) {
                throw new InvalidColumnException("Simple-8b selector 7 with extension " + extension);
            }
            return fitting(SEVEN_BITS[extension], 4, 1);
        }
        if (selector == 8 && extension != 0) {
            if (extension > 13) {
                throw new InvalidColumnException("Simple-8b selector 8 with extension " + extension);
            }
            return fitting(EIGHT_BITS[extension], extension <= 7 ? 4 : 5, 4);
        }
        // Selectors 7 and 8 without extension still leave their 4 spare bits after the selector.
        int firstBit = selector == 7 || selector == 8 ? 8 : 4;
        return new Layout(BASE_SLOTS[selector], BASE_BITS[selector], 0, 0, firstBit);
    }

    private static Layout fitting(int valueBits, int countBits, int zerosPerCount) {
        return new Layout(56 / (valueBits + countBits), valueBits, countBits, zerosPerCount, 8);
    }

    /**
     * The values of {@code blocks} words from {@code offset}, a skip as null. {@code previous} is what a run-length
     * block at the start repeats. A 64-bit column shifts its trailing zeros modulo 64 and keeps the low 64 bits;
     * a 128-bit one keeps 128.
     */
    static List<BigInteger> decode(byte[] bytes, int offset, int blocks, boolean wide, BigInteger previous)
            throws InvalidColumnException {
        List<BigInteger> values = new ArrayList<>();
        BigInteger last = previous;
        for (int b = 0; b < blocks; b++) {
            long word = littleEndianLong(bytes, offset + 8 * b);
            if ((word & 0xF) == 15) {
                int repeats = (int) (((word >>> 4) & 0xF) + 1) * 120;
                for (int i = 0; i < repeats; i++) {
                    values.add(last);
                }
                continue;
            }
            Layout layout = layout(word);
            long slotMask = layout.slotBits() == 64 ? -1L : (1L << layout.slotBits()) - 1;
            for (int i = 0; i < layout.slots(); i++) {
                long slot = (word >>> (layout.firstBit() + i * layout.slotBits())) & slotMask;
                if (slot == slotMask) {
                    last = null;
                } else {
                    long significand = slot >>> layout.countBits();
                    int zeros = (int) (slot & ((1L << layout.countBits()) - 1)) * layout.zerosPerCount();
                    last = wide
                            ? BigInteger.valueOf(significand).shiftLeft(zeros).and(MASK_128)
                            : unsigned(significand << (zeros % 64));
                }
                values.add(last);
            }
        }
        return values;
    }

    static BigInteger unsigned(long value) {
        BigInteger big = BigInteger.valueOf(value);
        return value < 0 ? big.add(BigInteger.ONE.shiftLeft(64)) : big;
    }

    static long littleEndianLong(byte[] bytes, int offset) {
        long value = 0;
        for (int i = 7; i >= 0; i--) {
            value = (value << 8) | (bytes[offset + i] & 0xFF);
        }
        return value;
    }

    /** Thrown for bytes that are not a BSON column; the bucket code adds which bucket and field. */
    static final class InvalidColumnException extends Exception {
        InvalidColumnException(String message) {
            super(message);
        }
    }
}
