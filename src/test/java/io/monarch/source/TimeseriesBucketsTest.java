package io.monarch.source;

import static io.monarch.source.BsonColumnWriter.runLength;
import static io.monarch.source.BsonColumnWriter.word;
import static io.monarch.source.BsonColumnWriter.zigZag;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.bson.BsonArray;
import org.bson.BsonBinary;
import org.bson.BsonBinaryReader;
import org.bson.BsonBinarySubType;
import org.bson.BsonBoolean;
import org.bson.BsonDateTime;
import org.bson.BsonDecimal128;
import org.bson.BsonDocument;
import org.bson.BsonDouble;
import org.bson.BsonInt32;
import org.bson.BsonInt64;
import org.bson.BsonNull;
import org.bson.BsonObjectId;
import org.bson.BsonString;
import org.bson.BsonTimestamp;
import org.bson.BsonValue;
import org.bson.RawBsonDocument;
import org.bson.codecs.BsonDocumentCodec;
import org.bson.codecs.DecoderContext;
import org.bson.types.Decimal128;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.Test;

/**
 * Buckets as a MongoDB 5.0+ server writes them (version 1 by hand, versions 2 and 3 through the independent
 * {@link BsonColumnWriter} and byte for byte from MongoDB's own jstests) come back as the measurements inserted.
 */
class TimeseriesBucketsTest {

    private static final TimeseriesBuckets SENSORS =
            TimeseriesBuckets.of(BsonDocument.parse("{timeField: 't', metaField: 'm', granularity: 'seconds'}"));
    private static final TimeseriesBuckets NO_META = TimeseriesBuckets.of(BsonDocument.parse("{timeField: 't'}"));
    private static final long T0 = 1_700_000_000_000L; // 2023-11-14T22:13:20Z

    // ---- version 1 ----

    @Test
    void version1BucketUnpacksToItsMeasurementsWithTimeThenMetaThenTheOtherFields() throws Exception {
        ObjectId id1 = new ObjectId("6553f1000000000000000001");
        ObjectId id2 = new ObjectId("6553f1000000000000000002");
        ObjectId id3 = new ObjectId("6553f1000000000000000003");
        List<BsonDocument> inserted = List.of(
                measurement(id1, T0, "temp", new BsonDouble(20.5)),
                measurement(id2, T0 + 1000, "temp", new BsonDouble(21.0)),
                measurement(id3, T0 + 2000, "temp", new BsonDouble(19.75)));
        BsonDocument meta = BsonDocument.parse("{sensor: 7, site: 'north'}");
        RawBsonDocument bucket = version1(inserted, meta);
        assertEquals(List.of("_id", "t", "temp"), List.copyOf(bucket.getDocument("data").keySet()));

        List<RawBsonDocument> measurements = SENSORS.unpack(bucket);

        assertEquals(3, measurements.size());
        for (int i = 0; i < 3; i++) {
            BsonDocument expected = new BsonDocument("t", inserted.get(i).get("t")).append("m", meta)
                    .append("_id", inserted.get(i).get("_id")).append("temp", inserted.get(i).get("temp"));
            assertEquals(expected, measurements.get(i));
            assertEquals(List.of("t", "m", "_id", "temp"), List.copyOf(measurements.get(i).keySet()));
        }
        // The byte[] form reads the same.
        assertEquals(measurements, SENSORS.unpack(bucket.getByteBuffer().array()));
    }

    @Test
    void version1BucketWithoutMetaHasNoMetaField() throws Exception {
        List<BsonDocument> inserted = List.of(
                measurement(new ObjectId(), T0, "v", new BsonInt32(1)),
                measurement(new ObjectId(), T0 + 5, "v", new BsonInt32(2)));
        RawBsonDocument bucket = version1(inserted, null);

        List<RawBsonDocument> measurements = NO_META.unpack(bucket);
        // Also when the collection has a metaField but the bucket's measurements had none.
        assertEquals(measurements, SENSORS.unpack(bucket));

        assertEquals(List.of("t", "_id", "v"), List.copyOf(measurements.get(0).keySet()));
        assertEquals(new BsonInt32(2), measurements.get(1).get("v"));
        assertEquals(new BsonDateTime(T0 + 5), measurements.get(1).get("t"));
    }

