package io.monarch.schema;

import io.monarch.codegen.SchemaMigrationGenerator.Call;
import org.bson.BsonDocument;

import java.util.List;

/**
 * The calls on {@link io.monarch.api.SchemaSteps} that a generated migration makes for plan steps, each of which
 * checks what the database has before it acts. Their documents are those {@link Commands} sends.
 */
final class Calls {
    private Calls() {
    }

    static Call createCollection(CollectionSchema collection) {
        return new Call("createCollection", collection.name(), List.of(collection.options()));
    }

    static Call dropCollection(CollectionSchema collection) {
        return new Call("dropCollection", collection.name(), List.of(collection.options()));
    }

    static Call createView(CollectionSchema view) {
        return new Call("createView", view.name(), List.of(view.options()));
    }

    static Call dropView(CollectionSchema view) {
        return new Call("dropView", view.name(), List.of(view.options()));
    }

    static Call replaceView(CollectionSchema before, CollectionSchema after) {
        return new Call("replaceView", after.name(), List.of(before.options(), after.options()));
    }

    /** collMod of a collection's options: {@code before} and {@code after} in collMod's fields. */
    static Call changeCollection(String collection, BsonDocument before, BsonDocument after) {
        return new Call("changeCollection", collection, List.of(before, after));
    }

    static Call createIndex(String collection, IndexSchema index) {
        return new Call("createIndex", collection, List.of(index.spec()));
    }

    static Call dropIndex(String collection, IndexSchema index) {
        return new Call("dropIndex", collection, List.of(index.spec()));
    }

    static Call replaceIndex(String collection, IndexSchema before, IndexSchema after) {
        return new Call("replaceIndex", collection, List.of(before.spec(), after.spec()));
    }

    /** collMod of an index's TTL or hidden flag, between these two whole specs. */
    static Call changeIndex(String collection, IndexSchema before, IndexSchema after) {
        return new Call("changeIndex", collection, List.of(before.spec(), after.spec()));
    }
}
