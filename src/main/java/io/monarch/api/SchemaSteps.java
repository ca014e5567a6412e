package io.monarch.api;

import com.mongodb.MongoCommandException;
import com.mongodb.client.MongoDatabase;
import org.bson.BsonArray;
import org.bson.BsonBoolean;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonString;
import org.bson.BsonValue;
import org.bson.conversions.Bson;
import org.bson.json.JsonMode;
import org.bson.json.JsonWriterSettings;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The schema steps of a migration that {@code monarch generate --from-schema} writes, each checked against what the
 * database already has, so that one migration runs on every environment and on a fresh tenant: what is absent is
 * made; what is there as declared is skipped with a line ({@code already there as declared: index email_1 on users});
 * what is there but different stops the migration with both named. A drop of what is already gone is skipped with a
 * line, and a collection is dropped only while it is empty. Things compare as {@code monarch plan} compares them
 * ({@link SchemaSpelling}).
 * <p>A change ({@code replace...}, {@code change...}) was planned from one state to another: found in the state it
 * goes to, it is skipped; in the state it was planned from (or absent, for an index or a view), it is made; in any
 * other, it stops, naming all three.
 * <p>Where the server keeps no collection options and has no views (the embedded server makes a plain collection of
 * a view), options and views are not compared: what is there is said to be so and left as it is.
 */
public final class SchemaSteps {
    private static final int COMMAND_NOT_FOUND = 59;
    private static final JsonWriterSettings JSON = JsonWriterSettings.builder().outputMode(JsonMode.RELAXED).build();
    /** collMod's names for the options it changes, where they differ from create's. */
    private static final Map<String, String> COLLMOD_NAMES = Map.of("cappedSize", "size", "cappedMax", "max");

    private final MongoDatabase database;
    private final Consumer<String> log;
    private Boolean keepsOptions;

    public SchemaSteps(MigrationContext context) {
        this.database = context.database();
        this.log = context::log;
    }

    /** Creates the collection with {@code options} as {@code create} takes them. */
    public void createCollection(String name, Bson options) {
        BsonDocument declared = bson(options);
        BsonDocument wanted = SchemaSpelling.collectionOptions(declared);
        BsonDocument found = collection(name);
        String what = "collection " + name;
        if (found == null) {
            run(command("create", name, declared));
            log.accept("created " + what);
        } else if (!keepsOptions() && !wanted.isEmpty()) {
            log.accept("already there: " + what + " (its " + String.join(", ", wanted.keySet())
                    + " not compared: this server keeps no collection options)");
        } else if (!isView(found) && same(SchemaSpelling.collectionOptions(options(found)), wanted)) {
            log.accept("already there as declared: " + what);
        } else {
            throw notAsExpected(what, "declared", describe(declared, false), describe(found));
        }
    }

    /** Drops the collection, only while it holds no documents; {@code options} are those it is expected to have. */
    public void dropCollection(String name, Bson options) {
        BsonDocument expected = bson(options);
        BsonDocument found = collection(name);
        String what = "collection " + name;
        if (found == null) {
            log.accept("already gone: " + what);
            return;
        }
        if (isView(found) || keepsOptions() && !same(SchemaSpelling.collectionOptions(options(found)), SchemaSpelling.collectionOptions(expected))) {
            throw notAsExpected(what, "expected", describe(expected, false), describe(found));
        }
        requireEmpty(name);
        run(new BsonDocument("drop", new BsonString(name)));
        log.accept("dropped " + what);
    }

    /** Creates the view with {@code options} as {@code create} takes them: {@code viewOn}, {@code pipeline}, {@code collation}. */
    public void createView(String name, Bson options) {
        BsonDocument declared = bson(options);
        BsonDocument found = collection(name);
        String what = "view " + name;
        if (found == null) {
            run(command("create", name, declared));
            log.accept("created " + what);
        } else if (!keepsOptions()) {
            log.accept("already there: " + what + " (not compared: this server has no views)");
        } else if (isView(found) && same(SchemaSpelling.viewOptions(options(found)), SchemaSpelling.viewOptions(declared))) {
            log.accept("already there as declared: " + what);
        } else {
            throw notAsExpected(what, "declared", describe(declared, true), describe(found));
        }
    }

