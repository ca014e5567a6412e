package io.monarch.source;

import io.monarch.source.Simple8b.InvalidColumnException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bson.BsonBinary;
import org.bson.BsonBinarySubType;
import org.bson.BsonDocument;
import org.bson.BsonValue;
import org.bson.RawBsonDocument;
import org.bson.codecs.BsonDocumentCodec;

/**
 * Unpacks time-series buckets into the measurements they hold, as a restore into a server without time-series
 * collections (the embedded one) needs them.
 *
 * <p>A time-series collection {@code X} stores its measurements in bucket documents in {@code system.buckets.X}, which
 * is what mongodump dumps: {@code {_id, control: {version, min, max, count?}, meta?, data: {<field>: <column>}}}. One
 * bucket holds up to about a thousand measurements sharing one {@code meta}. Each measurement comes back as
 * {@code {<timeField>, <metaField> (only when the bucket has a meta), ...its other fields in the order of data}},
 * the order MongoDB's {@code $_unpackBucket} gives (its BucketUnpacker adds time, then meta, then the other columns).
 *
 * <ul>
 *   <li>Version 1 (uncompressed, MongoDB 5.0): each column is a document keyed by row ({@code "0"}, {@code "1"}, ...);
 *   a field a measurement lacks has no key in its column. The time column's keys are the rows.
 *   <li>Versions 2 (compressed, 5.2 on) and 3 (compressed with measurements not sorted by time, 8.0): each column is
 *   BinData subtype 7, a BSON column ({@link BsonColumn}); a missing value is a skip.
 * </ul>
 *
 * The facts of both formats come from MongoDB's server source ({@code src/mongo/bson/column/}: bsoncolumn.cpp,
 * simple8b.h, simple8b_helpers.h, simple8b_type_util.cpp, interleaved_schema.cpp; and
 * {@code src/mongo/db/exec/bucket_unpacker.cpp}), read for the format only; the test vectors come from its jstests.
 * A bucket is never unpacked into fewer measurements than it holds: a column longer than the time column, a value
 * without a time, or a {@code control.count} that disagrees is refused.
 */
public final class TimeseriesBuckets {

    private static final BsonDocumentCodec CODEC = new BsonDocumentCodec();

    private final String timeField;
    private final String metaField;

    private TimeseriesBuckets(String timeField, String metaField) {
        this.timeField = timeField;
        this.metaField = metaField;
    }

    /** For a collection's {@code timeseries} options ({@code {timeField, metaField?, granularity?, ...}}). */
    public static TimeseriesBuckets of(BsonDocument timeseriesOptions) {
        BsonValue time = timeseriesOptions.get("timeField");
        if (time == null || !time.isString() || time.asString().getValue().isEmpty()) {
            throw new IllegalArgumentException("time-series options without a timeField: " + timeseriesOptions.toJson());
        }
        BsonValue meta = timeseriesOptions.get("metaField");
        if (meta != null && (!meta.isString() || meta.asString().getValue().isEmpty())) {
            throw new IllegalArgumentException("time-series options with a metaField that is not a name: "
                    + timeseriesOptions.toJson());
        }
        return new TimeseriesBuckets(time.asString().getValue(), meta == null ? null : meta.asString().getValue());
    }

    public String timeField() {
        return timeField;
    }

    public Optional<String> metaField() {
        return Optional.ofNullable(metaField);
    }

    public List<RawBsonDocument> unpack(byte[] bucket) throws UnsupportedBucketException {
        return unpack(new RawBsonDocument(bucket));
    }

    /** The bucket's measurements in the order it holds them. */
    public List<RawBsonDocument> unpack(RawBsonDocument bucket) throws UnsupportedBucketException {
        String id = describeId(bucket);
        BsonValue control = bucket.get("control");
        if (control == null || !control.isDocument()) {
            throw malformed(id, "it has no control document");
        }
        int version = integer(id, control.asDocument(), "version");
        BsonValue data = bucket.get("data");
        if (data == null || !data.isDocument()) {
            throw malformed(id, "its data is not a document");
        }
        BsonValue meta = bucket.get("meta");
        if (meta != null && metaField == null) {
            throw malformed(id, "it has a meta but the collection has no metaField");
        }
        if (metaField != null && data.asDocument().containsKey(metaField)) {
            throw malformed(id, "its data has a column for the metaField '" + metaField + "'");
        }
        if (!data.asDocument().containsKey(timeField)) {
            throw malformed(id, "its data has no column for the timeField '" + timeField + "'");
        }
        List<Map<String, BsonValue>> rows = switch (version) {
            case 1 -> rowsOfVersion1(id, data.asDocument());
            case 2, 3 -> rowsOfCompressed(id, version, data.asDocument());
            default -> throw malformed(id, "control.version " + version + " is not 1, 2 or 3");
        };
        if (control.asDocument().containsKey("count")) {
            int count = integer(id, control.asDocument(), "count");
            if (count != rows.size()) {
                throw malformed(id, "control.count is " + count + " but it holds " + rows.size() + " measurements");
            }
        }
        List<RawBsonDocument> measurements = new ArrayList<>(rows.size());
        for (Map<String, BsonValue> row : rows) {
            BsonDocument measurement = new BsonDocument(timeField, row.get(timeField));
            if (meta != null) {
                measurement.append(metaField, meta);
            }
            row.forEach((field, value) -> {
                if (!field.equals(timeField)) {
                    measurement.append(field, value);
                }
            });
            measurements.add(new RawBsonDocument(measurement, CODEC));
        }
        return measurements;
    }

