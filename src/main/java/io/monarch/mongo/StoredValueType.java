package io.monarch.mongo;

import de.bwaldvogel.mongo.backend.Missing;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.bson.ObjectId;
import org.h2.mvstore.DataUtils;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.BasicDataType;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.UUID;

/**
 * One BSON value as a key or a position in the embedded store: an {@code _id}, a document's position in its
 * collection, an element of an index key. The common types are written in a few bytes and compared as
 * themselves; any other value is written as BSON and compared by those bytes. H2's default type would write
 * these with Java serialization and compare two keys by serializing both, which was most of the time an
 * insert took.
 *
 * <p>The order is by type first (as listed below), then by value; it only has to be total and agree with
 * equality: a unique index asks it whether a key is there, and a collection's natural order follows it.
 */
final class StoredValueType extends BasicDataType<Object> {
    static final StoredValueType INSTANCE = new StoredValueType();

    private static final byte NULL = 0;
    private static final byte MISSING = 1;
    private static final byte INT = 2;
    private static final byte LONG = 3;
    private static final byte DOUBLE = 4;
    private static final byte STRING = 5;
    private static final byte OBJECT_ID = 6;
    private static final byte UUID_VALUE = 7;
    private static final byte BOOLEAN = 8;
    private static final byte INSTANT = 9;
    private static final byte BSON = 10;

    private StoredValueType() {
    }

    private static byte tag(Object value) {
        if (value == null) {
            return NULL;
        } else if (value instanceof Missing) {
            return MISSING;
        } else if (value instanceof Integer) {
            return INT;
        } else if (value instanceof Long) {
            return LONG;
        } else if (value instanceof Double) {
            return DOUBLE;
        } else if (value instanceof String) {
            return STRING;
        } else if (value instanceof ObjectId) {
            return OBJECT_ID;
        } else if (value instanceof UUID) {
            return UUID_VALUE;
        } else if (value instanceof Boolean) {
            return BOOLEAN;
        } else if (value instanceof Instant) {
            return INSTANT;
        }
        return BSON;
    }

    @Override
    public int compare(Object a, Object b) {
        if (a == b) {
            return 0;
        }
        byte ta = tag(a);
        byte tb = tag(b);
        if (ta != tb) {
            return Byte.compare(ta, tb);
        }
        return switch (ta) {
            case NULL, MISSING -> 0;
            case INT -> Integer.compare((Integer) a, (Integer) b);
            case LONG -> Long.compare((Long) a, (Long) b);
            case DOUBLE -> Double.compare((Double) a, (Double) b);
            case STRING -> ((String) a).compareTo((String) b);
            case OBJECT_ID -> ((ObjectId) a).compareTo((ObjectId) b);
            case UUID_VALUE -> ((UUID) a).compareTo((UUID) b);
            case BOOLEAN -> Boolean.compare((Boolean) a, (Boolean) b);
            case INSTANT -> ((Instant) a).compareTo((Instant) b);
            default -> Arrays.compareUnsigned(bson(a), bson(b));
        };
    }

    @Override
    public int getMemory(Object value) {
        if (value instanceof String s) {
            return 40 + 2 * s.length();
        }
        return tag(value) == BSON ? 160 : 24;
    }

    @Override
    public void write(WriteBuffer buffer, Object value) {
        byte tag = tag(value);
        buffer.put(tag);
        switch (tag) {
            case NULL, MISSING -> {
            }
            case INT -> buffer.putInt((Integer) value);
            case LONG -> buffer.putLong((Long) value);
            case DOUBLE -> buffer.putDouble((Double) value);
            case STRING -> putBytes(buffer, ((String) value).getBytes(StandardCharsets.UTF_8));
            case OBJECT_ID -> buffer.put(((ObjectId) value).toByteArray());
            case UUID_VALUE -> buffer.putLong(((UUID) value).getMostSignificantBits()).putLong(((UUID) value).getLeastSignificantBits());
            case BOOLEAN -> buffer.put((byte) ((Boolean) value ? 1 : 0));
            case INSTANT -> buffer.putLong(((Instant) value).getEpochSecond()).putInt(((Instant) value).getNano());
            default -> putBytes(buffer, bson(value));
        }
    }

    @Override
    public Object read(ByteBuffer buffer) {
        byte tag = buffer.get();
        return switch (tag) {
            case NULL -> null;
            case MISSING -> Missing.getInstance();
            case INT -> buffer.getInt();
            case LONG -> buffer.getLong();
            case DOUBLE -> buffer.getDouble();
            case STRING -> new String(getBytes(buffer), StandardCharsets.UTF_8);
            case OBJECT_ID -> {
                byte[] id = new byte[12];
                buffer.get(id);
                yield new ObjectId(id);
            }
            case UUID_VALUE -> new UUID(buffer.getLong(), buffer.getLong());
            case BOOLEAN -> buffer.get() != 0;
            case INSTANT -> Instant.ofEpochSecond(buffer.getLong(), buffer.getInt());
            case BSON -> BsonDocuments.decode(getBytes(buffer)).get("");
            default -> throw new IllegalStateException("unknown value tag " + tag + " in the embedded store");
        };
    }

    @Override
    public Object[] createStorage(int size) {
        return new Object[size];
    }

    private static byte[] bson(Object value) {
        return BsonDocuments.encode(new Document("", value));
    }

    private static void putBytes(WriteBuffer buffer, byte[] bytes) {
        buffer.putVarInt(bytes.length).put(bytes);
    }

    private static byte[] getBytes(ByteBuffer buffer) {
        byte[] bytes = new byte[DataUtils.readVarInt(buffer)];
        buffer.get(bytes);
        return bytes;
    }
}
