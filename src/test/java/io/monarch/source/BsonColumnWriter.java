package io.monarch.source;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.bson.BsonBinary;
import org.bson.BsonBinarySubType;
import org.bson.BsonDocument;
import org.bson.BsonValue;
import org.bson.RawBsonDocument;
import org.bson.codecs.BsonDocumentCodec;
import org.bson.types.Decimal128;

/**
 * Writes BSON columns (BinData subtype 7) from the format's description alone, sharing no code with
 * {@link BsonColumn}: the test oracle for the decoder, as {@code IndependentArchiveCheck} is for archives.
 *
 * <p>Format, as MongoDB's server source describes it: control entries ended by a 0 byte. A literal is a BSON element
 * with an empty name. A delta run is a control byte {@code 0b1SSS_NNNN} (S: a double's scale 1, 10, 100, 10^4, 10^8,
 * or its bits as an integer; N+1: how many 64-bit Simple-8b words follow). Each slot is a zig-zag delta from the value
 * before (ObjectId, date and timestamp: a delta of the delta); a slot of all ones is a missing value. Selector (low
 * nibble) 1..14 packs 60/30/20/15/12/10/8/7/6/5/4/3/2/1 slots of 1/2/3/4/5/6/7/8/10/12/15/20/30/60 bits (7 and 8
 * from bit 8); selector 7 with extension e (bits 4..7) packs 2/3/4/5/7/10/14/24/52-bit values with 4 bits of
 * trailing-zero count; selector 8 with e in 1..7 packs 4/5/7/10/14/24/52-bit values with 4 bits counting zero
 * nibbles, e in 8..13 4/6/9/13/23/51-bit values with 5 bits counting zero nibbles; selector 15 repeats the previous
 * slot 120 x (e+1) times (0 at the start of a run after a literal). Strings (reversed), binaries and decimals up to 16
 * bytes are 128-bit integers. An interleaved run (0xF1) is a reference object, then one delta stream per scalar of it,
 * each stream's control entries placed where a row first needs them, then a 0 byte.
 */
final class BsonColumnWriter {

    private static final BigInteger TWO_64 = BigInteger.ONE.shiftLeft(64);
    private static final BigInteger TWO_128 = BigInteger.ONE.shiftLeft(128);
    private static final double[] SCALES = {1, 10, 100, 10_000, 100_000_000};

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    /** A whole column of values (null: missing), literals and delta runs chosen as a simple encoder would. */
    static BsonBinary column(List<BsonValue> values) {
        BsonColumnWriter writer = new BsonColumnWriter();
        writer.values(values);
        return writer.end();
    }

    BsonBinary end() {
        out.write(0);
        return new BsonBinary(BsonBinarySubType.COLUMN, out.toByteArray());
    }

    byte[] bytes() {
        return out.toByteArray();
    }

    BsonColumnWriter raw(int... bytes) {
        for (int b : bytes) {
            out.write(b);
        }
        return this;
    }

