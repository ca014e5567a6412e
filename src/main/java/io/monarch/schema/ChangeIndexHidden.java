package io.monarch.schema;

import org.bson.BsonBoolean;

import java.util.List;

record ChangeIndexHidden(String collection, String index, boolean hidden) implements PlanStep {
    public char symbol() {
        return '~';
    }

    public String title() {
        return (hidden ? "hide" : "unhide") + " index " + index + " (collMod)";
    }

    public List<SchemaCommand> forward() {
        return List.of(Commands.collModIndex(collection, index, "hidden", BsonBoolean.valueOf(hidden)));
    }

    public List<SchemaCommand> backward() {
        return List.of(Commands.collModIndex(collection, index, "hidden", BsonBoolean.valueOf(!hidden)));
    }
}
