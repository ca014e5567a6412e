package io.monarch.source;

import org.bson.BsonDocument;
import org.bson.BsonValue;
import org.bson.RawBsonDocument;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Unpacks a time-series bucket into its measurements: version 1 (uncompressed) buckets; any other is refused. */
public final class TimeseriesBuckets {
    private TimeseriesBuckets() {
    }

    public static List<RawBsonDocument> unpack(RawBsonDocument bucket, BsonDocument options) throws IOException {
        BsonDocument control = bucket.getDocument("control", null);
        int version = control == null || !control.isNumber("version") ? 0 : control.getNumber("version").intValue();
        if (version != 1) {
            throw new IOException("bucket " + bucket.get("_id") + " is a compressed time-series bucket (version " + version + ")");
        }
        String timeField = options.getString("timeField").getValue();
        String metaField = options.isString("metaField") ? options.getString("metaField").getValue() : null;
        Map<Integer, BsonDocument> rows = new TreeMap<>();
        for (Map.Entry<String, BsonValue> column : bucket.getDocument("data").entrySet()) {
            for (Map.Entry<String, BsonValue> cell : column.getValue().asDocument().entrySet()) {
                rows.computeIfAbsent(Integer.parseInt(cell.getKey()), k -> new BsonDocument()).put(column.getKey(), cell.getValue());
            }
        }
        List<RawBsonDocument> out = new ArrayList<>();
        for (BsonDocument row : rows.values()) {
            BsonDocument measurement = new BsonDocument();
            row.forEach(measurement::put);
            if (metaField != null && bucket.containsKey("meta")) {
                measurement.put(metaField, bucket.get("meta"));
            }
            if (!measurement.containsKey(timeField)) {
                throw new IOException("bucket " + bucket.get("_id") + " has a measurement without " + timeField);
            }
            out.add(new RawBsonDocument(measurement, new org.bson.codecs.BsonDocumentCodec()));
        }
        return out;
    }
}