    /** Drops the view; {@code options} are those it is expected to have. */
    public void dropView(String name, Bson options) {
        BsonDocument expected = bson(options);
        BsonDocument found = collection(name);
        String what = "view " + name;
        if (found == null) {
            log.accept("already gone: " + what);
            return;
        }
        if (!keepsOptions()) {
            requireEmpty(name); // this server keeps a view as a plain collection
        } else if (!isView(found) || !same(SchemaSpelling.viewOptions(options(found)), SchemaSpelling.viewOptions(expected))) {
            throw notAsExpected(what, "expected", describe(expected, true), describe(found));
        }
        run(new BsonDocument("drop", new BsonString(name)));
        log.accept("dropped " + what);
    }

    /** Changes a view from {@code before} to {@code after} by dropping and creating it (a view holds no documents). */
    public void replaceView(String name, Bson before, Bson after) {
        BsonDocument from = bson(before);
        BsonDocument to = bson(after);
        BsonDocument found = collection(name);
        String what = "view " + name;
        if (found == null) {
            run(command("create", name, to));
            log.accept("created " + what + " (it was not there to change)");
        } else if (!keepsOptions()) {
            log.accept("not changed: " + what + " (not compared: this server has no views)");
        } else if (isView(found) && same(SchemaSpelling.viewOptions(options(found)), SchemaSpelling.viewOptions(to))) {
            log.accept("already there as declared: " + what);
        } else if (isView(found) && same(SchemaSpelling.viewOptions(options(found)), SchemaSpelling.viewOptions(from))) {
            run(new BsonDocument("drop", new BsonString(name)));
            run(command("create", name, to));
            log.accept("changed " + what);
        } else {
            throw neither(what, describe(to, true), describe(from, true), describe(found));
        }
    }

    /**
     * Changes a collection's options with {@code collMod}: {@code before} and {@code after} are the fields collMod
     * takes (validator, validationLevel, validationAction, changeStreamPreAndPostImages, expireAfterSeconds,
     * cappedSize, cappedMax), as the collection has them now and as it is to have them.
     */
    public void changeCollection(String name, Bson before, Bson after) {
        BsonDocument from = bson(before);
        BsonDocument to = bson(after);
        List<String> keys = to.keySet().stream().map(k -> COLLMOD_NAMES.getOrDefault(k, k)).toList();
        String what = String.join(", ", keys) + " of collection " + name;
        BsonDocument found = collection(name);
        if (found == null) {
            throw new MonarchException(ExitCode.FAILED, "collection " + name + " is not there to change its " + String.join(", ", keys)
                    + "; create it first (a hand-written migration, or a schema migration planned against a database without it)");
        }
        if (isView(found) && keepsOptions()) {
            throw new MonarchException(ExitCode.FAILED, name + " is a view, not a collection: cannot change its " + String.join(", ", keys));
        }
        if (!keepsOptions()) {
            log.accept("not changed: " + what + " (this server keeps no collection options)");
            return;
        }
        BsonDocument now = subset(SchemaSpelling.collectionOptions(options(found)), keys);
        if (same(now, subset(SchemaSpelling.collectionOptions(asOptions(to)), keys))) {
            log.accept("already there as declared: " + what);
        } else if (same(now, subset(SchemaSpelling.collectionOptions(asOptions(from)), keys))) {
            run(command("collMod", name, to));
            log.accept("changed " + what);
        } else {
            throw neither(what, json(to), json(from), json(now));
        }
    }

    /** Creates the index: {@code spec} as {@code createIndexes} takes it, {@code {key, name, ...options}}. */
    public void createIndex(String collection, Bson spec) {
        BsonDocument declared = indexSpec(spec);
        String what = "index " + name(declared) + " on " + collection;
        BsonDocument found = index(collection, name(declared));
        if (found == null) {
            createIndexes(collection, declared);
            log.accept("created " + what);
        } else if (same(spelled(collection, found), spelled(collection, declared))) {
            log.accept("already there as declared: " + what);
        } else {
            throw notAsExpected(what, "declared", json(spelled(collection, declared)), json(spelled(collection, found)));
        }
    }

    /** Drops the index of {@code spec}'s name if it is the one {@code spec} describes. */
    public void dropIndex(String collection, Bson spec) {
        BsonDocument expected = indexSpec(spec);
        String what = "index " + name(expected) + " on " + collection;
        BsonDocument found = index(collection, name(expected));
        if (found == null) {
            log.accept("already gone: " + what);
        } else if (same(spelled(collection, found), spelled(collection, expected))) {
            run(new BsonDocument("dropIndexes", new BsonString(collection)).append("index", new BsonString(name(expected))));
            log.accept("dropped " + what);
        } else {
            throw notAsExpected(what, "expected", json(spelled(collection, expected)), json(spelled(collection, found)));
        }
    }

