package io.monarch.source;

import io.monarch.source.Simple8b.InvalidColumnException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.bson.BsonArray;
import org.bson.BsonBinary;
import org.bson.BsonBoolean;
import org.bson.BsonDateTime;
import org.bson.BsonDecimal128;
import org.bson.BsonDocument;
import org.bson.BsonDouble;
import org.bson.BsonInt32;
import org.bson.BsonInt64;
import org.bson.BsonJavaScript;
import org.bson.BsonObjectId;
import org.bson.BsonString;
import org.bson.BsonTimestamp;
import org.bson.BsonType;
import org.bson.BsonValue;
import org.bson.RawBsonDocument;
import org.bson.types.Decimal128;
import org.bson.types.ObjectId;

/**
 * Decodes a BSON column (BinData subtype 7), MongoDB's compressed form of a time-series bucket's data field: a
 * sequence of control entries ended by a 0 byte. An entry is a literal (a BSON element with an empty name), a run of
 * Simple-8b blocks holding zig-zag encoded deltas from the value before (delta-of-delta for ObjectIds, dates and
 * timestamps), or an interleaved run of objects: a reference object, then per row one delta stream per scalar field
 * of the reference. Values that can't be deltas (objects, null, ...) only repeat through a delta of 0.
 */
final class BsonColumn {

    private static final int CONTROL_INTERLEAVED_LEGACY = 0xF0; // arrays are scalars
    private static final int CONTROL_INTERLEAVED = 0xF1;
    private static final int CONTROL_INTERLEAVED_ARRAY_ROOT = 0xF2;
    // A delta run's high nibble is the scale of a double: x1, x10, x100, x10^4, x10^8, or the bits as an integer.
    private static final int SCALE_AS_INTEGER = 5;
    private static final double[] SCALE = {1, 10, 100, 10_000, 100_000_000};
    private static final BigInteger MASK_128 = BigInteger.ONE.shiftLeft(128).subtract(BigInteger.ONE);
    private static final double SAFE_INTEGER = 9007199254740992.0; // 2^53

    private final byte[] bytes;
    private int position;

    private BsonColumn(byte[] bytes) {
        this.bytes = bytes;
    }

    /** The column's values in order; a missing value (a skip) is null. */
    static List<BsonValue> decode(byte[] column) throws InvalidColumnException {
        try {
            return new BsonColumn(column).values();
        } catch (RuntimeException e) { // the driver refusing a literal's bytes
            throw new InvalidColumnException("unreadable BSON column: " + e);
        }
    }

    private List<BsonValue> values() throws InvalidColumnException {
        List<BsonValue> values = new ArrayList<>();
        Stream stream = new Stream();
        while (true) {
            int control = next();
            if (control == 0) {
                if (position != bytes.length) {
                    throw new InvalidColumnException("BSON column has bytes after its end");
                }
                return values;
            }
            if (isInterleaved(control)) {
                BsonValue last = interleaved(control, values);
                // Back in regular mode the last row is what a delta of 0 repeats.
                stream = new Stream();
                stream.last = last;
            } else {
                values.addAll(stream.load(control));
            }
        }
    }

    private int next() throws InvalidColumnException {
        if (position >= bytes.length) {
            throw new InvalidColumnException("BSON column ends without its terminating 0 byte");
        }
        return bytes[position++] & 0xFF;
    }

    private static boolean isInterleaved(int control) {
        return control == CONTROL_INTERLEAVED_LEGACY || control == CONTROL_INTERLEAVED
                || control == CONTROL_INTERLEAVED_ARRAY_ROOT;
    }

    private static boolean isLiteral(int control) {
        return (control & 0xE0) == 0 || control == 0x7F || control == 0xFF; // types 1..31, MaxKey, MinKey
    }

    /** The decoding state of one delta stream: the value deltas apply to and its encoded form. */
    private final class Stream {
        BsonValue last; // null before any literal
        boolean wide;
        boolean deltaOfDelta;
        boolean encodable = true;
        long encoded;
        long encodedDeltaOfDelta;
        BigInteger encodedWide = BigInteger.ZERO;
        int scaleIndex = SCALE_AS_INTEGER;
        BigInteger lastSlot; // what a run-length block at the start of the next delta run repeats
        boolean hasLastSlot;
        final ArrayList<BsonValue> pending = new ArrayList<>(); // decoded but not yet taken (interleaved mode)
        int taken;

