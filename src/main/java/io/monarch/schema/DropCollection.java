package io.monarch.schema;

import io.monarch.codegen.SchemaMigrationGenerator.Call;

import java.util.ArrayList;
import java.util.List;

/** Drops a collection only while it is empty: its documents are never part of a schema change. */
record DropCollection(CollectionSchema actual, long documents) implements PlanStep {
    public String collection() {
        return actual.name();
    }

    public char symbol() {
        return '-';
    }

    public String title() {
        return "drop collection" + (documents > 0 ? " (it holds " + documents + " documents: the migration stops "
                + "there until they are moved or deleted)" : " (empty)");
    }

    public List<SchemaCommand> forward() {
        return Commands.dropEmpty(actual.name());
    }

    public List<SchemaCommand> backward() {
        List<SchemaCommand> commands = new ArrayList<>(List.of(Commands.create(actual)));
        actual.indexes().forEach(index -> commands.add(Commands.createIndex(actual.name(), index)));
        return commands;
    }

    public List<Call> migrationRun() {
        return List.of(Calls.dropCollection(actual));
    }

    public List<Call> migrationRollback() {
        List<Call> calls = new ArrayList<>(List.of(Calls.createCollection(actual)));
        actual.indexes().forEach(index -> calls.add(Calls.createIndex(actual.name(), index)));
        return calls;
    }
}