    BsonColumnWriter literal(BsonValue value) {
        byte[] document = new RawBsonDocument(new BsonDocument("", value), new BsonDocumentCodec()).getByteBuffer()
                .array();
        // Document = int32 size, element (type, "" + 0, value), 0: keep the element.
        int length = ByteBuffer.wrap(document, 0, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
        out.write(document, 4, length - 5);
        return this;
    }

    /** One delta run's control byte and words. */
    BsonColumnWriter run(int scaleNibble, long... words) {
        out.write(scaleNibble << 4 | (words.length - 1));
        ByteBuffer buffer = ByteBuffer.allocate(8 * words.length).order(ByteOrder.LITTLE_ENDIAN);
        for (long word : words) {
            buffer.putLong(word);
        }
        out.write(buffer.array(), 0, buffer.capacity());
        return this;
    }

    // ---- words ----

    /** A base-selector word: slots from bit 4 (bit 8 for selectors 7 and 8); null is a skip (all ones). */
    static long word(int selector, Long... slots) {
        int[] bits = {0, 1, 2, 3, 4, 5, 6, 7, 8, 10, 12, 15, 20, 30, 60};
        int width = bits[selector];
        long word = selector;
        int shift = selector == 7 || selector == 8 ? 8 : 4;
        for (Long slot : slots) {
            long value = slot == null ? (1L << width) - 1 : slot;
            word |= value << shift;
            shift += width;
        }
        return word;
    }

    static long runLength(int hundredTwenties) {
        return 15 | (long) (hundredTwenties - 1) << 4;
    }

    static long zigZag(long delta) {
        return (delta << 1) ^ (delta >> 63);
    }

    // ---- the simple encoder ----

    /** A slot layout: value bits, count bits, zeros per count unit, selector and extension. */
    private record Layout(int slots, int valueBits, int countBits, int zerosPerCount, int selector, int extension) {
        int firstBit() {
            return selector == 7 || selector == 8 ? 8 : 4;
        }

        int slotBits() {
            return valueBits + countBits;
        }
    }

    private static final List<Layout> LAYOUTS = layouts();

    private static List<Layout> layouts() {
        List<Layout> layouts = new ArrayList<>();
        int[] slots = {0, 60, 30, 20, 15, 12, 10, 8, 7, 6, 5, 4, 3, 2, 1};
        int[] bits = {0, 1, 2, 3, 4, 5, 6, 7, 8, 10, 12, 15, 20, 30, 60};
        for (int s = 1; s <= 14; s++) {
            layouts.add(new Layout(slots[s], bits[s], 0, 0, s, 0));
        }
        int[] seven = {2, 3, 4, 5, 7, 10, 14, 24, 52};
        for (int e = 1; e <= 9; e++) {
            layouts.add(new Layout(56 / (seven[e - 1] + 4), seven[e - 1], 4, 1, 7, e));
        }
        int[] eight = {4, 5, 7, 10, 14, 24, 52, 4, 6, 9, 13, 23, 51};
        for (int e = 1; e <= 13; e++) {
            int countBits = e <= 7 ? 4 : 5;
            layouts.add(new Layout(56 / (eight[e - 1] + countBits), eight[e - 1], countBits, 4, 8, e));
        }
        return layouts;
    }

    /** The slot for an unsigned value in a layout, or null if it doesn't fit. A skip is -1 (all ones). */
    private static Long slot(BigInteger value, Layout layout, boolean wide) {
        long allOnes = layout.slotBits() == 64 ? -1 : (1L << layout.slotBits()) - 1;
        if (value == null) {
            return allOnes;
        }
        int count = 0;
        if (layout.countBits() > 0 && value.signum() != 0) {
            int maxCount = (1 << layout.countBits()) - 1;
            count = Math.min(value.getLowestSetBit() / layout.zerosPerCount(), maxCount);
            if (!wide) {
                count = Math.min(count, 63 / layout.zerosPerCount());
            }
        }
        BigInteger significand = value.shiftRight(count * layout.zerosPerCount());
        if (significand.bitLength() > layout.valueBits()) {
            return null;
        }
        long slot = significand.longValue() << layout.countBits() | count;
        return slot == allOnes ? null : slot;
    }

    private static long pack(Layout layout, List<Long> slots) {
        long word = layout.selector() | (long) layout.extension() << 4;
        int shift = layout.firstBit();
        for (long slot : slots) {
            word |= slot << shift;
            shift += layout.slotBits();
        }
        return word;
    }

    /** Words for slot values (null: skip), longest-fitting layout first, runs of 120 repeats as run-length words. */
    static List<Long> words(List<BigInteger> values, boolean wide, BigInteger previous) {
        List<Long> words = new ArrayList<>();
        int i = 0;
        BigInteger last = previous;
        while (i < values.size()) {
            int repeats = 0;
            while (i + repeats < values.size() && java.util.Objects.equals(values.get(i + repeats), last)) {
                repeats++;
            }
            if (repeats >= 120) {
                int units = Math.min(repeats / 120, 16);
                words.add(runLength(units));
                i += units * 120;
                continue;
            }
            Layout best = null;
            List<Long> bestSlots = null;
            for (Layout layout : LAYOUTS) {
                if (i + layout.slots() > values.size() || (bestSlots != null && layout.slots() <= bestSlots.size())) {
                    continue;
                }
                List<Long> slots = new ArrayList<>();
                for (int k = 0; k < layout.slots(); k++) {
                    Long slot = slot(values.get(i + k), layout, wide);
                    if (slot == null) {
                        break;
                    }
                    slots.add(slot);
                }
                if (slots.size() == layout.slots()) {
                    best = layout;
                    bestSlots = slots;
                }
            }
            if (best == null) {
                throw new IllegalArgumentException("no Simple-8b layout holds " + values.get(i));
            }
            words.add(pack(best, bestSlots));
            i += best.slots();
            last = values.get(i - 1);
        }
        return words;
    }

    private void values(List<BsonValue> values) {
        int i = 0;
        // Missing values before any literal are skips of a run with nothing to apply to.
        int leading = 0;
        while (leading < values.size() && values.get(leading) == null) {
            leading++;
        }
        if (leading > 0) {
            List<BigInteger> skips = new ArrayList<>();
            for (int k = 0; k < leading; k++) {
                skips.add(null);
            }
            deltaRuns(5, skips, false);
            i = leading;
        }
        while (i < values.size()) {
            BsonValue first = values.get(i);
            literal(first);
            int end = i + 1;
            while (end < values.size() && (values.get(end) == null || (!tooLong(first)
                    && values.get(end).getBsonType() == first.getBsonType() && !tooLong(values.get(end))))) {
                end++;
            }
            List<BsonValue> rest = values.subList(i + 1, end);
            // A value whose delta no layout holds starts a new literal, as the server's encoder does.
            end = i + 1 + (rest.isEmpty() ? 0 : deltasAfter(first, rest));
            i = end;
        }
    }

    private static boolean tooLong(BsonValue value) {
        return value.isString() && value.asString().getValue().getBytes(StandardCharsets.UTF_8).length > 16;
    }

    /** Writes the deltas of same-typed values after a literal as far as they fit; returns how many it wrote. */
    int deltasAfter(BsonValue literal, List<BsonValue> rest) {
        boolean wide = switch (literal.getBsonType()) {
            case STRING, BINARY, DECIMAL128, JAVASCRIPT -> true;
            default -> false;
        };
        int scale = 5;
        if (literal.isDouble()) {
            scale = scaleFor(literal, rest);
        }
        boolean ofDelta = switch (literal.getBsonType()) {
            case OBJECT_ID, DATE_TIME, TIMESTAMP -> true;
            default -> false;
        };
        BigInteger previous = encoded(literal, scale);
        BigInteger previousDelta = BigInteger.ZERO;
        BigInteger modulus = wide ? TWO_128 : TWO_64;
        List<BigInteger> slots = new ArrayList<>();
        for (BsonValue value : rest) {
            if (value == null) {
                slots.add(null);
                continue;
            }
            BigInteger current = encoded(value, scale);
            BigInteger delta = signed(current.subtract(previous).mod(modulus), modulus);
            BigInteger slotValue = ofDelta ? delta.subtract(previousDelta) : delta;
            if (ofDelta) {
                previousDelta = delta;
            }
            // Zig-zag: the sign moves to the lowest bit.
            BigInteger zig = slotValue.signum() >= 0 ? slotValue.shiftLeft(1)
                    : slotValue.negate().shiftLeft(1).subtract(BigInteger.ONE);
            BigInteger slot = zig.mod(modulus);
            if (LAYOUTS.stream().noneMatch(layout -> slot(slot, layout, wide) != null)) {
                break;
            }
            slots.add(slot);
            previous = current;
        }
        deltaRuns(scale, slots, wide);
        return slots.size();
    }

    private void deltaRuns(int scale, List<BigInteger> slots, boolean wide) {
        List<Long> words = words(slots, wide, BigInteger.ZERO);
        for (int from = 0; from < words.size(); from += 16) {
            List<Long> chunk = words.subList(from, Math.min(words.size(), from + 16));
            run(scale == 5 ? 0x8 : 0x9 + scale, chunk.stream().mapToLong(Long::longValue).toArray());
        }
    }

    private static BigInteger signed(BigInteger unsigned, BigInteger modulus) {
        return unsigned.testBit(modulus.bitLength() - 2) ? unsigned.subtract(modulus) : unsigned;
    }

    /** The smallest scale at which every double of the run is exact, or 5 (the bits as an integer). */
    private static int scaleFor(BsonValue literal, List<BsonValue> rest) {
        List<BsonValue> all = new ArrayList<>(rest);
        all.add(literal);
        for (int scale = 0; scale < SCALES.length; scale++) {
            boolean exact = true;
            for (BsonValue value : all) {
                if (value == null) {
                    continue;
                }
                double d = value.asDouble().getValue();
                double scaled = d * SCALES[scale];
                long rounded = Math.round(scaled);
                exact &= Math.abs(scaled) < 9.0e15 && rounded / SCALES[scale] == d
                        && Double.doubleToRawLongBits(rounded / SCALES[scale]) == Double.doubleToRawLongBits(d);
            }
            if (exact) {
                return scale;
            }
        }
        return 5;
    }

    private static BigInteger encoded(BsonValue value, int scale) {
        return switch (value.getBsonType()) {
            case INT32 -> BigInteger.valueOf(value.asInt32().getValue());
            case INT64 -> BigInteger.valueOf(value.asInt64().getValue());
            case BOOLEAN -> value.asBoolean().getValue() ? BigInteger.ONE : BigInteger.ZERO;
            case DATE_TIME -> BigInteger.valueOf(value.asDateTime().getValue());
            case TIMESTAMP -> BigInteger.valueOf(value.asTimestamp().getValue());
            case DOUBLE -> scale == 5
                    ? BigInteger.valueOf(Double.doubleToRawLongBits(value.asDouble().getValue()))
                    : BigInteger.valueOf(Math.round(value.asDouble().getValue() * SCALES[scale]));
            case OBJECT_ID -> {
                // | C2 | TS3 | C1 | TS2 | C0 | TS1 | TS0 | from the lowest byte up.
                byte[] id = value.asObjectId().getValue().toByteArray();
                byte[] ordered = {id[0], id[1], id[9], id[2], id[10], id[3], id[11]}; // big-endian
                yield new BigInteger(1, ordered);
            }
            case STRING -> {
                // Reversed, then read little-endian: the string's bytes read big-endian.
                yield new BigInteger(1, value.asString().getValue().getBytes(StandardCharsets.UTF_8));
            }
            case BINARY -> {
                byte[] data = value.asBinary().getData();
                byte[] bigEndian = new byte[16];
                for (int k = 0; k < data.length; k++) {
                    bigEndian[15 - k] = data[k];
                }
                yield new BigInteger(1, bigEndian);
            }
            case DECIMAL128 -> {
                Decimal128 decimal = value.asDecimal128().getValue();
                yield new BigInteger(Long.toUnsignedString(decimal.getHigh())).shiftLeft(64)
                        .or(new BigInteger(Long.toUnsignedString(decimal.getLow())));
            }
            default -> BigInteger.ZERO;
        };
    }

    /** An interleaved run (0xF1) of documents: the first is the reference, every other has a subset of its fields. */
    BsonColumnWriter interleaved(List<BsonDocument> rows) {
        BsonDocument reference = rows.get(0);
        out.write(0xF1);
        byte[] bytes = new RawBsonDocument(reference, new BsonDocumentCodec()).getByteBuffer().array();
        out.write(bytes, 0, ByteBuffer.wrap(bytes, 0, 4).order(ByteOrder.LITTLE_ENDIAN).getInt());
        List<List<String>> paths = new ArrayList<>();
        scalars(reference, new ArrayList<>(), paths);
        // Every stream needs its first value in row 0, so its single run comes in stream order.
        for (List<String> path : paths) {
            BsonValue base = at(reference, path);
            List<BsonValue> column = new ArrayList<>();
            for (BsonDocument row : rows) {
                column.add(row == null ? null : at(row, path));
            }
            if (deltasAfter(base, column) != column.size()) {
                throw new IllegalArgumentException("interleaved stream " + path + " needs a literal");
            }
        }
        out.write(0);
        return this;
    }

    private static void scalars(BsonDocument document, List<String> prefix, List<List<String>> paths) {
        for (Map.Entry<String, BsonValue> field : document.entrySet()) {
            List<String> path = new ArrayList<>(prefix);
            path.add(field.getKey());
            if (field.getValue().isDocument()) {
                scalars(field.getValue().asDocument(), path, paths);
            } else {
                paths.add(path);
            }
        }
    }

    private static BsonValue at(BsonDocument document, List<String> path) {
        BsonValue value = document;
        for (String key : path) {
            if (value == null || !value.isDocument()) {
                return null;
            }
            value = value.asDocument().get(key);
        }
        return value;
    }
}
