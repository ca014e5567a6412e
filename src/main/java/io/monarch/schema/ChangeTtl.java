package io.monarch.schema;

import org.bson.BsonValue;

import java.util.List;

record ChangeTtl(String collection, String index, BsonValue before, BsonValue after) implements PlanStep {
    public char symbol() {
        return '~';
    }

    public String title() {
        return "change TTL of index " + index + ": " + BsonValues.shortJson(before) + " → " + BsonValues.shortJson(after)
                + " seconds (collMod)";
    }

    public List<SchemaCommand> forward() {
        return List.of(Commands.collModIndex(collection, index, "expireAfterSeconds", after));
    }

    public List<SchemaCommand> backward() {
        return List.of(Commands.collModIndex(collection, index, "expireAfterSeconds", before));
    }
}
