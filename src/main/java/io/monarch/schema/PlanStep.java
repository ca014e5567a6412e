package io.monarch.schema;

import org.bson.BsonArray;
import org.bson.BsonBoolean;
import org.bson.BsonDocument;
import org.bson.BsonInt64;
import org.bson.BsonString;
import org.bson.BsonValue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One change a plan makes, with the commands that make it ({@link #forward()}) and those that undo it
 * ({@link #backward()}); the generated migration's run() and rollback() are exactly these.
 */
public sealed interface PlanStep {
    /** The collection or view it changes. */
    String collection();

    /** {@code +} adds, {@code ~} changes, {@code -} drops, {@code !} cannot be done by a schema step. */
    char symbol();

    /** What it does, e.g. {@code create index email_1 {email: 1} unique}. */
    String title();

    /** Lines under the title: the options of what is created, or the difference of what changes. */
    default List<String> details() {
        return List.of();
    }

    List<SchemaCommand> forward();

    List<SchemaCommand> backward();

    default BsonDocument toDocument() {
        String kind = getClass().getSimpleName().replaceAll("([a-z])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT);
        BsonDocument doc = new BsonDocument("kind", new BsonString(kind))
                .append("change", new BsonString(symbol() + " " + title()))
                .append("collection", new BsonString(collection()));
        BsonArray details = new BsonArray();
        details().forEach(d -> details.add(new BsonString(d)));
        doc.append("details", details);
        doc.append("run", commands(forward())).append("rollback", commands(backward()));
        return doc;
    }

    private static BsonArray commands(List<SchemaCommand> commands) {
        BsonArray array = new BsonArray();
        commands.forEach(c -> array.add(c.toDocument()));
        return array;
    }

    /** An index in one line: {@code email_1 {email: 1} unique, expireAfterSeconds: 3600}. */
    static String describe(IndexSchema index) {
        StringBuilder s = new StringBuilder(index.name()).append(' ').append(BsonValues.shortJson(index.keys()));
        String sep = " ";
        for (Map.Entry<String, BsonValue> option : index.options().entrySet()) {
            s.append(sep);
            sep = ", ";
            if (option.getValue().isBoolean() && option.getValue().asBoolean().getValue()) {
                s.append(option.getKey());
            } else {
                s.append(option.getKey()).append(": ").append(BsonValues.shortJson(option.getValue()));
            }
        }
        return s.toString();
    }

    private static List<String> optionLines(BsonDocument options) {
        List<String> lines = new ArrayList<>();
        options.forEach((k, v) -> lines.add(k + ": " + BsonValues.shortJson(v)));
        return lines;
    }

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
            return optionLines(declared.options());
        }

        public List<SchemaCommand> forward() {
            return List.of(Commands.create(declared));
        }

        public List<SchemaCommand> backward() {
            return List.of(new SchemaCommand.RequireEmpty(declared.name()), Commands.drop(declared.name()));
        }
    }

    record CreateView(CollectionSchema declared) implements PlanStep {
        public String collection() {
            return declared.name();
        }

        public char symbol() {
            return '+';
        }

        public String title() {
            return "create view on " + declared.options().getString("viewOn").getValue();
        }

        public List<String> details() {
            BsonDocument shown = declared.options().clone();
            shown.remove("viewOn");
            return optionLines(shown);
        }

        public List<SchemaCommand> forward() {
            return List.of(Commands.create(declared));
        }

        public List<SchemaCommand> backward() {
            return List.of(Commands.drop(declared.name()));
        }
    }

    record CreateIndex(String collection, IndexSchema index) implements PlanStep {
        public char symbol() {
            return '+';
        }

        public String title() {
            return "create index " + describe(index);
        }

        public List<SchemaCommand> forward() {
            return List.of(Commands.createIndex(collection, index));
        }

        public List<SchemaCommand> backward() {
            return List.of(Commands.dropIndex(collection, index.name()));
        }
    }

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

        /** Every field is given, at its default when absent, so that collMod also removes what is no longer declared. */
        private static BsonDocument fields(BsonDocument validation) {
            return new BsonDocument("validator", validation.isDocument("validator") ? validation.getDocument("validator") : new BsonDocument())
                    .append("validationLevel", validation.getString("validationLevel", new BsonString("strict")))
                    .append("validationAction", validation.getString("validationAction", new BsonString("error")));
        }
    }

    record ChangeTtl(String collection, String index, BsonValue before, BsonValue after) implements PlanStep {
        public char symbol() {
            return '~';
        }

        public String title() {
            return "change TTL of index " + index + ": " + BsonValues.shortJson(before) + " → " + BsonValues.shortJson(after)
                    + " seconds (collMod)";
        }

        public List<SchemaCommand> forward() {
            return List.of(Commands.collModIndex(collection, index, "expireAfterSeconds", after));
        }

        public List<SchemaCommand> backward() {
            return List.of(Commands.collModIndex(collection, index, "expireAfterSeconds", before));
        }
    }

    record ChangeIndexHidden(String collection, String index, boolean hidden) implements PlanStep {
        public char symbol() {
            return '~';
        }

        public String title() {
            return (hidden ? "hide" : "unhide") + " index " + index + " (collMod)";
        }

        public List<SchemaCommand> forward() {
            return List.of(Commands.collModIndex(collection, index, "hidden", BsonBoolean.valueOf(hidden)));
        }

        public List<SchemaCommand> backward() {
            return List.of(Commands.collModIndex(collection, index, "hidden", BsonBoolean.valueOf(!hidden)));
        }
    }

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

    /** An index whose change no collMod makes: dropped, then created as declared (rollback: the reverse). */
    record RecreateIndex(String collection, IndexSchema before, IndexSchema after, String reason) implements PlanStep {
        public char symbol() {
            return '~';
        }

        public String title() {
            return "recreate index " + after.name() + " (drop, then create: " + reason + ")";
        }

        public List<String> details() {
            List<String> lines = new ArrayList<>(List.of("- " + describe(before)));
            lines.add("+ " + describe(after));
            return lines;
        }

        public List<SchemaCommand> forward() {
            return List.of(Commands.dropIndex(collection, before.name()), Commands.createIndex(collection, after));
        }

        public List<SchemaCommand> backward() {
            return List.of(Commands.dropIndex(collection, after.name()), Commands.createIndex(collection, before));
        }
    }

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
    }

    record DropIndex(String collection, IndexSchema index) implements PlanStep {
        public char symbol() {
            return '-';
        }

        public String title() {
            return "drop index " + describe(index);
        }

        public List<SchemaCommand> forward() {
            return List.of(Commands.dropIndex(collection, index.name()));
        }

        public List<SchemaCommand> backward() {
            return List.of(Commands.createIndex(collection, index));
        }
    }

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
            return List.of(new SchemaCommand.RequireEmpty(actual.name()), Commands.drop(actual.name()));
        }

        public List<SchemaCommand> backward() {
            List<SchemaCommand> commands = new ArrayList<>(List.of(Commands.create(actual)));
            actual.indexes().forEach(index -> commands.add(Commands.createIndex(actual.name(), index)));
            return commands;
        }
    }

    record DropView(CollectionSchema actual) implements PlanStep {
        public String collection() {
            return actual.name();
        }

        public char symbol() {
            return '-';
        }

        public String title() {
            return "drop view on " + actual.options().getString("viewOn").getValue();
        }

        public List<SchemaCommand> forward() {
            return List.of(Commands.drop(actual.name()));
        }

        public List<SchemaCommand> backward() {
            return List.of(Commands.create(actual));
        }
    }

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
    }
}
