package io.monarch.schema;

import io.monarch.codegen.SchemaMigrationGenerator.Call;
import org.bson.BsonDocument;
import org.bson.BsonString;

import java.util.List;

/** The validator with its level and action, as one collMod: they are reviewed together. */
record ChangeValidator(String collection, BsonDocument before, BsonDocument after) implements PlanStep {
    public char symbol() {
        return '~';
    }

    public String title() {
        return "change validator (collMod)";
    }

    public List<String> details() {
        return JsonDifference.between(before, after);
    }

    public List<SchemaCommand> forward() {
        return List.of(Commands.collMod(collection, fields(after)));
    }

    public List<SchemaCommand> backward() {
        return List.of(Commands.collMod(collection, fields(before)));
    }

    public List<Call> migrationRun() {
        return List.of(Calls.changeCollection(collection, fields(before), fields(after)));
    }

    public List<Call> migrationRollback() {
        return List.of(Calls.changeCollection(collection, fields(after), fields(before)));
    }

    /** Every field is given, at its default when absent, so that collMod also removes what is no longer declared. */
    private static BsonDocument fields(BsonDocument validation) {
        return new BsonDocument("validator", validation.isDocument("validator") ? validation.getDocument("validator") : new BsonDocument())
                .append("validationLevel", validation.getString("validationLevel", new BsonString("strict")))
                .append("validationAction", validation.getString("validationAction", new BsonString("error")));
    }
}