    /** Rebuilds an index whose change no collMod makes: drops {@code before}, creates {@code after}. */
    public void replaceIndex(String collection, Bson before, Bson after) {
        BsonDocument from = indexSpec(before);
        BsonDocument to = indexSpec(after);
        String what = "index " + name(to) + " on " + collection;
        BsonDocument found = index(collection, name(to));
        if (found != null && same(spelled(collection, found), spelled(collection, to))) {
            log.accept("already there as declared: " + what);
            return;
        }
        BsonDocument old = name(from).equals(name(to)) ? found : index(collection, name(from));
        if (old != null && !same(spelled(collection, old), spelled(collection, from))) {
            throw neither(what, json(spelled(collection, to)), json(spelled(collection, from)), json(spelled(collection, old)));
        }
        if (found != null && found != old) { // the declared name is held by an index this migration knows nothing of
            throw neither(what, json(spelled(collection, to)), json(spelled(collection, from)), json(spelled(collection, found)));
        }
        if (old != null) {
            run(new BsonDocument("dropIndexes", new BsonString(collection)).append("index", new BsonString(name(from))));
        }
        createIndexes(collection, to);
        log.accept(old != null ? "rebuilt " + what : "created " + what + " (it was not there to rebuild)");
    }

    /** Changes an index's TTL or whether it is hidden, with collMod: {@code before} and {@code after} are its whole specs. */
    public void changeIndex(String collection, Bson before, Bson after) {
        BsonDocument from = indexSpec(before);
        BsonDocument to = indexSpec(after);
        BsonDocument fromRest = SchemaSpelling.index(from, new BsonDocument());
        BsonDocument toRest = SchemaSpelling.index(to, new BsonDocument());
        for (String key : List.of("expireAfterSeconds", "hidden")) {
            fromRest.remove(key);
            toRest.remove(key);
        }
        if (!same(fromRest, toRest) || from.containsKey("expireAfterSeconds") && !to.containsKey("expireAfterSeconds")) {
            throw new IllegalArgumentException("collMod changes only an index's TTL and whether it is hidden (it cannot take a TTL "
                    + "away); replaceIndex rebuilds it: " + json(from) + " -> " + json(to));
        }
        String what = "index " + name(to) + " on " + collection;
        BsonDocument found = index(collection, name(to));
        if (found == null) {
            createIndexes(collection, to);
            log.accept("created " + what + " (it was not there to change)");
            return;
        }
        BsonDocument now = spelled(collection, found);
        BsonDocument wanted = spelled(collection, to);
        BsonDocument planned = spelled(collection, from);
        if (same(now, wanted)) {
            log.accept("already there as declared: " + what);
        } else if (same(now, planned)) {
            BsonDocument change = new BsonDocument("name", new BsonString(name(to)));
            for (String key : List.of("expireAfterSeconds", "hidden")) {
                if (!same(wanted.get(key), planned.get(key))) {
                    change.put(key, wanted.containsKey(key) ? wanted.get(key) : BsonBoolean.FALSE); // only hidden can be absent
                }
            }
            run(new BsonDocument("collMod", new BsonString(collection)).append("index", change));
            log.accept("changed " + String.join(", ", change.keySet().stream().skip(1).toList()) + " of " + what);
        } else {
            throw neither(what, json(wanted), json(planned), json(now));
        }
    }

    /** As {@code monarch plan} tells them apart: the embedded server answers no listCommands, keeps no options and has no views. */
    private boolean keepsOptions() {
        if (keepsOptions == null) {
            try {
                database.runCommand(new BsonDocument("listCommands", new BsonInt32(1)), BsonDocument.class);
                keepsOptions = true;
            } catch (MongoCommandException e) {
                keepsOptions = e.getErrorCode() != COMMAND_NOT_FOUND;
            }
        }
        return keepsOptions;
    }

    private void run(BsonDocument command) {
        database.runCommand(command, BsonDocument.class);
    }

