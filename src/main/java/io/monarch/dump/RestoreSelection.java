package io.monarch.dump;

import io.monarch.api.MonarchException;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Which of a dump's namespaces a restore loads, as mongorestore would take them: the one user database of the
 * dump (or the one {@code --from-db} names), without {@code admin}, {@code config}, {@code local} and
 * {@code system.*} collections, and without the oplog (not replayed); with {@code --collection}, only the
 * collections those names or globs match. What it leaves out is said once.
 */
final class RestoreSelection {
    private static final Set<String> SERVER_DATABASES = Set.of("admin", "config", "local");

    private final String database;
    private final List<CollectionIntent> intents;
    private final boolean whole;
    private final List<String> notes;

    private RestoreSelection(String database, List<CollectionIntent> intents, boolean whole, List<String> notes) {
        this.database = database;
        this.intents = intents;
        this.whole = whole;
        this.notes = notes;
    }

    /**
     * @param fromDb      the dump's database to restore; null: its only user database
     * @param collections names or globs ({@code *}, {@code ?}) of the collections to restore; empty: all
     */
    static RestoreSelection of(List<DumpedCollection> dumped, String fromDb, List<String> collections, String description) {
        Set<String> databases = new TreeSet<>();
        dumped.stream().filter(d -> !d.isOplog()).forEach(d -> databases.add(d.database()));
        Set<String> userDatabases = new TreeSet<>(databases);
        userDatabases.removeAll(SERVER_DATABASES);
        String database;
        if (fromDb != null) {
            if (!databases.contains(fromDb)) {
                throw MonarchException.usage(description + " holds no database " + fromDb + "; it holds: "
                        + (databases.isEmpty() ? "none" : String.join(", ", databases)) + ". Nothing was changed");
            }
            database = fromDb;
        } else if (userDatabases.size() == 1) {
            database = userDatabases.iterator().next();
        } else if (userDatabases.isEmpty()) {
            throw MonarchException.usage(description + " holds no database to restore"
                    + (databases.isEmpty() ? "" : " (only " + String.join(", ", databases) + ", which restore leaves out)")
                    + ". Nothing was changed");
        } else {
            throw MonarchException.usage(description + " holds several databases: " + String.join(", ", userDatabases)
                    + "; restore one into the environment with --from-db <db>. Nothing was changed");
        }
        List<Pattern> globs = collections.stream().map(RestoreSelection::glob).toList();
        Set<String> unmatched = new LinkedHashSet<>(collections);
        List<CollectionIntent> intents = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        boolean oplog = false;
        for (DumpedCollection d : dumped) {
            if (d.isOplog()) {
                oplog = true;
            } else if (!d.database().equals(database)) {
                skipped.add(d.namespace());
            } else if (d.name().startsWith("system.")) {
                skipped.add(d.namespace());
            } else if (globs.isEmpty() || matches(d.name(), globs, collections, unmatched)) {
                intents.add(d.intent());
            }
        }
        if (!unmatched.isEmpty()) {
            throw MonarchException.usage("--collection " + String.join(", ", unmatched) + " matches no collection of "
                    + database + " in " + description + "; it holds: " + String.join(", ",
                    dumped.stream().filter(d -> d.database().equals(database)).map(DumpedCollection::name).sorted().toList())
                    + ". Nothing was changed");
        }
        List<String> notes = new ArrayList<>();
        if (!skipped.isEmpty()) {
            notes.add("left out, as mongorestore does: " + String.join(", ", skipped.stream().sorted().toList())
                    + (databases.size() > 1 ? " (restore takes one database: " + database + ")" : ""));
        }
        if (oplog) {
            notes.add("the dump's oplog (mongodump --oplog) is not replayed: the collections are restored as they were dumped");
        }
        return new RestoreSelection(database, intents, collections.isEmpty(), notes);
    }

    private static boolean matches(String name, List<Pattern> globs, List<String> typed, Set<String> unmatched) {
        boolean any = false;
        for (int i = 0; i < globs.size(); i++) {
            if (globs.get(i).matcher(name).matches()) {
                unmatched.remove(typed.get(i));
                any = true;
            }
        }
        return any;
    }

    private static Pattern glob(String glob) {
        StringBuilder regex = new StringBuilder();
        for (char c : glob.toCharArray()) {
            regex.append(c == '*' ? ".*" : c == '?' ? "." : Pattern.quote(String.valueOf(c)));
        }
        return Pattern.compile(regex.toString());
    }

    /** The dump's database being restored. */
    String database() {
        return database;
    }

    List<CollectionIntent> intents() {
        return intents;
    }

    /** Whether every collection of the database is restored (the target's others are then dropped). */
    boolean whole() {
        return whole;
    }

    List<String> notes() {
        return notes;
    }

    /** A sink that hands the selected namespaces' documents on, by collection, and reads past the others. */
    DumpSource.DocumentSink into(StagedLoad load) {
        Set<String> taken = new TreeSet<>();
        intents.forEach(i -> taken.add(i.name()));
        return new DumpSource.DocumentSink() {
            @Override
            public void document(String db, String collection, byte[] bson) throws IOException {
                if (db.equals(database) && taken.contains(collection)) {
                    load.document(collection, bson);
                }
            }

            @Override
            public void end(String db, String collection, long documents) throws IOException {
                if (db.equals(database) && taken.contains(collection)) {
                    load.end(collection, documents);
                }
            }
        };
    }
}
