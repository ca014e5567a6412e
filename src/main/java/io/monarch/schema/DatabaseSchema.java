package io.monarch.schema;

import java.util.List;
import java.util.Optional;

/** The collections and views of one database, declared in schema files or read from an environment. */
public record DatabaseSchema(List<CollectionSchema> collections) {
    public DatabaseSchema {
        collections = List.copyOf(collections);
    }

    public Optional<CollectionSchema> find(String name) {
        return collections.stream().filter(c -> c.name().equals(name)).findFirst();
    }

    /** Only the named collection (or view), for pulling one. */
    public DatabaseSchema only(String name) {
        return new DatabaseSchema(collections.stream().filter(c -> c.name().equals(name)).toList());
    }
}