    private void createIndexes(String collection, BsonDocument spec) {
        run(new BsonDocument("createIndexes", new BsonString(collection)).append("indexes", new BsonArray(List.of(spec))));
    }

    private void requireEmpty(String name) {
        if (database.getCollection(name).find().limit(1).first() != null) {
            throw MonarchException.refused(name + " holds documents; a schema change drops only empty collections: "
                    + "move or delete its documents first");
        }
    }

    /** What listCollections says of {@code name}, or null when there is no such collection or view. */
    private BsonDocument collection(String name) {
        BsonString wanted = new BsonString(name);
        // The embedded server answers every collection whatever the filter, so the name is checked here too.
        for (BsonDocument info : database.listCollections(BsonDocument.class).filter(new BsonDocument("name", wanted))) {
            if (wanted.equals(info.get("name"))) {
                return info;
            }
        }
        return null;
    }

    private BsonDocument index(String collection, String name) {
        for (BsonDocument spec : database.getCollection(collection).listIndexes(BsonDocument.class)) {
            if (spec.getString("name", new BsonString("")).getValue().equals(name)) {
                return spec;
            }
        }
        return null;
    }

    /** An index spec in the one spelling, with the collation its collection gives its indexes here. */
    private BsonDocument spelled(String collection, BsonDocument spec) {
        BsonDocument info = collection(collection);
        return SchemaSpelling.index(spec, info == null ? new BsonDocument() : options(info).getDocument("collation", new BsonDocument()));
    }

    private BsonDocument bson(Bson value) {
        return value.toBsonDocument(BsonDocument.class, database.getCodecRegistry());
    }

    private BsonDocument indexSpec(Bson spec) {
        BsonDocument document = bson(spec);
        if (!document.isString("name") || !document.isDocument("key")) {
            throw new IllegalArgumentException("an index spec needs its key and its name: " + json(document));
        }
        return document;
    }

    private static String name(BsonDocument spec) {
        return spec.getString("name").getValue();
    }

    private static BsonDocument command(String verb, String name, BsonDocument fields) {
        BsonDocument command = new BsonDocument(verb, new BsonString(name));
        command.putAll(fields);
        return command;
    }

    private static boolean isView(BsonDocument info) {
        return info.getString("type", new BsonString("collection")).getValue().equals("view");
    }

    private static BsonDocument options(BsonDocument info) {
        return info.isDocument("options") ? info.getDocument("options") : new BsonDocument();
    }

    /** collMod's fields as create's options: its own names back, and "off" or 0 (what turns an option off) left out. */
    private static BsonDocument asOptions(BsonDocument fields) {
        BsonDocument options = new BsonDocument();
        fields.forEach((key, value) -> {
            if (!value.isString() || !value.asString().getValue().equals("off")) {
                options.put(COLLMOD_NAMES.getOrDefault(key, key), value);
            }
        });
        if (options.containsKey("size")) {
            options.put("capped", BsonBoolean.TRUE); // a capped size means something only for a capped collection
        }
        return options;
    }

    private static BsonDocument subset(BsonDocument document, List<String> keys) {
        BsonDocument out = new BsonDocument();
        for (String key : keys) {
            if (document.containsKey(key)) {
                out.put(key, document.get(key));
            }
        }
        return out;
    }

    private static String describe(BsonDocument declared, boolean view) {
        BsonDocument options = view ? SchemaSpelling.viewOptions(declared) : SchemaSpelling.collectionOptions(declared);
        return (view ? "a view " : "a collection ") + json(options);
    }

    private static String describe(BsonDocument info) {
        return describe(options(info), isView(info));
    }

    private static String json(BsonValue value) {
        return value.asDocument().toJson(JSON);
    }

    private static boolean same(BsonValue a, BsonValue b) {
        return SchemaSpelling.same(a, b);
    }

    private static MonarchException notAsExpected(String what, String expectedAs, String expected, String found) {
        return new MonarchException(ExitCode.FAILED, what + " is there but not as " + expectedAs + ": " + expectedAs + " " + expected
                + "; found " + found + ". Make one match the other (the database by hand, or the schema files), then migrate again");
    }

    private static MonarchException neither(String what, String declared, String plannedFrom, String found) {
        return new MonarchException(ExitCode.FAILED, what + " is neither as declared nor as this migration was planned from: declared "
                + declared + "; planned from " + plannedFrom + "; found " + found + ". Bring it to one of them by hand, then migrate again");
    }
}
