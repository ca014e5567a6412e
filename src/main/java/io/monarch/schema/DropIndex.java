package io.monarch.schema;

import io.monarch.codegen.SchemaMigrationGenerator.Call;

import java.util.List;

record DropIndex(String collection, IndexSchema index) implements PlanStep {
    public char symbol() {
        return '-';
    }

    public String title() {
        return "drop index " + index.describe();
    }

    public List<SchemaCommand> forward() {
        return List.of(Commands.dropIndex(collection, index.name()));
    }

    public List<SchemaCommand> backward() {
        return List.of(Commands.createIndex(collection, index));
    }

    public List<Call> migrationRun() {
        return List.of(Calls.dropIndex(collection, index));
    }

    public List<Call> migrationRollback() {
        return List.of(Calls.createIndex(collection, index));
    }
}
