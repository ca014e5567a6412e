package io.monarch.schema;

import io.monarch.codegen.SchemaMigrationGenerator.Call;

import java.util.List;

record DropView(CollectionSchema actual) implements PlanStep {
    public String collection() {
        return actual.name();
    }

    public char symbol() {
        return '-';
    }

    public String title() {
        return "drop view on " + actual.viewOn();
    }

    public List<SchemaCommand> forward() {
        return List.of(Commands.drop(actual.name()));
    }

    public List<SchemaCommand> backward() {
        return List.of(Commands.create(actual));
    }

    public List<Call> migrationRun() {
        return List.of(Calls.dropView(actual));
    }

    public List<Call> migrationRollback() {
        return List.of(Calls.createView(actual));
    }
}