    @Test
    void version1SparseFieldsAndNestedValuesComeBackAsInserted() throws Exception {
        List<BsonDocument> inserted = List.of(
                BsonDocument.parse("{_id: {$oid: '6553f1000000000000000001'}, t: {$date: 1700000000000}, a: 1,"
                        + " reading: {v: 1.5, unit: 'C', raw: [1, 2]}}"),
                BsonDocument.parse("{_id: {$oid: '6553f1000000000000000002'}, t: {$date: 1700000001000},"
                        + " b: 'only here'}"),
                BsonDocument.parse("{_id: {$oid: '6553f1000000000000000003'}, t: {$date: 1700000002000}, a: 3,"
                        + " reading: {v: 2.5}, tags: ['x', {y: null}]}"));
        RawBsonDocument bucket = version1(inserted, new BsonString("device-9"));

        List<RawBsonDocument> measurements = SENSORS.unpack(bucket);

        assertEquals(3, measurements.size());
        for (int i = 0; i < 3; i++) {
            assertEquals(withMeta(inserted.get(i), new BsonString("device-9")), measurements.get(i));
        }
        assertEquals(List.of("t", "m", "_id", "b"), List.copyOf(measurements.get(1).keySet()));
    }

    @Test
    void malformedBucketsAreRefusedNamingTheBucket() {
        RawBsonDocument good = version1(List.of(measurement(new ObjectId(), T0, "v", new BsonInt32(1)),
                measurement(new ObjectId(), T0 + 1, "v", new BsonInt32(2))), new BsonInt32(4));
        String id = good.getObjectId("_id").getValue().toHexString();

        assertRefused(change(good, b -> b.remove("control")), id, "no control document");
        assertRefused(change(good, b -> b.put("data", new BsonArray())), id, "data is not a document");
        assertRefused(change(good, b -> b.getDocument("control").put("version", new BsonInt32(4))), id,
                "control.version 4 is not 1, 2 or 3");
        assertRefused(change(good, b -> b.getDocument("control").remove("version")), id, "no control.version");
        assertRefused(change(good, b -> b.getDocument("data").getDocument("v").put("x", new BsonInt32(3))), id,
                "row key 'x' that is not a number");
        assertRefused(change(good, b -> b.getDocument("data").getDocument("t").put("01", new BsonDateTime(T0))), id,
                "row key '01' that is not a number");
        assertRefused(change(good, b -> b.getDocument("data").getDocument("v").put("2", new BsonInt32(3))), id,
                "row 2 of field 'v' has no time");
        assertRefused(change(good, b -> b.getDocument("data").remove("t")), id, "no column for the timeField 't'");
        assertRefused(change(good, b -> b.getDocument("data").put("v", new BsonInt32(1))), id,
                "data field 'v' is not a document of rows");
        assertRefused(change(good, b -> b.getDocument("control").put("count", new BsonInt32(3))), id,
                "control.count is 3 but it holds 2 measurements");
        assertRefused(change(good, b -> b.getDocument("data").put("m", new BsonDocument())), id,
                "column for the metaField 'm'");
        // A compressed bucket whose data are still documents of rows.
        assertRefused(change(good, b -> b.getDocument("control").put("version", new BsonInt32(2))), id,
                "data field '_id' is not a BSON column (BinData subtype 7)");

        UnsupportedBucketException noMeta = assertThrows(UnsupportedBucketException.class, () -> NO_META.unpack(good));
        assertTrue(noMeta.getMessage().contains("has a meta but the collection has no metaField"), noMeta.getMessage());
        UnsupportedBucketException noId = assertThrows(UnsupportedBucketException.class,
                () -> SENSORS.unpack(change(good, b -> {
                    b.remove("_id");
                    b.remove("control");
                })));
        assertTrue(noId.getMessage().contains("(without _id)"), noId.getMessage());
        assertThrows(IllegalArgumentException.class, () -> TimeseriesBuckets.of(BsonDocument.parse("{metaField: 'm'}")));
    }

