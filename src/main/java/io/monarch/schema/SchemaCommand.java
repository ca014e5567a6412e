package io.monarch.schema;

import org.bson.BsonDocument;

/** One thing a plan step does to the database: a command, or a check that a collection is empty before it is dropped. */
public sealed interface SchemaCommand {
    /** A database command, exactly as {@code db.runCommand} takes it. */
    record Run(BsonDocument command) implements SchemaCommand {
    }

    /** Stops the migration if the collection holds documents: schema changes never drop data. */
    record RequireEmpty(String collection) implements SchemaCommand {
    }

    default BsonDocument toDocument() {
        if (this instanceof Run run) {
            return run.command();
        }
        return new BsonDocument("requireEmpty", new org.bson.BsonString(((RequireEmpty) this).collection()));
    }
}
