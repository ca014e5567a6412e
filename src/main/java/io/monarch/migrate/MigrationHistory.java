package io.monarch.migrate;

import com.mongodb.ErrorCategory;
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
import java.util.Date;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The tracking collection: a document per migration, with a unique index on the name so that no race can
 * apply one twice. Every state change is conditional on the state it leaves.
 */
public final class MigrationHistory {
    private final MongoCollection<Document> collection;
    private final RunBy runBy;

    public MigrationHistory(MongoDatabase database, String collectionName, RunBy runBy) {
        this.collection = database.getCollection(collectionName);
        this.runBy = runBy;
    }

    public void ensureIndex() {
        collection.createIndex(Indexes.ascending("name"), new IndexOptions().unique(true).name("monarch_name_unique"));
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

    /** Every tracked migration, by name. */
    public Map<String, HistoryRecord> all() {
        Map<String, HistoryRecord> records = new LinkedHashMap<>();
        for (Document d : collection.find().sort(new Document("name", 1))) {
            HistoryRecord r = HistoryRecord.from(d);
            records.put(r.name(), r);
        }
        return records;
    }

    /**
     * Marks a migration RUNNING, from the state it was seen in (null: untracked). Throws if another run
     * changed it meanwhile.
     */
    public void start(String name, MigrationState seen, String checksum) {
        Instant now = Instant.now();
        Document running = new Document("name", name).append("state", MigrationState.RUNNING.name())
                .append("startedAt", Date.from(now)).append("finishedAt", null).append("durationMs", null)
                .append("checksum", checksum).append("ranBy", runBy.toDocument()).append("error", null);
        if (seen == null) {
            try {
                collection.insertOne(running);
                return;
            } catch (MongoWriteException e) {
                if (ErrorCategory.fromErrorCode(e.getCode()) == ErrorCategory.DUPLICATE_KEY) {
                    throw raced(name);
                }
                throw e;
            }
        }
        Document replaced = collection.findOneAndReplace(Filters.and(Filters.eq("name", name),
                Filters.eq("state", seen.name())), running);
        if (replaced == null) {
            throw raced(name);
        }
    }

    private static MonarchException raced(String name) {
        return MonarchException.refused(name + " was started by another monarch at the same moment; nothing was run twice. "
                + "Run migrate again to see where it stands");
    }

    public void finish(String name, MigrationState state, Duration took, String error) {
        Bson update = Updates.combine(Updates.set("state", state.name()), Updates.set("finishedAt", new Date()),
                Updates.set("durationMs", took.toMillis()), Updates.set("error", error));
        collection.updateOne(Filters.and(Filters.eq("name", name), Filters.eq("state", MigrationState.RUNNING.name())), update);
    }

    /** Records a changed source as the accepted one (migrate --accept-changed). */
    public void acceptChecksum(String name, String checksum) {
        collection.updateOne(Filters.eq("name", name), Updates.set("checksum", checksum));
    }
}