    // ---- versions 2 and 3: known bytes ----

    @Test
    void compressedBucketsFromMongoDbsOwnTestsUnpack() throws Exception {
        // jstests: a bucket with its time column out of order (validate flags it; it still holds 2 measurements).
        RawBsonDocument outOfOrder = raw(new BsonDocument("_id", oid("630ea4802093f9983fc394dc"))
                .append("control", BsonDocument.parse("{version: 2, min: {_id: {$oid: '630fabf7c388456f8aea4f2d'},"
                        + " t: {$date: '2022-08-31T00:00:00Z'}, a: 0}, max: {_id: {$oid: '630fabf7c388456f8aea4f2f'},"
                        + " t: {$date: '2022-08-31T00:00:01Z'}, a: 1}, count: 2}"))
                .append("data", new BsonDocument("t", column("CQDolzLxggEAAID+fAAAAAAAAAA="))
                        .append("_id", column("BwBjD6v3w4hFb4rqTy2ATgAAAAAAAAAA"))
                        .append("a", column("EAAAAAAAgC4AAAAAAAAAAA=="))));
        assertEquals(List.of(
                BsonDocument.parse("{t: {$date: '2022-08-31T00:00:01Z'}, _id: {$oid: '630fabf7c388456f8aea4f2d'}, a: 0}"),
                BsonDocument.parse("{t: {$date: '2022-08-31T00:00:00Z'}, _id: {$oid: '630fabf7c388456f8aea4f2f'}, a: 1}")),
                NO_META.unpack(outOfOrder));

        // jstests: two measurements 39.448 s into a bucket of 2024-01-16T20:48Z, _ids one apart.
        RawBsonDocument twoIds = raw(new BsonDocument("_id", oid("65a6eb806ffc9fa4280ecac4"))
                .append("control", BsonDocument.parse("{version: 2, min: {_id: {$oid: '65a6eba7e6d2e848e08c3750'},"
                        + " t: {$date: '2024-01-16T20:48:00Z'}}, max: {_id: {$oid: '65a6eba7e6d2e848e08c3751'},"
                        + " t: {$date: '2024-01-16T20:48:39.448Z'}}, count: 2}"))
                .append("meta", new BsonInt32(0))
                .append("data", new BsonDocument("t", column("CQAYhggUjQEAAIAOAAAAAAAAAAA="))
                        .append("_id", column("BwBlpuun5tLoSOCMN1CALgAAAAAAAAAA"))));
        assertEquals(List.of(
                BsonDocument.parse("{t: {$date: '2024-01-16T20:48:39.448Z'}, m: 0, _id: {$oid: '65a6eba7e6d2e848e08c3750'}}"),
                BsonDocument.parse("{t: {$date: '2024-01-16T20:48:39.448Z'}, m: 0, _id: {$oid: '65a6eba7e6d2e848e08c3751'}}")),
                SENSORS.unpack(twoIds));

        // jstests (change streams): a one-measurement bucket, then the binary diff that appended a second one.
        byte[] ts = Base64.getDecoder().decode("CQDoAwAAAAAAAAA=");
        byte[] id = Base64.getDecoder().decode("AQAAAAAAAADwPwA=");
        byte[] tsAfter = splice(ts, 10, Base64.getDecoder().decode("gA4AAAAAAAAAAA=="));
        byte[] idAfter = splice(id, 10, Base64.getDecoder().decode("kA4AAAAAAAAAAA=="));
        TimeseriesBuckets changeStream = TimeseriesBuckets.of(BsonDocument.parse("{timeField: 'ts', metaField: 'meta'}"));
        RawBsonDocument appended = raw(new BsonDocument("_id", new BsonObjectId(new ObjectId()))
                .append("control", BsonDocument.parse("{version: 2, min: {_id: 1, ts: {$date: 0}},"
                        + " max: {_id: 1, ts: {$date: 1000}}, count: 2}"))
                .append("meta", BsonDocument.parse("{a: 1}"))
                .append("data", new BsonDocument("ts", new BsonBinary(BsonBinarySubType.COLUMN, tsAfter))
                        .append("_id", new BsonBinary(BsonBinarySubType.COLUMN, idAfter))));
        BsonDocument both = BsonDocument.parse("{ts: {$date: 1000}, meta: {a: 1}, _id: 1.0}");
        assertEquals(List.of(both, both), changeStream.unpack(appended));

        // jstests (upgrade): a string column, a double _id and a string meta.
        RawBsonDocument upgrade = raw(new BsonDocument("_id", new BsonObjectId(new ObjectId()))
                .append("control", BsonDocument.parse("{version: 2, min: {_id: 1, t: {$date: '2024-05-01T00:00:00Z'},"
                        + " v: 'preUpgrade'}, max: {_id: 1, t: {$date: '2024-05-01T00:00:00Z'}, v: 'preUpgrade'},"
                        + " count: 1}"))
                .append("meta", new BsonString("preUpgrade"))
                .append("data", new BsonDocument("t", column("CQAAcHMxjwEAAAA="))
                        .append("_id", column("AQAAAAAAAADwPwA="))
                        .append("v", column("AgALAAAAcHJlVXBncmFkZQAA"))));
        assertEquals(List.of(BsonDocument.parse(
                "{t: {$date: '2024-05-01T00:00:00Z'}, m: 'preUpgrade', _id: 1.0, v: 'preUpgrade'}")),
                SENSORS.unpack(upgrade));
    }

