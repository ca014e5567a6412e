package io.monarch.schema;

import org.bson.BsonBoolean;
import org.bson.BsonDocument;
import org.bson.BsonString;
import org.bson.BsonValue;
import org.yaml.snakeyaml.nodes.Node;

import java.util.Map;
import java.util.Set;

/** Reads a {@code collation:} of a collection, a view or an index, each field checked against what ICU takes. */
final class CollationParser {
    private static final Set<String> COLLATION_KEYS = Set.of("locale", "caseLevel", "caseFirst", "strength",
            "numericOrdering", "alternate", "maxVariable", "normalization", "backwards");

    private final StrictYaml yaml;

    CollationParser(StrictYaml yaml) {
        this.yaml = yaml;
    }

    BsonDocument parse(Node node, String where) {
        Map<String, Node> keys = yaml.fields(node, where, "collation: {locale: en, strength: 2}", COLLATION_KEYS);
        if (!keys.containsKey("locale")) {
            throw yaml.error(node, where + " has no locale; write e.g. collation: {locale: en, strength: 2}");
        }
        BsonDocument collation = new BsonDocument();
        for (var entry : keys.entrySet()) {
            String key = entry.getKey();
            Node value = entry.getValue();
            switch (key) {
                case "caseLevel", "numericOrdering", "normalization", "backwards" ->
                        collation.put(key, BsonBoolean.valueOf(yaml.bool(value, where + "." + key)));
                case "strength" -> {
                    BsonValue strength = yaml.value(value);
                    if (!strength.isInt32() || strength.asInt32().getValue() < 1 || strength.asInt32().getValue() > 5) {
                        throw yaml.error(value, where + ".strength must be 1 to 5 (1 base letters, "
                                + "2 accents, 3 case, the default)");
                    }
                    collation.put(key, strength);
                }
                case "caseFirst" -> collation.put(key, yaml.choice(value, where + "." + key, "upper", "lower", "off"));
                case "alternate" -> collation.put(key, yaml.choice(value, where + "." + key, "non-ignorable", "shifted"));
                case "maxVariable" -> collation.put(key, yaml.choice(value, where + "." + key, "punct", "space"));
                default -> collation.put(key, new BsonString(yaml.string(value, where + "." + key)));
            }
        }
        return collation;
    }
}
