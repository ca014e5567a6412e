package io.monarch.schema;

import io.monarch.config.KeySuggestion;
import org.bson.BsonDocument;
import org.bson.BsonString;
import org.bson.BsonValue;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.Tag;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * One schema file's YAML, read node by node and strictly: mappings with only the keys allowed there, words,
 * choices, booleans and whole numbers. Works on snakeyaml's node tree so that every error names its line, and
 * what to write instead; free-form values (a validator, a filter, a stage) become BSON through {@link YamlBson}.
 */
final class StrictYaml {
    private final Path file;
    private final YamlBson bson;

    StrictYaml(Path file) {
        this.file = file;
        this.bson = new YamlBson(file);
    }

    /** The file's root node; null for an empty file. */
    Node root() {
        try (Reader reader = Files.newBufferedReader(file)) {
            return new Yaml(new LoaderOptions()).compose(reader);
        } catch (MarkedYAMLException e) {
            int line = e.getProblemMark() != null ? e.getProblemMark().getLine() + 1 : 0;
            throw new SchemaFileException(file, line, "not valid YAML: " + e.getProblem()
                    + " (check the indentation and the ':' after each key)");
        } catch (IOException e) {
            throw new SchemaFileException(file, 0, "cannot read it: " + e.getMessage());
        }
    }

    /** A problem at this node, for the caller to throw. */
    SchemaFileException error(Node node, String message) {
        return new SchemaFileException(file, line(node), message);
    }

    /** Where a collection or view is declared, for messages: {@code users.yml:3}. */
    String source(Node keyNode) {
        return file.getFileName() + ":" + line(keyNode);
    }

    MappingNode mapping(Node node, String where, String example) {
        if (node instanceof MappingNode m) {
            return m;
        }
        throw error(node, where + " must be a mapping of 'key: value' lines; write e.g."
                + (example.startsWith("\n") ? "" : " ") + example);
    }

    /** The keys of a mapping; an unknown one is an error naming the closest known key. */
    Map<String, Node> keys(MappingNode map, Set<String> allowed, String where) {
        Map<String, Node> result = new LinkedHashMap<>();
        for (NodeTuple tuple : map.getValue()) {
            String key = bson.key(tuple.getKeyNode());
            if (!allowed.contains(key)) {
                throw error(tuple.getKeyNode(), "unknown key '" + key + "' under " + where
                        + KeySuggestion.closest(key, allowed) + "; the keys allowed here are: "
                        + String.join(", ", allowed.stream().sorted().toList()));
            }
            if (result.containsKey(key)) {
                throw error(tuple.getKeyNode(), "'" + key + "' is written twice under " + where + "; keep one");
            }
            result.put(key, tuple.getValueNode());
        }
        return result;
    }

    /** {@link #mapping} then {@link #keys}, both naming the node as {@code where}. */
    Map<String, Node> fields(Node node, String where, String example, Set<String> allowed) {
        return keys(mapping(node, where, example), allowed, where);
    }

    /** A key as written: a collection's name, a field of a key pattern. */
    String key(Node node) {
        return bson.key(node);
    }

    String string(Node node, String where) {
        if (node instanceof ScalarNode s && !isNull(node) && !s.getValue().isBlank()) {
            return s.getValue();
        }
        throw error(node, where + " must be a single word or quoted string");
    }

    BsonString choice(Node node, String where, String... choices) {
        String value = string(node, where);
        for (String choice : choices) {
            if (choice.equals(value)) {
                return new BsonString(value);
            }
        }
        throw error(node, where + " is '" + value + "'; write one of " + String.join(", ", choices));
    }

    boolean bool(Node node, String where) {
        BsonValue value = scalar(node);
        if (value != null && value.isBoolean()) {
            return value.asBoolean().getValue();
        }
        throw error(node, where + " must be true or false");
    }

    /** A size, a count, a bucket span: a whole number above 0. */
    BsonValue positive(Node node, String where) {
        return wholeNumber(node, 1, where + " must be a whole number above 0");
    }

    /** An expiry: a whole number of seconds, 0 or more. */
    BsonValue seconds(Node node, String where) {
        return wholeNumber(node, 0, where + " must be a whole number of seconds, 0 or more");
    }

    private BsonValue wholeNumber(Node node, long least, String rule) {
        BsonValue value = scalar(node);
        if (value != null && (value.isInt32() || value.isInt64()) && value.asNumber().longValue() >= least) {
            return value;
        }
        throw error(node, rule);
    }

    private BsonValue scalar(Node node) {
        return node instanceof ScalarNode ? bson.value(node) : null;
    }

    /** Any YAML value as BSON. */
    BsonValue value(Node node) {
        return bson.value(node);
    }

    /** A mapping written in MongoDB's own terms (a validator, a filter, a stage) as BSON. */
    BsonDocument document(Node node, String what, String example) {
        return bson.document(node, what, example);
    }

    static boolean isNull(Node node) {
        return node instanceof ScalarNode s && Tag.NULL.equals(s.getTag());
    }

    static int line(Node node) {
        return YamlBson.line(node);
    }
}
