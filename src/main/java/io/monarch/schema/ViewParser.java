package io.monarch.schema;

import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.BsonString;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.SequenceNode;

import java.util.List;
import java.util.Map;
import java.util.Set;

/** Reads one entry under {@code views:}: the collection it reads, its pipeline and its collation. */
final class ViewParser {
    private static final Set<String> VIEW_KEYS = Set.of("viewOn", "pipeline", "collation");

    private final StrictYaml yaml;
    private final CollationParser collations;

    ViewParser(StrictYaml yaml, CollationParser collations) {
        this.yaml = yaml;
        this.collations = collations;
    }

    CollectionSchema parse(String name, String source, Node node) {
        String where = "views." + name;
        MappingNode map = yaml.mapping(node, where, "\n  " + name + ":\n    viewOn: users\n    pipeline:\n      - $match: {active: true}");
        Map<String, Node> keys = yaml.keys(map, VIEW_KEYS, where);
        if (!keys.containsKey("viewOn")) {
            throw yaml.error(map, where + " has no viewOn; name the collection it reads, e.g. viewOn: users");
        }
        BsonDocument options = new BsonDocument("viewOn", new BsonString(yaml.string(keys.get("viewOn"), where + ".viewOn")));
        BsonArray pipeline = new BsonArray();
        if (keys.containsKey("pipeline") && !StrictYaml.isNull(keys.get("pipeline"))) {
            Node pipelineNode = keys.get("pipeline");
            if (!(pipelineNode instanceof SequenceNode stages)) {
                throw yaml.error(pipelineNode, where + ".pipeline must be a list of stages, e.g.\n"
                        + "    pipeline:\n      - $match: {active: true}");
            }
            for (Node stage : stages.getValue()) {
                pipeline.add(yaml.document(stage, "a stage of " + where + ".pipeline", "- $match: {active: true}"));
            }
        }
        options.put("pipeline", pipeline);
        if (keys.containsKey("collation")) {
            options.put("collation", collations.parse(keys.get("collation"), where + ".collation"));
        }
        return new CollectionSchema(name, options, List.of(), source);
    }
}
