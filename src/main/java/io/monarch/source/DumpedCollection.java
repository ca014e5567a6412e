package io.monarch.source;

import io.monarch.intent.CollectionIntent;
import java.util.Set;

/**
 * One namespace of a dump: a collection or view of one of its databases, or the oplog mongodump wrote beside
 * them with {@code --oplog} (database "", collection "oplog").
 */
public record DumpedCollection(String database, CollectionIntent intent) {
    public static final String OPLOG = "oplog";
    /** The server's own databases, which a restore leaves out. */
    public static final Set<String> SERVER_DATABASES = Set.of("admin", "config", "local");

    public static DumpedCollection oplog() {
        return new DumpedCollection("", CollectionIntent.plain(OPLOG));
    }

    public boolean isOplog() {
        return database.isEmpty() && OPLOG.equals(intent.name());
    }

    public String name() {
        return intent.name();
    }

    public String namespace() {
        return database + "." + intent.name();
    }
}