        /** Reads the control entry at the cursor (its first byte already read) and returns its values. */
        List<BsonValue> load(int control) throws InvalidColumnException {
            if (isLiteral(control)) {
                BsonValue literal = literal(control);
                setLiteral(literal);
                return List.of(literal);
            }
            int scale = scaleIndex(control);
            int blocks = (control & 0x0F) + 1;
            int start = position;
            if (start + 8 * blocks >= bytes.length) { // a 0 byte must still follow
                throw new InvalidColumnException("Simple-8b blocks run past the end of the BSON column");
            }
            position += 8 * blocks;
            if (wide) {
                if (scale != SCALE_AS_INTEGER) {
                    throw new InvalidColumnException("scaled delta run after a " + last.getBsonType() + " literal");
                }
            } else if (last != null && last.isDouble()) {
                scaleIndex = scale;
                encoded = encodeDouble(last.asDouble().getValue(), scale);
            } else if (scale != SCALE_AS_INTEGER) {
                throw new InvalidColumnException("scaled delta run after a non-double value");
            }
            BigInteger previous = hasLastSlot ? lastSlot : BigInteger.ZERO;
            List<BigInteger> slots = Simple8b.decode(bytes, start, blocks, wide, previous);
            List<BsonValue> values = new ArrayList<>(slots.size());
            for (BigInteger slot : slots) {
                values.add(wide ? applyWide(slot) : apply(slot));
            }
            lastSlot = slots.isEmpty() ? previous : slots.get(slots.size() - 1);
            hasLastSlot = true;
            return values;
        }

        void setLiteral(BsonValue literal) {
            last = literal;
            hasLastSlot = false;
            BsonType type = literal.getBsonType();
            wide = type == BsonType.STRING || type == BsonType.JAVASCRIPT || type == BsonType.BINARY
                    || type == BsonType.DECIMAL128;
            if (wide) {
                encodedWide = encodeWide(literal);
                encodable = encodedWide != null;
                if (!encodable) {
                    encodedWide = BigInteger.ZERO;
                }
                return;
            }
            deltaOfDelta = type == BsonType.OBJECT_ID || type == BsonType.DATE_TIME || type == BsonType.TIMESTAMP;
            encoded = switch (type) {
                case OBJECT_ID -> encodeObjectId(literal.asObjectId().getValue());
                case DATE_TIME -> literal.asDateTime().getValue();
                case BOOLEAN -> literal.asBoolean().getValue() ? 1 : 0;
                case INT32 -> literal.asInt32().getValue();
                case INT64 -> literal.asInt64().getValue();
                case TIMESTAMP -> literal.asTimestamp().getValue();
                default -> 0; // a double is encoded when a delta run gives its scale
            };
            if (deltaOfDelta) {
                encodedDeltaOfDelta = encoded;
                encoded = 0;
            }
        }

        private BsonValue apply(BigInteger slot) throws InvalidColumnException {
            if (slot == null || last == null) {
                return null;
            }
            long delta = zigZag(slot.longValue());
            if (!deltaOfDelta && delta == 0) {
                return last;
            }
            encoded += delta;
            if (deltaOfDelta) {
                encodedDeltaOfDelta += encoded;
            }
            last = materialize(deltaOfDelta ? encodedDeltaOfDelta : encoded);
            return last;
        }

        private BsonValue materialize(long value) throws InvalidColumnException {
            return switch (last.getBsonType()) {
                case DOUBLE -> new BsonDouble(decodeDouble(value, scaleIndex));
                case INT32 -> new BsonInt32((int) value);
                case INT64 -> new BsonInt64(value);
                case DATE_TIME -> new BsonDateTime(value);
                case TIMESTAMP -> new BsonTimestamp(value);
                case BOOLEAN -> BsonBoolean.valueOf(value != 0);
                case OBJECT_ID -> new BsonObjectId(decodeObjectId(value, last.asObjectId().getValue()));
                default -> throw new InvalidColumnException("non-zero delta after a " + last.getBsonType());
            };
        }

