package io.monarch.schema;

import org.bson.BsonArray;
import org.bson.BsonBoolean;
import org.bson.BsonDateTime;
import org.bson.BsonDocument;
import org.bson.BsonDouble;
import org.bson.BsonInt32;
import org.bson.BsonInt64;
import org.bson.BsonNull;
import org.bson.BsonString;
import org.bson.BsonValue;
import org.bson.json.JsonParseException;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

import java.math.BigInteger;
import java.nio.file.Path;
import java.util.Date;
import java.util.Set;

/**
 * Turns a YAML value (a validator, a pipeline, a filter) into BSON. YAML's own scalars become BSON's
 * (int, long, double, bool, null, string; an unquoted date a BSON date); a one-key mapping in MongoDB's
 * extended JSON ({@code {$oid: ...}}, {@code {$date: ...}}, {@code {$numberLong: ...}}, ...) becomes that type.
 */
final class YamlBson {
    private static final Set<String> EXTENDED_JSON_KEYS = Set.of("$oid", "$date", "$numberLong", "$numberInt",
            "$numberDouble", "$numberDecimal", "$binary", "$uuid", "$timestamp", "$regularExpression", "$minKey",
            "$maxKey", "$symbol", "$code", "$dbPointer", "$undefined");

    private final Path file;

    YamlBson(Path file) {
        this.file = file;
    }

    BsonValue value(Node node) {
        if (node instanceof ScalarNode scalar) {
            return scalar(scalar);
        }
        if (node instanceof SequenceNode sequence) {
            BsonArray array = new BsonArray();
            for (Node item : sequence.getValue()) {
                array.add(value(item));
            }
            return array;
        }
        MappingNode mapping = (MappingNode) node;
        BsonDocument document = new BsonDocument();
        for (NodeTuple tuple : mapping.getValue()) {
            String key = key(tuple.getKeyNode());
            if (document.containsKey(key)) {
                throw new SchemaFileException(file, line(tuple.getKeyNode()), "'" + key + "' is written twice in this mapping; keep one");
            }
            document.put(key, value(tuple.getValueNode()));
        }
        if (document.size() == 1 && EXTENDED_JSON_KEYS.contains(document.getFirstKey())) {
            return extendedJson(document, mapping);
        }
        return document;
    }

    BsonDocument document(Node node, String what, String example) {
        if (!(node instanceof MappingNode)) {
            throw new SchemaFileException(file, line(node), what + " must be a mapping; write e.g. " + example);
        }
        return value(node).asDocument();
    }

    String key(Node node) {
        if (node instanceof ScalarNode scalar) {
            return scalar.getValue();
        }
        throw new SchemaFileException(file, line(node), "a key must be a single word or a quoted string");
    }

    private BsonValue scalar(ScalarNode scalar) {
        Tag tag = scalar.getTag();
        if (Tag.STR.equals(tag) || !scalar.isPlain()) {
            return new BsonString(scalar.getValue());
        }
        // Plain scalars are resolved by snakeyaml's own rules (ints with '_', .inf, yes/no, dates).
        Object value;
        try {
            value = new Yaml(new LoaderOptions()).load(scalar.getValue());
        } catch (RuntimeException e) {
            throw new SchemaFileException(file, line(scalar), "'" + scalar.getValue() + "' is not a value YAML can read ("
                    + e.getMessage() + "); put it in quotes to make it a string");
        }
        if (value == null) {
            return BsonNull.VALUE;
        }
        if (value instanceof Boolean b) {
            return BsonBoolean.valueOf(b);
        }
        if (value instanceof Integer i) {
            return new BsonInt32(i);
        }
        if (value instanceof Long l) {
            return new BsonInt64(l);
        }
        if (value instanceof BigInteger) {
            throw new SchemaFileException(file, line(scalar), scalar.getValue() + " is too large for a 64-bit integer; "
                    + "write {$numberDecimal: \"" + scalar.getValue() + "\"}");
        }
        if (value instanceof Double d) {
            return new BsonDouble(d);
        }
        if (value instanceof Date date) {
            return new BsonDateTime(date.getTime());
        }
        return new BsonString(scalar.getValue());
    }

    private BsonValue extendedJson(BsonDocument document, Node node) {
        try {
            return BsonDocument.parse(new BsonDocument("v", document).toJson(BsonValues.RELAXED)).get("v");
        } catch (JsonParseException | IllegalArgumentException e) {
            throw new SchemaFileException(file, line(node), document.getFirstKey() + " is MongoDB extended JSON, but "
                    + BsonValues.shortJson(document) + " is not valid: " + e.getMessage()
                    + "; write e.g. {$date: \"2024-01-01T00:00:00Z\"} or {$oid: \"65a1b2c3d4e5f60718293a4b\"}");
        }
    }

    static int line(Node node) {
        return node.getStartMark() != null ? node.getStartMark().getLine() + 1 : 0;
    }
}
