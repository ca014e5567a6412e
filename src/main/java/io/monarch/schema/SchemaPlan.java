package io.monarch.schema;

import org.bson.BsonArray;
import org.bson.BsonBoolean;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonString;

import java.util.List;

/**
 * What would bring a database to its schema files: the steps in the order they run, what the database has
 * that no file declares (kept unless {@code prune}), and notes on what this server cannot compare.
 */
public record SchemaPlan(String database, boolean prune, List<PlanStep> steps, List<NotDeclared> notDeclared, List<String> notes) {
    public SchemaPlan {
        steps = List.copyOf(steps);
        notDeclared = List.copyOf(notDeclared);
        notes = List.copyOf(notes);
    }

    /** Whether the database differs from its schema files (the CLI's exit 4); what is only not declared does not count. */
    public boolean hasChanges() {
        return !steps.isEmpty();
    }

    /** Grouped by collection, for a terminal: {@code + create index ...}, {@code ~ change validator ...}, {@code - drop index ...}. */
    public String render() {
        return PlanText.render(this);
    }

    public BsonDocument toDocument() {
        BsonArray stepDocs = new BsonArray();
        steps.forEach(s -> stepDocs.add(s.toDocument()));
        BsonArray undeclared = new BsonArray();
        notDeclared.forEach(n -> undeclared.add(n.toDocument()));
        BsonArray noteDocs = new BsonArray();
        notes.forEach(n -> noteDocs.add(new BsonString(n)));
        return new BsonDocument("database", new BsonString(database))
                .append("prune", BsonBoolean.valueOf(prune))
                .append("changes", new BsonInt32(steps.size()))
                .append("steps", stepDocs)
                .append("notDeclared", undeclared)
                .append("notes", noteDocs);
    }
}
