package io.monarch.schema;

import io.monarch.codegen.SchemaMigrationGenerator.Call;
import org.bson.BsonDocument;

import java.util.List;

record CreateView(CollectionSchema declared) implements PlanStep {
    public String collection() {
        return declared.name();
    }

    public char symbol() {
        return '+';
    }

    public String title() {
        return "create view on " + declared.viewOn();
    }

    public List<String> details() {
        BsonDocument shown = declared.options().clone();
        shown.remove("viewOn");
        return BsonValues.lines(shown);
    }

    public List<SchemaCommand> forward() {
        return List.of(Commands.create(declared));
    }

    public List<SchemaCommand> backward() {
        return List.of(Commands.drop(declared.name()));
    }

    public List<Call> migrationRun() {
        return List.of(Calls.createView(declared));
    }

    public List<Call> migrationRollback() {
        return List.of(Calls.dropView(declared));
    }
}
