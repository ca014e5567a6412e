package io.monarch.schema;

import io.monarch.codegen.SchemaMigrationGenerator.Call;
import org.bson.BsonBoolean;
import org.bson.BsonDocument;
import org.bson.BsonInt64;
import org.bson.BsonString;
import org.bson.BsonValue;

import java.util.ArrayList;
import java.util.List;

/**
 * The options collMod changes besides the validator: change-stream pre/post images, a time-series or
 * clustered collection's expiry, a capped collection's size and count.
 */
record ChangeOptions(String collection, BsonDocument before, BsonDocument after) implements PlanStep {
    public char symbol() {
        return '~';
    }

    public String title() {
        return "change options " + String.join(", ", changed()) + " (collMod)";
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

    private List<String> changed() {
        List<String> names = new ArrayList<>();
        for (String key : List.of("changeStreamPreAndPostImages", "expireAfterSeconds", "size", "max")) {
            if (!BsonValues.same(before.get(key), after.get(key))) {
                names.add(key);
            }
        }
        return names;
    }

    /** collMod's spelling of each changed option, with the value that turns it off when it is absent. */
    private BsonDocument fields(BsonDocument options) {
        BsonDocument fields = new BsonDocument();
        for (String key : changed()) {
            BsonValue value = options.get(key);
            switch (key) {
                case "changeStreamPreAndPostImages" -> fields.put(key, value != null ? value : new BsonDocument("enabled", BsonBoolean.FALSE));
                case "expireAfterSeconds" -> fields.put(key, value != null ? value : new BsonString("off"));
                case "size" -> fields.put("cappedSize", value != null ? value : new BsonInt64(0));
                default -> fields.put("cappedMax", value != null ? value : new BsonInt64(0));
            }
        }
        return fields;
    }
}
