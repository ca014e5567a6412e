package io.monarch.schema;

import org.bson.BsonDocument;
import org.bson.BsonValue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Writes one collection or view as a schema file that {@link SchemaFileParser} reads back to the same schema. */
final class SchemaFileWriter {
    /** The collection options in the order a reader expects them, each as the file spells it. */
    private static final List<String> OPTION_ORDER = List.of("validator", "validationLevel", "validationAction", "collation",
            "timeseries", "expireAfterSeconds", "clusteredIndex", "changeStreamPreAndPostImages");
    private static final List<String> INDEX_OPTION_ORDER = List.of("unique", "sparse", "hidden", "partialFilterExpression",
            "expireAfterSeconds", "collation", "weights", "default_language", "language_override", "wildcardProjection",
            "bits", "min", "max");

    private SchemaFileWriter() {
    }

    static String write(CollectionSchema collection) {
        YamlText yaml = new YamlText();
        String kind = collection.isView() ? "view" : "collection";
        yaml.comment("The " + kind + " " + collection.name() + "; `monarch plan <env>` shows how an environment differs.");
        if (collection.isView()) {
            yaml.open(0, "views");
            yaml.open(2, collection.name());
            BsonDocument options = collection.options();
            yaml.entry(4, "viewOn", options.get("viewOn"));
            yaml.entry(4, "pipeline", options.get("pipeline", new org.bson.BsonArray()));
            if (options.containsKey("collation")) {
                yaml.entry(4, "collation", options.get("collation"));
            }
            return yaml.text();
        }
        yaml.open(0, "collections");
        BsonDocument options = collection.options();
        if (options.isEmpty() && collection.indexes().isEmpty()) {
            yaml.entry(2, collection.name(), new BsonDocument());
            return yaml.text();
        }
        yaml.open(2, collection.name());
        for (String option : OPTION_ORDER) {
            if (option.equals("timeseries") && collection.isCapped()) {
                BsonDocument capped = new BsonDocument("size", options.get("size"));
                if (options.containsKey("max")) {
                    capped.put("max", options.get("max"));
                }
                yaml.entry(4, "capped", capped);
            }
            if (options.containsKey(option)) {
                yaml.entry(4, option, options.get(option));
            }
        }
        if (!collection.indexes().isEmpty()) {
            yaml.open(4, "indexes");
            for (IndexSchema index : collection.indexes()) {
                List<Map.Entry<String, BsonValue>> entries = new ArrayList<>();
                entries.add(Map.entry("keys", index.keys()));
                if (!index.name().equals(IndexSchema.defaultName(index.keys()))) {
                    entries.add(Map.entry("name", new org.bson.BsonString(index.name())));
                }
                for (String option : INDEX_OPTION_ORDER) {
                    if (index.options().containsKey(option)) {
                        entries.add(Map.entry(option, index.options().get(option)));
                    }
                }
                yaml.listItem(6, entries);
            }
        }
        return yaml.text();
    }
}
