package io.monarch.schema;

import io.monarch.codegen.SchemaMigrationGenerator.Call;

import java.util.List;

/** A view holds no documents, so any change of it is made by dropping and creating it again. */
record ChangeView(CollectionSchema before, CollectionSchema after) implements PlanStep {
    public String collection() {
        return after.name();
    }

    public char symbol() {
        return '~';
    }

    public String title() {
        return "change view (drop, then create)";
    }

    public List<String> details() {
        return JsonDifference.between(before.options(), after.options());
    }

    public List<SchemaCommand> forward() {
        return List.of(Commands.drop(after.name()), Commands.create(after));
    }

    public List<SchemaCommand> backward() {
        return List.of(Commands.drop(after.name()), Commands.create(before));
    }

    public List<Call> migrationRun() {
        return List.of(Calls.replaceView(before, after));
    }

    public List<Call> migrationRollback() {
        return List.of(Calls.replaceView(after, before));
    }
}