    @Test
    void aColumnFromMongoDbsValidateTestsHoldsAThousandValues() throws Exception {
        // jstests (validate, checkBSONConformance: "one valid BSON Column"): double 2.0, then a run at scale 1 of a
        // run-length word (960 repeats of delta 0), 30 two-bit zeros, 8 seven-bit zeros (selector 7 without
        // extension) and one 60-bit zero.
        byte[] column = Base64.getDecoder().decode("AQAAAAAAAAAAQJN/AAAAAAAAAAIAAAAAAAAABwAAAAAAAAAOAAAAAAAAAAA=");
        assertEquals(Collections.nCopies(1000, new BsonDouble(2.0)), BsonColumn.decode(column));
    }

    // ---- versions 2 and 3: the independent writer ----

    @Test
    void compressedColumnsRoundTripEveryCommonType() throws Exception {
        List<List<BsonValue>> columns = new ArrayList<>();
        columns.add(values(i -> i % 7 == 3 ? null : new BsonInt32(1000 - i * i)));          // ints, with skips
        columns.add(values(i -> new BsonInt64(5_000_000_000L + 17L * i)));                  // longs
        columns.add(values(i -> new BsonDateTime(T0 + 60_000L * i)));                       // dates every minute
        columns.add(values(i -> new BsonDateTime(T0 + (long) i * i * 37 - (i % 3) * 11)));  // irregular dates
        columns.add(values(i -> new BsonDouble(20 + i * 0.25)));                            // scale 100
        columns.add(values(i -> new BsonDouble(Math.sqrt(i + 2))));                         // bits as integer
        columns.add(values(i -> new BsonDouble(-3.125 * i)));                               // negative
        columns.add(values(i -> new BsonObjectId(new ObjectId(0x6553f100 + i / 3,
                0x123456 + i)))); // same process, counter and seconds rising
        columns.add(values(i -> new BsonString("sensor-" + (i % 12))));                     // short strings
        columns.add(values(i -> new BsonString(i % 5 == 0 ? "a string longer than sixteen bytes #" + i : "s" + i)));
        columns.add(values(i -> BsonBoolean.valueOf(i % 4 < 2)));
        columns.add(values(i -> new BsonTimestamp(1_700_000_000 + i / 10, i % 10 + 1)));
        columns.add(values(i -> new BsonDecimal128(Decimal128.parse("12.5" + i))));
        columns.add(values(i -> new BsonBinary(new byte[] {1, 2, (byte) i, 4})));
        columns.add(values(i -> i < 5 ? null : BsonNull.VALUE));                            // leading skips
        columns.add(values(i -> i % 10 == 0 ? new BsonString("text" + i) : new BsonInt32(i))); // types change
        for (List<BsonValue> values : columns) {
            BsonBinary column = BsonColumnWriter.column(values);
            assertEquals(values, BsonColumn.decode(column.getData()), () -> "column of " + values.get(9));
        }
    }

