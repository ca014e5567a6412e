package io.monarch.schema;

import io.monarch.codegen.SchemaMigrationGenerator.Call;
import org.bson.BsonBoolean;

import java.util.List;

/** An index hidden or shown by collMod; {@code before} and {@code after} are the whole index, for what a migration finds. */
record ChangeIndexHidden(String collection, IndexSchema before, IndexSchema after) implements PlanStep {
    public char symbol() {
        return '~';
    }

    public String title() {
        return (hidden() ? "hide" : "unhide") + " index " + before.name() + " (collMod)";
    }

    public List<SchemaCommand> forward() {
        return List.of(Commands.collModIndex(collection, before.name(), "hidden", BsonBoolean.valueOf(hidden())));
    }

    public List<SchemaCommand> backward() {
        return List.of(Commands.collModIndex(collection, before.name(), "hidden", BsonBoolean.valueOf(!hidden())));
    }

    public List<Call> migrationRun() {
        return List.of(Calls.changeIndex(collection, before, after));
    }

    public List<Call> migrationRollback() {
        return List.of(Calls.changeIndex(collection, after, before));
    }

    private boolean hidden() {
        return after.options().containsKey("hidden");
    }
}
