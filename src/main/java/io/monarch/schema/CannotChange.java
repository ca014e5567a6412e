package io.monarch.schema;

import io.monarch.codegen.SchemaMigrationGenerator.Call;

import java.util.List;

/**
 * A difference no schema step can make without moving documents (a collation, time-series or clustered
 * settings, capped or not, a collection where a view is declared): shown, left to a hand-written migration.
 */
record CannotChange(String collection, String what, List<String> differences) implements PlanStep {
    public char symbol() {
        return '!';
    }

    public String title() {
        return "cannot change " + what + " in place: it is fixed when the collection is created; "
                + "write a migration that copies the documents into a new collection";
    }

    public List<String> details() {
        return differences;
    }

    public List<SchemaCommand> forward() {
        return List.of();
    }

    public List<SchemaCommand> backward() {
        return List.of();
    }

    public List<Call> migrationRun() {
        return List.of();
    }

    public List<Call> migrationRollback() {
        return List.of();
    }
}