    @Test
    void runLengthBlocksRepeatThePreviousSlot() throws Exception {
        // After a literal a leading run-length block repeats delta 0; later ones the last slot, here +1 or a skip.
        byte[] column = new BsonColumnWriter()
                .literal(new BsonInt32(5))
                .run(0x8, runLength(1), word(14, zigZag(1)), runLength(2), word(13, zigZag(-3), null), runLength(1))
                .end().getData();
        List<BsonValue> expected = new ArrayList<>();
        expected.add(new BsonInt32(5));
        expected.addAll(Collections.nCopies(120, new BsonInt32(5)));
        for (int i = 6; i <= 6 + 240; i++) {
            expected.add(new BsonInt32(i));
        }
        expected.add(new BsonInt32(243));
        expected.addAll(Collections.nCopies(121, null));
        assertEquals(expected, BsonColumn.decode(column));

        // A second run after the first continues from its last slot (a skip here): a leading run-length block skips.
        byte[] continued = new BsonColumnWriter()
                .literal(new BsonInt64(9))
                .run(0x8, word(14, zigZag(2)), word(14, (Long) null))
                .run(0x8, runLength(1))
                .end().getData();
        List<BsonValue> skips = new ArrayList<>(List.of(new BsonInt64(9), new BsonInt64(11)));
        skips.addAll(Collections.nCopies(121, null));
        assertEquals(skips, BsonColumn.decode(continued));
    }

    @Test
    void extendedSelectorsCarryTrailingZeros() throws Exception {
        // Selector 7, extension 5: 5 slots of a 7-bit value and a 4-bit count of zero bits: +1000 (zig-zag 2000 =
        // 125 << 4), -8 (zig-zag 15), then three 0 deltas.
        long seven = 7 | 5L << 4 | slot(125, 4, 4) << 8 | slot(15, 0, 4) << 19;
        byte[] column = new BsonColumnWriter().literal(new BsonInt64(0)).run(0x8, seven).end().getData();
        List<BsonValue> expected = new ArrayList<>(List.of(new BsonInt64(0), new BsonInt64(1000), new BsonInt64(992)));
        expected.addAll(Collections.nCopies(3, new BsonInt64(992)));
        assertEquals(expected, BsonColumn.decode(column));

        // Selector 8, extension 8: 6 slots of a 4-bit value and a 5-bit count of zero nibbles (128-bit: strings).
        // "a" + 15 spaces -> "b" + 15 spaces is a delta of 1 in the string's first byte: 2^120, zig-zag 2^121.
        long eight = 8 | 8L << 4 | (2L << 5 | 30) << 8 | 0b111111111L << 17 | 0L << 26 | 0L << 35 | 0L << 44 | 0L << 53;
        byte[] strings = new BsonColumnWriter().literal(new BsonString("a" + " ".repeat(15))).run(0x8, eight).end()
                .getData();
        List<BsonValue> decoded = BsonColumn.decode(strings);
        assertEquals(List.of(new BsonString("a" + " ".repeat(15)), new BsonString("b" + " ".repeat(15))),
                decoded.subList(0, 2));
        assertEquals(null, decoded.get(2)); // the all-ones slot is a skip
        assertEquals(Collections.nCopies(4, new BsonString("b" + " ".repeat(15))), decoded.subList(3, 7));

        // And what the writer picks for minute-spaced dates with a jitter of whole seconds.
        List<BsonValue> dates = values(i -> new BsonDateTime(T0 + 60_000L * i + (i % 4) * 1000L));
        assertEquals(dates, BsonColumn.decode(BsonColumnWriter.column(dates).getData()));
    }

