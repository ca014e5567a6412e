package io.monarch.schema;

import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.BsonString;
import org.bson.BsonValue;

import java.util.List;

/** The database commands that schema steps are made of, as {@code db.runCommand} takes them. */
final class Commands {
    private Commands() {
    }

    /** {@code create}, for a collection with its options or for a view. */
    static SchemaCommand create(CollectionSchema collection) {
        BsonDocument command = new BsonDocument("create", new BsonString(collection.name()));
        command.putAll(collection.options().clone());
        return new SchemaCommand.Run(command);
    }

    static SchemaCommand createIndex(String collection, IndexSchema index) {
        return new SchemaCommand.Run(new BsonDocument("createIndexes", new BsonString(collection))
                .append("indexes", new BsonArray(List.of(index.spec()))));
    }

    static SchemaCommand dropIndex(String collection, String index) {
        return new SchemaCommand.Run(new BsonDocument("dropIndexes", new BsonString(collection)).append("index", new BsonString(index)));
    }

    static SchemaCommand drop(String collection) {
        return new SchemaCommand.Run(new BsonDocument("drop", new BsonString(collection)));
    }

    /** A drop that first stops the migration if the collection holds documents: schema changes never drop data. */
    static List<SchemaCommand> dropEmpty(String collection) {
        return List.of(new SchemaCommand.RequireEmpty(collection), drop(collection));
    }

    /** {@code collMod} with the given fields. */
    static SchemaCommand collMod(String collection, BsonDocument fields) {
        BsonDocument command = new BsonDocument("collMod", new BsonString(collection));
        command.putAll(fields);
        return new SchemaCommand.Run(command);
    }

    /** {@code collMod} of one index, by name: its TTL or whether it is hidden. */
    static SchemaCommand collModIndex(String collection, String index, String option, BsonValue value) {
        return collMod(collection, new BsonDocument("index", new BsonDocument("name", new BsonString(index)).append(option, value)));
    }
}
