package io.monarch.mongo;

import de.bwaldvogel.mongo.backend.KeyValue;
import org.h2.mvstore.DataUtils;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.BasicDataType;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/** A unique index's key (one value per indexed field) in the embedded store: its values in order, each a {@link StoredValueType}. */
final class StoredKeyType extends BasicDataType<KeyValue> {
    static final StoredKeyType INSTANCE = new StoredKeyType();

    private StoredKeyType() {
    }

    @Override
    public int compare(KeyValue a, KeyValue b) {
        int common = Math.min(a.size(), b.size());
        for (int i = 0; i < common; i++) {
            int c = StoredValueType.INSTANCE.compare(a.get(i), b.get(i));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(a.size(), b.size());
    }

    @Override
    public int getMemory(KeyValue key) {
        int memory = 40;
        for (Object value : key) {
            memory += StoredValueType.INSTANCE.getMemory(value);
        }
        return memory;
    }

    @Override
    public void write(WriteBuffer buffer, KeyValue key) {
        buffer.putVarInt(key.size());
        for (Object value : key) {
            StoredValueType.INSTANCE.write(buffer, value);
        }
    }

    @Override
    public KeyValue read(ByteBuffer buffer) {
        int size = DataUtils.readVarInt(buffer);
        List<Object> values = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            values.add(StoredValueType.INSTANCE.read(buffer));
        }
        return new KeyValue(values);
    }

    @Override
    public KeyValue[] createStorage(int size) {
        return new KeyValue[size];
    }
}
