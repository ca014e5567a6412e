package io.monarch.schema;

import io.monarch.codegen.SchemaMigrationGenerator.Call;

import java.util.ArrayList;
import java.util.List;

/** An index whose change no collMod makes: dropped, then created as declared (rollback: the reverse). */
record RecreateIndex(String collection, IndexSchema before, IndexSchema after, String reason) implements PlanStep {
    public char symbol() {
        return '~';
    }

    public String title() {
        return "recreate index " + after.name() + " (drop, then create: " + reason + ")";
    }

    public List<String> details() {
        List<String> lines = new ArrayList<>(List.of("- " + before.describe()));
        lines.add("+ " + after.describe());
        return lines;
    }

    public List<SchemaCommand> forward() {
        return List.of(Commands.dropIndex(collection, before.name()), Commands.createIndex(collection, after));
    }

    public List<SchemaCommand> backward() {
        return List.of(Commands.dropIndex(collection, after.name()), Commands.createIndex(collection, before));
    }

    public List<Call> migrationRun() {
        return List.of(Calls.replaceIndex(collection, before, after));
    }

    public List<Call> migrationRollback() {
        return List.of(Calls.replaceIndex(collection, after, before));
    }
}
