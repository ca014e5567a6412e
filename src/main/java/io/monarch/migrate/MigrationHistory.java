package io.monarch.migrate;

import io.monarch.lock.RunBy;
import com.mongodb.ErrorCategory;
import com.mongodb.MongoCommandException;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Updates;
import io.monarch.api.AppliedMigration;
import io.monarch.api.MigrationState;
import io.monarch.api.MonarchException;
import org.bson.Document;
import org.bson.conversions.Bson;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The tracking collection: a document per migration, with a unique index on namespace and name so that no race can
 * apply one twice. Every state change is conditional on the state it leaves.
 * <p>Projects that share a database keep their documents apart by a {@code namespace} field; a project without a
 * namespace writes none, as earlier versions did, so their documents are read as they are.
 */
public final class MigrationHistory {
    /** The index of earlier versions: unique on the name alone, so two namespaces could not share a migration's name. */
    private static final String NAME_INDEX = "monarch_name_unique";
    private static final String NAMESPACE_NAME_INDEX = "monarch_namespace_name_unique";

    private final MongoCollection<Document> collection;
    private final String namespace;
    private final RunBy runBy;

    /** @param namespace the project's namespace, or null for none (today's layout) */
    public MigrationHistory(MongoDatabase database, String collectionName, String namespace, RunBy runBy) {
        this.collection = database.getCollection(collectionName);
        this.namespace = namespace;
        this.runBy = runBy;
    }

    /**
     * Ensures the unique index on (namespace, name). A namespaced project also drops the name-only index of earlier
     * versions, which would make a name taken in one namespace a duplicate in another; a project without a namespace
     * leaves it, so that an earlier monarch sharing the database sees what it made.
     */
    public void ensureIndex() {
        collection.createIndex(Indexes.ascending("namespace", "name"), new IndexOptions().unique(true).name(NAMESPACE_NAME_INDEX));
        if (namespace != null && collection.listIndexes().map(i -> i.getString("name")).into(new ArrayList<>()).contains(NAME_INDEX)) {
            try {
                collection.dropIndex(NAME_INDEX);
            } catch (MongoCommandException e) {
                // another monarch dropped it at the same moment
            }
        }
    }

    /**
     * What a database's tracking says, as written (any state, from any version of monarch), in name order: what
     * a backup's manifest records of its source.
     */
    public static List<AppliedMigration> recorded(MongoDatabase database, String collectionName) {
        List<AppliedMigration> recorded = new ArrayList<>();
        for (Document d : database.getCollection(collectionName).find().sort(new Document("name", 1))) {
            if (d.get("name") instanceof String name) {
                recorded.add(new AppliedMigration(name, String.valueOf(d.get("state")), d.getString("checksum")));
            }
        }
        return recorded;
    }


    /** This namespace's documents (Filters.eq on null also matches the documents that have no namespace field). */
    private Bson mine() {
        return Filters.eq("namespace", namespace);
    }

    private Bson named(String name) {
        return Filters.and(mine(), Filters.eq("name", name));
    }

    /** Every migration tracked in this namespace, by name. */
    public Map<String, HistoryRecord> all() {
        Map<String, HistoryRecord> records = new LinkedHashMap<>();
        for (Document d : collection.find(mine()).sort(new Document("name", 1))) {
            HistoryRecord r = HistoryRecord.from(d);
            records.put(r.name(), r);
        }
        return records;
    }

    /**
     * Marks a migration RUNNING, from the state it was seen in (null: untracked). Throws if another run
     * changed it meanwhile.
     */
    public void start(String name, MigrationState seen, String checksum, boolean repeatable) {
        Document running = document(name, MigrationState.RUNNING, checksum, repeatable);
        if (seen == null) {
            insert(name, running);
            return;
        }
        Document replaced = collection.findOneAndReplace(Filters.and(named(name), Filters.eq("state", seen.name())), running);
        if (replaced == null) {
            throw raced(name);
        }
    }

    /** Records a migration BASELINE: done before monarch, never run by it. */
    public void baseline(String name, String checksum) {
        Document baseline = document(name, MigrationState.BASELINE, checksum, false);
        baseline.put("finishedAt", baseline.get("startedAt"));
        insert(name, baseline);
    }

    private Document document(String name, MigrationState state, String checksum, boolean repeatable) {
        Document d = new Document("name", name);
        if (namespace != null) {
            d.append("namespace", namespace);
        }
        d.append("state", state.name()).append("startedAt", Date.from(Instant.now())).append("finishedAt", null)
                .append("durationMs", null).append("checksum", checksum).append("ranBy", runBy.toDocument()).append("error", null);
        if (repeatable) {
            d.append("repeatable", true);
        }
        return d;
    }

    private void insert(String name, Document document) {
        try {
            collection.insertOne(document);
        } catch (MongoWriteException e) {
            if (ErrorCategory.fromErrorCode(e.getCode()) == ErrorCategory.DUPLICATE_KEY) {
                throw raced(name);
            }
            throw e;
        }
    }

    private static MonarchException raced(String name) {
        return MonarchException.refused(name + " was started by another monarch at the same moment; nothing was run twice. "
                + "Run migrate again to see where it stands");
    }

    public void finish(String name, MigrationState state, Duration took, String error) {
        Bson update = Updates.combine(Updates.set("state", state.name()), Updates.set("finishedAt", new Date()),
                Updates.set("durationMs", took.toMillis()), Updates.set("error", error));
        collection.updateOne(Filters.and(named(name), Filters.eq("state", MigrationState.RUNNING.name())), update);
    }

    /**
     * Records a migration whose source is gone as DELETED (repair), keeping its document and what it was; false if
     * another run changed its state meanwhile.
     */
    public boolean markDeleted(String name, MigrationState seen) {
        return collection.updateOne(Filters.and(named(name), Filters.eq("state", seen.name())), Updates.combine(
                Updates.set("state", MigrationState.DELETED.name()), Updates.set("deletedFrom", seen.name()),
                Updates.set("deletedAt", new Date()))).getModifiedCount() == 1;
    }

    /** Forgets a FAILED run (repair): the migration is then pending, and migrate runs it. False if it is no longer FAILED. */
    public boolean clearFailed(String name) {
        return collection.deleteOne(Filters.and(named(name), Filters.eq("state", MigrationState.FAILED.name()))).getDeletedCount() == 1;
    }

    /** Records a changed source as the accepted one (migrate --accept-changed). */
    public void acceptChecksum(String name, String checksum) {
        collection.updateOne(named(name), Updates.set("checksum", checksum));
    }
}