        private BsonValue applyWide(BigInteger slot) throws InvalidColumnException {
            if (slot == null) {
                return null;
            }
            if (slot.signum() == 0) {
                return last;
            }
            if (!encodable && last.getBsonType() == BsonType.BINARY) {
                throw new InvalidColumnException("delta after a binary value longer than 16 bytes");
            }
            BigInteger delta = slot.shiftRight(1);
            if (slot.testBit(0)) {
                delta = delta.not().and(MASK_128);
            }
            encodedWide = encodedWide.add(delta).and(MASK_128);
            byte[] raw = littleEndian16(encodedWide);
            last = switch (last.getBsonType()) {
                case STRING -> new BsonString(decodeString(raw));
                case JAVASCRIPT -> new BsonJavaScript(decodeString(raw));
                case BINARY -> {
                    BsonBinary binary = last.asBinary();
                    yield new BsonBinary(binary.getType(), Arrays.copyOf(raw, binary.getData().length));
                }
                case DECIMAL128 -> new BsonDecimal128(Decimal128.fromIEEE754BIDEncoding(
                        encodedWide.shiftRight(64).longValue(), encodedWide.longValue()));
                default -> throw new InvalidColumnException("128-bit delta after a " + last.getBsonType());
            };
            return last;
        }

        /** The next value of this stream in interleaved mode: a decoded one, or the next control entry's. */
        boolean hasPending() {
            return taken < pending.size();
        }

        BsonValue take() {
            return pending.get(taken++);
        }

        void fill(List<BsonValue> values) {
            pending.clear();
            pending.addAll(values);
            taken = 0;
        }
    }

    private BsonValue literal(int type) throws InvalidColumnException {
        if (type == 0x0F) {
            throw new InvalidColumnException("CodeWScope literal in a BSON column");
        }
        if (position >= bytes.length || bytes[position] != 0) {
            throw new InvalidColumnException("literal in a BSON column with a field name");
        }
        int valueStart = position + 1;
        int size = valueSize(type, valueStart);
        int elementStart = position - 1;
        int elementLength = 2 + size;
        // Wrap the element as the only one of a document to read it with the driver.
        ByteBuffer document = ByteBuffer.allocate(4 + elementLength + 1).order(ByteOrder.LITTLE_ENDIAN);
        document.putInt(4 + elementLength + 1).put(bytes, elementStart, elementLength).put((byte) 0);
        position = valueStart + size;
        return new RawBsonDocument(document.array()).get("");
    }

    private int valueSize(int type, int at) throws InvalidColumnException {
        return switch (type) {
            case 0x01, 0x09, 0x11, 0x12 -> 8;
            case 0x02, 0x0D, 0x0E -> 4 + int32(at);
            case 0x03, 0x04 -> int32(at);
            case 0x05 -> 5 + int32(at);
            case 0x06, 0x0A, 0x7F, 0xFF -> 0;
            case 0x07 -> 12;
            case 0x08 -> 1;
            case 0x0B -> {
                int end = cstringEnd(cstringEnd(at));
                yield end - at;
            }
            case 0x0C -> 4 + int32(at) + 12;
            case 0x10 -> 4;
            case 0x13 -> 16;
            default -> throw new InvalidColumnException("literal of unknown BSON type " + type);
        };
    }

