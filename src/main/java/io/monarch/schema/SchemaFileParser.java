package io.monarch.schema;

import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads one schema file ({@code collections:} and {@code views:}) into {@link CollectionSchema}s: checks each
 * name and that none is declared twice, and hands each entry to {@link CollectionParser} or {@link ViewParser}.
 */
final class SchemaFileParser {
    private static final Set<String> TOP_KEYS = Set.of("collections", "views");

    private final StrictYaml yaml;
    private final CollectionParser collections;
    private final ViewParser views;

    private SchemaFileParser(Path file) {
        this.yaml = new StrictYaml(file);
        CollationParser collations = new CollationParser(yaml);
        this.collections = new CollectionParser(yaml, collations, new IndexParser(yaml, collations));
        this.views = new ViewParser(yaml, collations);
    }

    static List<CollectionSchema> parse(Path file) {
        return new SchemaFileParser(file).read();
    }

    private List<CollectionSchema> read() {
        Node root = yaml.root();
        if (root == null) {
            return List.of();
        }
        Map<String, Node> top = yaml.keys(yaml.mapping(root, "a schema file", "collections:\n  users:\n    indexes:\n      - keys: {email: 1}"),
                TOP_KEYS, "the top level");
        List<CollectionSchema> result = new ArrayList<>();
        Map<String, Node> seen = new LinkedHashMap<>();
        if (top.containsKey("collections")) {
            for (NodeTuple tuple : entries(top.get("collections"), "collections")) {
                String name = collectionName(tuple.getKeyNode(), seen);
                result.add(collections.parse(name, yaml.source(tuple.getKeyNode()), tuple.getValueNode()));
            }
        }
        if (top.containsKey("views")) {
            for (NodeTuple tuple : entries(top.get("views"), "views")) {
                String name = collectionName(tuple.getKeyNode(), seen);
                result.add(views.parse(name, yaml.source(tuple.getKeyNode()), tuple.getValueNode()));
            }
        }
        return result;
    }

    private List<NodeTuple> entries(Node node, String where) {
        if (StrictYaml.isNull(node)) {
            return List.of();
        }
        return yaml.mapping(node, where, where + ":\n  users:\n    indexes: ...").getValue();
    }

    private String collectionName(Node keyNode, Map<String, Node> seen) {
        String name = yaml.key(keyNode);
        if (name.isEmpty() || name.contains("$") || name.contains("\0") || name.startsWith("system.")) {
            throw yaml.error(keyNode, "'" + name + "' is not a name for a collection; "
                    + "use letters, digits, '_', '-' or '.', without '$' and not starting with 'system.'");
        }
        if (seen.containsKey(name)) {
            throw yaml.error(keyNode, name + " is declared twice in this file (also at line "
                    + StrictYaml.line(seen.get(name)) + "); keep one");
        }
        seen.put(name, keyNode);
        return name;
    }
}
