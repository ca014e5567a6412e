package io.monarch.load;

import io.monarch.intent.CollectionIntent;
import io.monarch.intent.TimeseriesNames;
import io.monarch.source.DumpSource;
import io.monarch.source.DumpedCollection;
import io.monarch.api.MonarchException;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Which of a dump's namespaces a restore loads, as mongorestore would take them: the one user database of the
 * dump (or the one {@code --from-db} names), without {@code admin}, {@code config} and {@code local}, and without
 * the oplog (not replayed); with {@code --collection}, only the collections those names or globs match (one name
 * given for a dump of one collection's file renames it, as mongorestore's {@code --collection} does). A collection
 * is never left out silently: each one is named once with why, and a {@code system.*} collection of the restored
 * database that holds user data (anything but the internal ones below) refuses the restore instead.
 */
final class RestoreSelection {
    private static final Set<String> SERVER_DATABASES = DumpedCollection.SERVER_DATABASES;
    /** System collections of a user database that hold no user data, and why they are not restored. */
    private static final Map<String, String> INTERNAL = Map.of(
            "system.views", "views are made again from their own metadata",
            "system.profile", "the profiler's log",
            "system.indexes", "the index list of MongoDB 2.6 and older; indexes come from each collection's metadata",
            "system.namespaces", "the namespace list of MongoDB 2.6 and older");

    private final String database;
    private final List<CollectionIntent> intents;
    private final boolean whole;
    private final List<String> notes;
    /** Dumped collection name → the name it is restored under, where they differ. */
    private final Map<String, String> renamed;

    private RestoreSelection(String database, List<CollectionIntent> intents, boolean whole, List<String> notes,
                             Map<String, String> renamed) {
        this.database = database;
        this.intents = intents;
        this.whole = whole;
        this.notes = notes;
        this.renamed = renamed;
    }

    /**
     * @param fromDb           the dump's database to restore; null: its only user database
     * @param collections      names or globs ({@code *}, {@code ?}) of the collections to restore; empty: all
     * @param singleCollection whether the dump is one collection's file: one plain name in {@code collections} is
     *                         then the name to restore it under
     */
    static RestoreSelection of(List<DumpedCollection> dumped, String fromDb, List<String> collections, String description,
                               boolean singleCollection) {
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
        Map<String, String> renamed = new TreeMap<>();
        List<DumpedCollection> ofDatabase = dumped.stream().filter(d -> !d.isOplog() && d.database().equals(database)).toList();
        if (singleCollection && ofDatabase.size() == 1 && collections.size() == 1 && !isGlob(collections.get(0))
                && !collections.get(0).equals(ofDatabase.get(0).name())) {
            renamed.put(ofDatabase.get(0).name(), collections.get(0));
            collections = List.of(); // the one collection, under its new name
        }
        List<Pattern> globs = collections.stream().map(RestoreSelection::glob).toList();
        Set<String> unmatched = new LinkedHashSet<>(collections);
        List<CollectionIntent> intents = new ArrayList<>();
        List<String> otherDatabases = new ArrayList<>();
        List<String> internal = new ArrayList<>();
        List<String> notChosen = new ArrayList<>();
        List<String> userSystem = new ArrayList<>();
        boolean oplog = false;
        for (DumpedCollection d : dumped) {
            if (d.isOplog()) {
                oplog = true;
            } else if (!d.database().equals(database)) {
                otherDatabases.add(d.namespace());
            } else if (INTERNAL.containsKey(d.name())) {
                internal.add(d.namespace() + " (" + INTERNAL.get(d.name()) + ")");
            } else if (!globs.isEmpty() && !matches(d.name(), globs, collections, unmatched)) {
                notChosen.add(d.name());
            } else if (d.name().startsWith("system.")) {
                userSystem.add(d.namespace());
            } else {
                String name = renamed.getOrDefault(d.name(), d.name());
                intents.add(name.equals(d.name()) ? d.intent() : d.intent().withName(name));
            }
        }
        if (!unmatched.isEmpty()) {
            throw MonarchException.usage("--collection " + String.join(", ", unmatched) + " matches no collection of "
                    + database + " in " + description + "; it holds: " + String.join(", ", ofDatabase.stream()
                    .map(DumpedCollection::name).sorted().toList()) + ". Nothing was changed");
        }
        for (CollectionIntent intent : intents) {
            CollectionNames.problem(intent.name()).ifPresent(problem -> {
                throw MonarchException.failed(description + " holds " + problem + " in database " + database
                        + ", which MongoDB does not take: the dump is damaged or was not written by mongodump. Nothing was changed", null);
            });
        }
        if (!userSystem.isEmpty()) {
            throw MonarchException.failed(description + " holds " + String.join(", ", userSystem.stream().sorted().toList())
                    + ", which monarch cannot restore" + (userSystem.stream().anyMatch(n -> n.contains("." + TimeseriesNames.BUCKETS_PREFIX))
                    ? " (time-series buckets without their collection's metadata, <name>.metadata.json)" : "")
                    + "; rather than leave that data out, nothing was restored. Restore the other collections with --collection "
                    + "<name>, or this dump with mongorestore. Nothing was changed", null);
        }
        List<String> notes = new ArrayList<>();
        if (!otherDatabases.isEmpty()) {
            notes.add("left out: " + String.join(", ", otherDatabases.stream().sorted().toList()) + " (restore takes one database, "
                    + database + (databases.size() > 1 && !SERVER_DATABASES.containsAll(otherDatabases.stream()
                    .map(ns -> ns.substring(0, ns.indexOf('.'))).toList()) ? "; --from-db <db> takes another)" : ", as mongorestore does)"));
        }
        if (!internal.isEmpty()) {
            notes.add("left out: " + String.join(", ", internal.stream().sorted().toList()));
        }
        if (!notChosen.isEmpty()) {
            notes.add("left as they are in the target (not named by --collection): " + String.join(", ", notChosen.stream().sorted().toList()));
        }
        if (oplog) {
            notes.add("the dump's oplog (mongodump --oplog) is not replayed: the collections are restored as they were dumped");
        }
        renamed.forEach((from, to) -> notes.add("collection " + from + " is restored as " + to));
        // one collection's file replaces that collection only, as mongorestore restores it
        return new RestoreSelection(database, intents, collections.isEmpty() && !singleCollection, notes, renamed);
    }

    private static boolean isGlob(String name) {
        return name.indexOf('*') >= 0 || name.indexOf('?') >= 0;
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
                String name = renamed.getOrDefault(collection, collection);
                if (db.equals(database) && taken.contains(name)) {
                    load.document(name, bson);
                }
            }

            @Override
            public void end(String db, String collection, long documents) throws IOException {
                String name = renamed.getOrDefault(collection, collection);
                if (db.equals(database) && taken.contains(name)) {
                    load.end(name, documents);
                }
            }
        };
    }
}
