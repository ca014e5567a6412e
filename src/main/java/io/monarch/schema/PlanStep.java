package io.monarch.schema;

import io.monarch.codegen.SchemaMigrationGenerator.Call;
import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.BsonString;

import java.util.List;
import java.util.Locale;

/**
 * One change a plan makes, with the commands that make it ({@link #forward()}) and those that undo it
 * ({@link #backward()}), as {@code plan --json} shows them; the generated migration makes the same change through
 * {@link io.monarch.api.SchemaSteps} ({@link #migrationRun()}, {@link #migrationRollback()}), which first checks what
 * the database has. Each kind of change is its own record; {@link Planner} puts them in the order they must run.
 */
public sealed interface PlanStep permits CreateCollection, CannotChange, ChangeValidator, ChangeOptions, DropIndex,
        RecreateIndex, ChangeTtl, ChangeIndexHidden, CreateIndex, CreateView, ChangeView, DropView, DropCollection {
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

    /** What the generated migration's run() calls for it: the same change, made only after checking what is there. */
    List<Call> migrationRun();

    /** What the generated migration's rollback() calls for it, with the same checks. */
    List<Call> migrationRollback();

    /** Its kind is the record's name in snake case: {@code create_index}, {@code change_validator}. */
    default BsonDocument toDocument() {
        String kind = getClass().getSimpleName().replaceAll("([a-z])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
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
}