    /** Rows as the time column's keys give them; every other column's keys must be among them. */
    private List<Map<String, BsonValue>> rowsOfVersion1(String id, BsonDocument data) throws UnsupportedBucketException {
        for (Map.Entry<String, BsonValue> column : data.entrySet()) {
            if (!column.getValue().isDocument()) {
                throw malformed(id, "its data field '" + column.getKey() + "' is not a document of rows");
            }
        }
        Map<String, Integer> rowOfKey = new HashMap<>();
        List<Map<String, BsonValue>> rows = new ArrayList<>();
        for (String key : data.getDocument(timeField).keySet()) {
            rowKey(id, timeField, key);
            if (rowOfKey.putIfAbsent(key, rows.size()) != null) {
                throw malformed(id, "its time column has row " + key + " twice");
            }
            rows.add(new LinkedHashMap<>());
        }
        for (Map.Entry<String, BsonValue> column : data.entrySet()) {
            String field = column.getKey();
            for (Map.Entry<String, BsonValue> cell : column.getValue().asDocument().entrySet()) {
                rowKey(id, field, cell.getKey());
                Integer row = rowOfKey.get(cell.getKey());
                if (row == null) {
                    throw malformed(id, "row " + cell.getKey() + " of field '" + field + "' has no time");
                }
                rows.get(row).put(field, cell.getValue());
            }
        }
        return rows;
    }

    private static void rowKey(String id, String field, String key) throws UnsupportedBucketException {
        // Canonical decimal: "0" or digits without a leading zero, as the server writes them.
        boolean number = !key.isEmpty() && key.length() <= 9 && key.chars().allMatch(Character::isDigit)
                && (key.length() == 1 || key.charAt(0) != '0');
        if (!number) {
            throw malformed(id, "field '" + field + "' has a row key '" + key + "' that is not a number");
        }
    }

    private List<Map<String, BsonValue>> rowsOfCompressed(String id, int version, BsonDocument data)
            throws UnsupportedBucketException {
        Map<String, List<BsonValue>> columns = new LinkedHashMap<>();
        for (Map.Entry<String, BsonValue> column : data.entrySet()) {
            String field = column.getKey();
            BsonValue value = column.getValue();
            if (!value.isBinary() || value.asBinary().getType() != BsonBinarySubType.COLUMN.getValue()) {
                throw malformed(id, "its data field '" + field + "' is not a BSON column (BinData subtype 7)");
            }
            try {
                columns.put(field, BsonColumn.decode(((BsonBinary) value).getData()));
            } catch (InvalidColumnException e) {
                throw new UnsupportedBucketException("compressed time-series bucket (version " + version + ") "
                        + id + " can't be decompressed: field '" + field + "': " + e.getMessage());
            }
        }
        List<BsonValue> times = columns.get(timeField);
        List<Map<String, BsonValue>> rows = new ArrayList<>(times.size());
        for (int i = 0; i < times.size(); i++) {
            rows.add(new LinkedHashMap<>());
        }
        for (Map.Entry<String, List<BsonValue>> column : columns.entrySet()) {
            List<BsonValue> values = column.getValue();
            if (values.size() != times.size()) {
                throw malformed(id, "field '" + column.getKey() + "' has " + values.size()
                        + " values but the time column " + times.size());
            }
            for (int i = 0; i < values.size(); i++) {
                if (values.get(i) != null) {
                    rows.get(i).put(column.getKey(), values.get(i));
                } else if (column.getKey().equals(timeField)) {
                    throw malformed(id, "measurement " + i + " has no time");
                }
            }
        }
        return rows;
    }

    private static int integer(String id, BsonDocument control, String key) throws UnsupportedBucketException {
        BsonValue value = control.get(key);
        if (value == null) {
            throw malformed(id, "it has no control." + key);
        }
        if (value.isInt32()) {
            return value.asInt32().getValue();
        }
        if (value.isInt64() && value.asInt64().getValue() == (int) value.asInt64().getValue()) {
            return (int) value.asInt64().getValue();
        }
        throw malformed(id, "its control." + key + " is not an integer: " + value);
    }

    private static String describeId(BsonDocument bucket) {
        BsonValue id = bucket.get("_id");
        if (id == null) {
            return "(without _id)";
        }
        return id.isObjectId() ? id.asObjectId().getValue().toHexString() : new BsonDocument("_id", id).toJson();
    }

    private static UnsupportedBucketException malformed(String id, String why) {
        return new UnsupportedBucketException("malformed time-series bucket " + id + ": " + why);
    }
}
