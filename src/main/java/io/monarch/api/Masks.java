package io.monarch.api;

import org.bson.BsonBinary;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonInt64;
import org.bson.BsonObjectId;
import org.bson.BsonString;
import org.bson.BsonValue;
import org.bson.Document;
import org.bson.types.ObjectId;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The masks a QuerySet applies with {@link QuerySetContext#mask}. */
public final class Masks {
    private static final Map<String, List<String>> FAKES = Map.of(
            "name", List.of("Ada Byron", "Grace Hopper", "Alan Kay", "Barbara Liskov", "Edsger Dijkstra", "Frances Allen",
                    "Donald Knuth", "Margaret Hamilton", "Ken Thompson", "Radia Perlman", "John Backus", "Katherine Johnson"),
            "first_name", List.of("Ada", "Grace", "Alan", "Barbara", "Edsger", "Frances", "Donald", "Margaret", "Ken", "Radia"),
            "last_name", List.of("Byron", "Hopper", "Kay", "Liskov", "Dijkstra", "Allen", "Knuth", "Hamilton", "Thompson", "Perlman"),
            "city", List.of("Springfield", "Riverton", "Fairview", "Greenville", "Madison", "Georgetown", "Clinton", "Franklin"),
            "company", List.of("Acme Corp", "Globex", "Initech", "Umbrella", "Hooli", "Stark Industries", "Wayne Enterprises"));

    private Masks() {
    }

    /** {@code <10 hex>@example.com}: still unique per address, still an email. */
    public static Mask email() {
        return (value, secret) -> new BsonString(hex(secret.of(value), 5) + "@example.com");
    }

    /**
     * A keyed hash of the same type where that keeps references joining: an ObjectId stays an ObjectId, an int
     * an int, a long a long; anything else becomes a 32-hex-digit string.
     */
    public static Mask hash() {
        return (value, secret) -> {
            byte[] h = secret.of(value);
            return switch (value.getBsonType()) {
                case OBJECT_ID -> new BsonObjectId(new ObjectId(Arrays.copyOf(h, 12)));
                case INT32 -> new BsonInt32(ByteBuffer.wrap(h).getInt() & Integer.MAX_VALUE);
                case INT64 -> new BsonInt64(ByteBuffer.wrap(h).getLong() & Long.MAX_VALUE);
                case BINARY -> new BsonBinary(value.asBinary().getType(), Arrays.copyOf(h, value.asBinary().getData().length));
                default -> new BsonString(hex(h, 16));
            };
        };
    }

    /** The same value everywhere. */
    public static Mask constant(Object value) {
        BsonValue bson = new BsonDocument("v", toBson(value)).get("v");
        return (ignored, secret) -> bson;
    }

    /** A realistic fake, picked by the value's keyed hash: "name", "first_name", "last_name", "city", "company", "phone". */
    public static Mask fake(String kind) {
        String k = kind.toLowerCase(Locale.ROOT);
        if (k.equals("phone")) {
            return (value, secret) -> new BsonString(String.format("+1-555-%04d", (ByteBuffer.wrap(secret.of(value)).getInt() & 0x7fffffff) % 10000));
        }
        List<String> choices = FAKES.get(k);
        if (choices == null) {
            throw new IllegalArgumentException("no fake of kind '" + kind + "'; use one of name, first_name, last_name, city, company, phone");
        }
        return (value, secret) -> new BsonString(choices.get((ByteBuffer.wrap(secret.of(value)).getInt() & 0x7fffffff) % choices.size()));
    }

    /** Removes the field. */
    public static Mask drop() {
        return (value, secret) -> null;
    }

    private static String hex(byte[] bytes, int count) {
        return HexFormat.of().formatHex(bytes, 0, count);
    }

    private static BsonValue toBson(Object value) {
        Document wrapper = new Document("v", value);
        return wrapper.toBsonDocument().get("v");
    }
}