    @Test
    void interleavedObjectsComeBackRowByRow() throws Exception {
        List<BsonDocument> rows = new ArrayList<>();
        rows.add(BsonDocument.parse("{x: 1, pos: {lat: 52.5, lon: 13.25}, label: 'a'}"));
        rows.add(BsonDocument.parse("{x: 2, pos: {lat: 52.75, lon: 13.5}, label: 'b'}"));
        rows.add(BsonDocument.parse("{x: 2, label: 'b'}"));           // a sub-document missing
        rows.add(null);                                                // a missing row
        rows.add(BsonDocument.parse("{pos: {lon: 14.0}}"));            // missing scalars
        rows.add(BsonDocument.parse("{x: 5, pos: {lat: 53.0, lon: 14.0}, label: 'c'}"));
        byte[] column = new BsonColumnWriter().interleaved(rows)
                // Back in regular mode a delta of 0 repeats the last row.
                .run(0x8, word(14, 0L))
                .literal(new BsonInt32(7))
                .end().getData();

        List<BsonValue> expected = new ArrayList<>(rows);
        expected.add(rows.get(5));
        expected.add(new BsonInt32(7));
        assertEquals(expected, BsonColumn.decode(column));
    }

    @Test
    void compressedBucketsUnpackLikeTheirUncompressedForm() throws Exception {
        List<BsonDocument> inserted = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            BsonDocument m = new BsonDocument("_id", new BsonObjectId(new ObjectId(0x6553f100 + i, i)))
                    .append("t", new BsonDateTime(T0 + 1000L * i));
            if (i % 3 != 0) {
                m.append("temp", new BsonDouble(18 + (i % 40) * 0.1));
            }
            m.append("status", new BsonString(i % 50 == 0 ? "reboot" : "ok"));
            if (i % 25 == 0) {
                m.append("note", new BsonString("maintenance window " + i));
            }
            inserted.add(m);
        }
        BsonDocument meta = BsonDocument.parse("{sensor: 12}");
        RawBsonDocument v1 = version1(inserted, meta);
        List<RawBsonDocument> expected = SENSORS.unpack(v1);
        assertEquals(300, expected.size());
        for (int i = 0; i < 300; i++) {
            assertEquals(withMeta(inserted.get(i), meta), expected.get(i));
        }

