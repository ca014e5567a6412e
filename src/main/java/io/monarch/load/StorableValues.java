package io.monarch.load;

import org.bson.BsonBinaryReader;
import org.bson.BsonBinarySubType;
import org.bson.BsonDocument;
import org.bson.BsonType;
import org.bson.BsonValue;
import org.bson.RawBsonDocument;
import org.bson.json.JsonMode;
import org.bson.json.JsonWriterSettings;

import java.util.Optional;

/**
 * What the embedded server (mongo-java-server) can keep: it refuses binary values of subtypes other than 0, 3, 4
 * and 128 (3 and 4 only as 16-byte UUIDs) and JavaScript with scope, answering the whole request with an error
 * (mongo/ErrorReplyingProtocolHandler). A restore or copy into an embedded environment looks for them first, so
 * that it fails naming the collection, the document and the value, before anything in the target changes.
 */
final class StorableValues {
    private StorableValues() {
    }

    /** The first value of the document the embedded server cannot store, described; empty when there is none. */
    static Optional<String> firstUnstorable(RawBsonDocument document) {
        try (BsonBinaryReader reader = new BsonBinaryReader(document.getByteBuffer().asNIO())) {
            return inDocument(reader, "");
        }
    }

    private static Optional<String> inDocument(BsonBinaryReader reader, String path) {
        reader.readStartDocument();
        while (reader.readBsonType() != BsonType.END_OF_DOCUMENT) {
            String field = path.isEmpty() ? reader.readName() : path + "." + reader.readName();
            Optional<String> found = inValue(reader, field);
            if (found.isPresent()) {
                return found;
            }
        }
        reader.readEndDocument();
        return Optional.empty();
    }

    private static Optional<String> inValue(BsonBinaryReader reader, String field) {
        switch (reader.getCurrentBsonType()) {
            case DOCUMENT:
                return inDocument(reader, field);
            case ARRAY: {
                reader.readStartArray();
                int i = 0;
                while (reader.readBsonType() != BsonType.END_OF_DOCUMENT) {
                    Optional<String> found = inValue(reader, field + "." + i++);
                    if (found.isPresent()) {
                        return found;
                    }
                }
                reader.readEndArray();
                return Optional.empty();
            }
            case BINARY: {
                byte subtype = reader.peekBinarySubType();
                int size = reader.peekBinarySize();
                reader.skipValue();
                boolean uuid = subtype == BsonBinarySubType.UUID_LEGACY.getValue() || subtype == BsonBinarySubType.UUID_STANDARD.getValue();
                if (subtype == 0 || (subtype & 0xff) == 0x80 || (uuid && size == 16)) {
                    return Optional.empty();
                }
                return Optional.of(field + " is a binary of subtype " + (subtype & 0xff) + (uuid ? " and " + size + " bytes" : ""));
            }
            case JAVASCRIPT_WITH_SCOPE:
                return Optional.of(field + " is JavaScript with scope");
            default:
                reader.skipValue();
                return Optional.empty();
        }
    }

    /** The document's _id for a message. */
    static String idOf(RawBsonDocument document) {
        BsonValue id = document.get("_id");
        if (id == null) {
            return "(no _id)";
        }
        String json = new BsonDocument("v", id).toJson(JsonWriterSettings.builder().outputMode(JsonMode.RELAXED).build());
        return json.substring("{\"v\": ".length(), json.length() - 1);
    }
}
