package io.monarch.schema;

import io.monarch.codegen.SchemaMigrationGenerator.Call;

import java.util.List;

/** An index's TTL changed by collMod; {@code before} and {@code after} are the whole index, for what a migration finds. */
record ChangeTtl(String collection, IndexSchema before, IndexSchema after) implements PlanStep {
    public char symbol() {
        return '~';
    }

    public String title() {
        return "change TTL of index " + before.name() + ": " + BsonValues.shortJson(before.options().get("expireAfterSeconds")) + " → "
                + BsonValues.shortJson(after.options().get("expireAfterSeconds")) + " seconds (collMod)";
    }

    public List<SchemaCommand> forward() {
        return List.of(Commands.collModIndex(collection, before.name(), "expireAfterSeconds", after.options().get("expireAfterSeconds")));
    }

    public List<SchemaCommand> backward() {
        return List.of(Commands.collModIndex(collection, before.name(), "expireAfterSeconds", before.options().get("expireAfterSeconds")));
    }

    public List<Call> migrationRun() {
        return List.of(Calls.changeIndex(collection, before, after));
    }

    public List<Call> migrationRollback() {
        return List.of(Calls.changeIndex(collection, after, before));
    }
}