        for (int version : new int[] {2, 3}) {
            RawBsonDocument compressed = compress(v1, version, 300);
            assertEquals(expected, SENSORS.unpack(compressed), "version " + version);
        }
        // Without control.count (buckets of 5.2 to 6.x may lack it) the time column says how many.
        RawBsonDocument noCount = change(compress(v1, 2, 300), b -> b.getDocument("control").remove("count"));
        assertEquals(expected, SENSORS.unpack(noCount));
    }

    @Test
    void corruptCompressedBucketsAreRefusedNamingTheBucket() {
        List<BsonDocument> inserted = List.of(measurement(new ObjectId(), T0, "v", new BsonInt32(1)),
                measurement(new ObjectId(), T0 + 1, "v", new BsonInt32(2)));
        RawBsonDocument good = compress(version1(inserted, null), 2, 2);
        String id = good.getObjectId("_id").getValue().toHexString();

        Consumer<BsonDocument> bogus = b -> b.getDocument("data")
                .put("v", new BsonBinary(BsonBinarySubType.COLUMN, new byte[] {0x10, 0, 1, 0, 0, 0, 0x20, 0}));
        assertCompressedRefused(change(good, bogus), id, "field 'v'", "control byte 0x20");
        Consumer<BsonDocument> truncated = b -> b.getDocument("data")
                .put("v", new BsonBinary(BsonBinarySubType.COLUMN, new byte[] {0x10, 0, 1, 0, 0, 0, (byte) 0x80, 1}));
        assertCompressedRefused(change(good, truncated), id, "field 'v'", "past the end");
        Consumer<BsonDocument> selectorZero = b -> b.getDocument("data").put("v", new BsonColumnWriter()
                .literal(new BsonInt32(1)).run(0x8, 0L).end());
        assertCompressedRefused(change(good, selectorZero), id, "field 'v'", "selector 0");
        Consumer<BsonDocument> unended = b -> b.getDocument("data")
                .put("v", new BsonBinary(BsonBinarySubType.COLUMN, new byte[] {0x10, 0, 1, 0, 0, 0}));
        assertCompressedRefused(change(good, unended), id, "field 'v'", "terminating 0 byte");
        Consumer<BsonDocument> scaledInt = b -> b.getDocument("data").put("v", new BsonColumnWriter()
                .literal(new BsonInt32(1)).run(0xA, word(14, 2L)).end());
        assertCompressedRefused(change(good, scaledInt), id, "field 'v'", "scaled delta run");

        // Columns that decode but disagree with the time column, or a time that is missing.
        assertRefused(change(good, b -> b.getDocument("data").put("v", BsonColumnWriter.column(
                List.of(new BsonInt32(1), new BsonInt32(2), new BsonInt32(3))))), id,
                "field 'v' has 3 values but the time column 2");
        assertRefused(change(good, b -> b.getDocument("data").put("t", BsonColumnWriter.column(
                Arrays.asList(new BsonDateTime(T0), null)))), id, "measurement 1 has no time");
        assertRefused(change(good, b -> b.getDocument("control").put("count", new BsonInt32(3))), id,
                "control.count is 3 but it holds 2 measurements");
    }

    // ---- helpers ----

    private static long slot(long significand, int zeros, int countBits) {
        return significand << countBits | zeros;
    }

    private static List<BsonValue> values(java.util.function.IntFunction<BsonValue> value) {
        List<BsonValue> values = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            values.add(value.apply(i));
        }
        return values;
    }

    private static BsonDocument measurement(ObjectId id, long time, String field, BsonValue value) {
        return new BsonDocument("_id", new BsonObjectId(id)).append("t", new BsonDateTime(time)).append(field, value);
    }

    private static BsonDocument withMeta(BsonDocument inserted, BsonValue meta) {
        BsonDocument expected = new BsonDocument("t", inserted.get("t")).append("m", meta);
        inserted.forEach((k, v) -> {
            if (!k.equals("t")) {
                expected.append(k, v);
            }
        });
        return expected;
    }

    /**
     * A version 1 bucket as MongoDB 5.0 writes it: columns in the order fields first appear, each keyed by row;
     * control.min and max field by field (the time's min rounded down to the minute, granularity "seconds").
     */
    static RawBsonDocument version1(List<BsonDocument> measurements, BsonValue meta) {
        Map<String, BsonDocument> columns = new LinkedHashMap<>();
        BsonDocument min = new BsonDocument();
        BsonDocument max = new BsonDocument();
        for (int row = 0; row < measurements.size(); row++) {
            for (Map.Entry<String, BsonValue> field : measurements.get(row).entrySet()) {
                columns.computeIfAbsent(field.getKey(), k -> new BsonDocument())
                        .append(Integer.toString(row), field.getValue());
                BsonValue value = field.getValue();
                if (!min.containsKey(field.getKey()) || compare(value, min.get(field.getKey())) < 0) {
                    min.put(field.getKey(), value);
                }
                if (!max.containsKey(field.getKey()) || compare(value, max.get(field.getKey())) > 0) {
                    max.put(field.getKey(), value);
                }
            }
        }
        long minTime = min.getDateTime("t").getValue();
        min.put("t", new BsonDateTime(minTime - Math.floorMod(minTime, 60_000)));
        BsonDocument data = new BsonDocument();
        columns.forEach(data::append);
        BsonDocument bucket = new BsonDocument("_id", new BsonObjectId(new ObjectId((int) (minTime / 1000), 0xBEEF)))
                .append("control", new BsonDocument("version", new BsonInt32(1)).append("min", min).append("max", max));
        if (meta != null) {
            bucket.append("meta", meta);
        }
        return raw(bucket.append("data", data));
    }

    /** Only what the tests' values need: numbers, dates, ObjectIds and strings by value, anything else as equal. */
    private static int compare(BsonValue a, BsonValue b) {
        if (a.isNumber() && b.isNumber()) {
            return Double.compare(a.asNumber().doubleValue(), b.asNumber().doubleValue());
        }
        if (a.isDateTime() && b.isDateTime()) {
            return Long.compare(a.asDateTime().getValue(), b.asDateTime().getValue());
        }
        if (a.isObjectId() && b.isObjectId()) {
            return a.asObjectId().getValue().compareTo(b.asObjectId().getValue());
        }
        if (a.isString() && b.isString()) {
            return a.asString().getValue().compareTo(b.asString().getValue());
        }
        return 0;
    }

    /** The same bucket with its columns compressed, as 5.2+ (version 2) or 8.0 (version 3) write it. */
    private static RawBsonDocument compress(RawBsonDocument version1, int version, int count) {
        BsonDocument bucket = mutable(version1);
        BsonDocument data = bucket.getDocument("data");
        for (String field : List.copyOf(data.keySet())) {
            BsonDocument rows = data.getDocument(field);
            List<BsonValue> column = new ArrayList<>(Collections.nCopies(count, null));
            rows.forEach((row, value) -> column.set(Integer.parseInt(row), value));
            // A column ends at its last value; trailing missing values are still skips so every column has count.
            data.put(field, BsonColumnWriter.column(column));
        }
        bucket.getDocument("control").put("version", new BsonInt32(version));
        bucket.getDocument("control").put("count", new BsonInt32(count));
        return raw(bucket);
    }

    private static RawBsonDocument change(RawBsonDocument bucket, Consumer<BsonDocument> change) {
        BsonDocument copy = mutable(bucket);
        change.accept(copy);
        return raw(copy);
    }

    private static BsonDocument mutable(RawBsonDocument document) {
        return new BsonDocumentCodec().decode(new BsonBinaryReader(document.getByteBuffer().asNIO()),
                DecoderContext.builder().build());
    }

    private static RawBsonDocument raw(BsonDocument document) {
        return new RawBsonDocument(document, new BsonDocumentCodec());
    }

    private static BsonObjectId oid(String hex) {
        return new BsonObjectId(new ObjectId(hex));
    }

    private static BsonBinary column(String base64) {
        return new BsonBinary(BsonBinarySubType.COLUMN, Base64.getDecoder().decode(base64));
    }

    /** A binary diff as the oplog records one: the bytes from {@code offset} replaced. */
    private static byte[] splice(byte[] bytes, int offset, byte[] replacement) {
        byte[] result = Arrays.copyOf(bytes, offset + replacement.length);
        System.arraycopy(replacement, 0, result, offset, replacement.length);
        return result;
    }

    private static void assertRefused(RawBsonDocument bucket, String id, String why) {
        UnsupportedBucketException e = assertThrows(UnsupportedBucketException.class, () -> SENSORS.unpack(bucket));
        assertTrue(e.getMessage().startsWith("malformed time-series bucket " + id + ": "), e.getMessage());
        assertTrue(e.getMessage().contains(why), e.getMessage());
    }

    private static void assertCompressedRefused(RawBsonDocument bucket, String id, String field, String why) {
        UnsupportedBucketException e = assertThrows(UnsupportedBucketException.class, () -> NO_META.unpack(bucket));
        assertTrue(e.getMessage().startsWith("compressed time-series bucket (version 2) " + id), e.getMessage());
        assertTrue(e.getMessage().contains(field), e.getMessage());
        assertTrue(e.getMessage().contains(why), e.getMessage());
    }
}