    private int int32(int at) throws InvalidColumnException {
        if (at + 4 > bytes.length) {
            throw new InvalidColumnException("literal runs past the end of the BSON column");
        }
        int value = ByteBuffer.wrap(bytes, at, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
        if (value < 0 || at + value > bytes.length) {
            throw new InvalidColumnException("literal runs past the end of the BSON column");
        }
        return value;
    }

    private int cstringEnd(int at) throws InvalidColumnException {
        for (int i = at; i < bytes.length; i++) {
            if (bytes[i] == 0) {
                return i + 1;
            }
        }
        throw new InvalidColumnException("literal runs past the end of the BSON column");
    }

    private static int scaleIndex(int control) throws InvalidColumnException {
        return switch (control >> 4) {
            case 0x8 -> SCALE_AS_INTEGER;
            case 0x9 -> 0;
            case 0xA -> 1;
            case 0xB -> 2;
            case 0xC -> 3;
            case 0xD -> 4;
            default -> throw new InvalidColumnException(String.format("invalid BSON column control byte 0x%02X", control));
        };
    }

    // ---- interleaved mode ----

    /** A reference object's shape: a (sub)object or array, or a scalar with its own stream. */
    private record Node(String name, boolean array, boolean allowEmpty, List<Node> children, int stream) {
        boolean scalar() {
            return children == null;
        }
    }

    /** Decodes one interleaved run into {@code out}; returns its last row (null if missing). */
    private BsonValue interleaved(int control, List<BsonValue> out) throws InvalidColumnException {
        boolean arrays = control != CONTROL_INTERLEAVED_LEGACY;
        boolean rootArray = control == CONTROL_INTERLEAVED_ARRAY_ROOT;
        int length = int32(position);
        RawBsonDocument reference = new RawBsonDocument(bytes, position, length);
        position += length;
        List<Stream> streams = new ArrayList<>();
        Node root = shape("", reference, rootArray, arrays, streams);
        if (streams.isEmpty()) {
            throw new InvalidColumnException("interleaved BSON column with an empty reference object");
        }
        if (position >= bytes.length || bytes[position] == 0) {
            throw new InvalidColumnException("interleaved BSON column without a row");
        }
        BsonValue last = null;
        while (true) {
            if (!streams.get(0).hasPending() && position < bytes.length && bytes[position] == 0) {
                position++;
                for (Stream stream : streams) {
                    if (stream.hasPending()) {
                        throw new InvalidColumnException("interleaved BSON column ends with values left");
                    }
                }
                return last;
            }
            last = row(root, streams);
            out.add(last);
        }
    }

    private Node shape(String name, BsonValue value, boolean array, boolean arrays, List<Stream> streams) {
        Iterable<BsonValue> values;
        List<String> names = new ArrayList<>();
        if (value.isDocument()) {
            BsonDocument document = value.asDocument();
            names.addAll(document.keySet());
            values = document.values();
        } else {
            BsonArray elements = value.asArray();
            for (int i = 0; i < elements.size(); i++) {
                names.add(Integer.toString(i));
            }
            values = elements;
        }
        List<Node> children = new ArrayList<>();
        int i = 0;
        for (BsonValue child : values) {
            String childName = names.get(i++);
            if (child.isDocument() || (arrays && child.isArray())) {
                children.add(shape(childName, child, child.isArray(), arrays, streams));
            } else {
                Stream stream = new Stream();
                stream.setLiteral(child);
                children.add(new Node(childName, false, false, null, streams.size()));
                streams.add(stream);
            }
        }
        return new Node(name, array, children.isEmpty(), children, -1);
    }

    /** One row: the node's fields that have a value; null when none has and the reference's was not empty. */
    private BsonValue row(Node node, List<Stream> streams) throws InvalidColumnException {
        List<String> names = new ArrayList<>();
        List<BsonValue> values = new ArrayList<>();
        for (Node child : node.children()) {
            BsonValue value = child.scalar() ? nextValue(streams.get(child.stream())) : row(child, streams);
            if (value != null) {
                names.add(child.name());
                values.add(value);
            }
        }
        if (values.isEmpty() && !node.allowEmpty()) {
            return null;
        }
        if (node.array()) {
            return new BsonArray(values);
        }
        BsonDocument document = new BsonDocument();
        for (int i = 0; i < names.size(); i++) {
            document.append(names.get(i), values.get(i));
        }
        return document;
    }

    private BsonValue nextValue(Stream stream) throws InvalidColumnException {
        if (!stream.hasPending()) {
            int control = next();
            if (control == 0 || isInterleaved(control)) {
                throw new InvalidColumnException("interleaved BSON column ends inside a row");
            }
            stream.fill(stream.load(control));
        }
        return stream.take();
    }

    // ---- value encodings (MongoDB's Simple8bTypeUtil) ----

    static long zigZag(long encoded) {
        return (encoded >>> 1) ^ -(encoded & 1);
    }

    /** The 7 bytes of an ObjectId that change (timestamp and counter), interleaved so the low bytes change most. */
    static long encodeObjectId(ObjectId id) {
        byte[] b = id.toByteArray();
        int[] order = {11, 3, 10, 2, 9, 1, 0};
        long value = 0;
        for (int i = 0; i < order.length; i++) {
            value |= (long) (b[order[i]] & 0xFF) << (8 * i);
        }
        return value;
    }

    static ObjectId decodeObjectId(long value, ObjectId previous) {
        byte[] b = previous.toByteArray(); // keeps the 5 process-unique bytes
        int[] order = {11, 3, 10, 2, 9, 1, 0};
        for (int i = 0; i < order.length; i++) {
            b[order[i]] = (byte) (value >>> (8 * i));
        }
        return new ObjectId(b);
    }

    static long encodeDouble(double value, int scaleIndex) throws InvalidColumnException {
        if (scaleIndex == SCALE_AS_INTEGER) {
            return Double.doubleToRawLongBits(value);
        }
        double scaled = value * SCALE[scaleIndex];
        if (!(scaled >= -SAFE_INTEGER && scaled <= SAFE_INTEGER)) {
            throw new InvalidColumnException("double " + value + " does not fit scale index " + scaleIndex);
        }
        long rounded = roundHalfAwayFromZero(scaled);
        if (Double.doubleToRawLongBits(rounded / SCALE[scaleIndex]) != Double.doubleToRawLongBits(value)) {
            throw new InvalidColumnException("double " + value + " does not fit scale index " + scaleIndex);
        }
        return rounded;
    }

    static double decodeDouble(long value, int scaleIndex) {
        return scaleIndex == SCALE_AS_INTEGER ? Double.longBitsToDouble(value) : value / SCALE[scaleIndex];
    }

    /** C's llround; Math.round rounds -2.5 to -2. Exact for |x| <= 2^53. */
    private static long roundHalfAwayFromZero(double x) {
        long truncated = (long) x;
        double fraction = x - truncated;
        if (fraction >= 0.5) {
            return truncated + 1;
        }
        if (fraction <= -0.5) {
            return truncated - 1;
        }
        return truncated;
    }

    /** Strings (reversed), JavaScript, short binaries and decimals as 128-bit integers; null if not encodable. */
    private static BigInteger encodeWide(BsonValue value) {
        byte[] raw = new byte[16];
        switch (value.getBsonType()) {
            case STRING, JAVASCRIPT -> {
                String text = value.isString() ? value.asString().getValue() : value.asJavaScript().getCode();
                byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
                if (utf8.length > 16 || (utf8.length > 0 && utf8[0] == 0)) {
                    return null;
                }
                for (int i = 0; i < utf8.length; i++) {
                    raw[i] = utf8[utf8.length - 1 - i];
                }
            }
            case BINARY -> {
                byte[] data = value.asBinary().getData();
                if (data.length > 16) {
                    return null;
                }
                System.arraycopy(data, 0, raw, 0, data.length);
            }
            case DECIMAL128 -> {
                Decimal128 decimal = value.asDecimal128().getValue();
                return Simple8b.unsigned(decimal.getHigh()).shiftLeft(64).or(Simple8b.unsigned(decimal.getLow()));
            }
            default -> throw new IllegalStateException("not a 128-bit type: " + value.getBsonType());
        }
        return fromLittleEndian16(raw);
    }

    private static BigInteger fromLittleEndian16(byte[] raw) {
        byte[] bigEndian = new byte[17]; // leading 0: non-negative
        for (int i = 0; i < 16; i++) {
            bigEndian[16 - i] = raw[i];
        }
        return new BigInteger(bigEndian);
    }

    private static byte[] littleEndian16(BigInteger value) {
        byte[] raw = new byte[16];
        for (int i = 0; i < 16; i++) {
            raw[i] = value.shiftRight(8 * i).byteValue();
        }
        return raw;
    }

    /** The bytes up to the last non-zero one, reversed. */
    private static String decodeString(byte[] raw) {
        int size = 16;
        while (size > 0 && raw[size - 1] == 0) {
            size--;
        }
        byte[] utf8 = new byte[size];
        for (int i = 0; i < size; i++) {
            utf8[i] = raw[size - 1 - i];
        }
        return new String(utf8, StandardCharsets.UTF_8);
    }
}
