package io.monarch.schema;

import io.monarch.codegen.SchemaMigrationGenerator.Call;

import java.util.List;

/** Creates a declared collection with its options; rolled back only while it is still empty. */
record CreateCollection(CollectionSchema declared) implements PlanStep {
    public String collection() {
        return declared.name();
    }

    public char symbol() {
        return '+';
    }

    public String title() {
        return "create collection";
    }

    public List<String> details() {
        return BsonValues.lines(declared.options());
    }

    public List<SchemaCommand> forward() {
        return List.of(Commands.create(declared));
    }

    public List<SchemaCommand> backward() {
        return Commands.dropEmpty(declared.name());
    }

    public List<Call> migrationRun() {
        return List.of(Calls.createCollection(declared));
    }

    public List<Call> migrationRollback() {
        return List.of(Calls.dropCollection(declared));
    }
}
