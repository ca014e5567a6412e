package io.monarch.schema;

import com.mongodb.MongoException;
import com.mongodb.client.MongoDatabase;
import io.monarch.api.MonarchException;
import io.monarch.codegen.SchemaMigrationGenerator;
import io.monarch.codegen.SchemaMigrationGenerator.Change;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Schema as code (DESIGN §8): the schema files in {@code migrations/schema/} against an environment's
 * database. {@code ownCollections} are monarch's own (tracking, lock), never part of a schema.
 */
public final class Schema {
    private Schema() {
    }

    /** Reads and checks the schema files; a bad file is a {@link SchemaFileException} (exit 2) naming file and line. */
    public static DatabaseSchema read(Path schemaDirectory) {
        return SchemaFiles.read(schemaDirectory);
    }

    /** What would bring the database to the schema files. Reads only; drops are planned only when {@code prune}. */
    public static SchemaPlan plan(MongoDatabase database, Path schemaDirectory, Set<String> ownCollections, boolean prune) {
        return plan(database, read(schemaDirectory), ownCollections, prune);
    }

    public static SchemaPlan plan(MongoDatabase database, DatabaseSchema declared, Set<String> ownCollections, boolean prune) {
        for (CollectionSchema collection : declared.collections()) {
            if (ownCollections.contains(collection.name()) || collection.name().startsWith("monarch_staging_")) {
                throw MonarchException.usage(collection.source() + ": " + collection.name()
                        + " is monarch's own collection; remove it from the schema files");
            }
        }
        SchemaReader reader = new SchemaReader();
        DatabaseSchema actual = reader.read(database, ownCollections);
        ServerCapabilities server = ServerCapabilities.detect(database);
        Planner planner = new Planner(server, prune, name -> documents(database, name));
        return planner.plan(database.getName(), declared, actual, reader.ignored());
    }

    /**
     * Writes {@code <collection>.yml} for each collection and view of the database (or only {@code collection}),
     * so that a database that predates monarch can be adopted: a plan right after a pull shows nothing to change.
     */
    public static PullResult pull(MongoDatabase database, Path schemaDirectory, Set<String> ownCollections, Optional<String> collection) {
        SchemaReader reader = new SchemaReader();
        DatabaseSchema actual = reader.read(database, ownCollections);
        if (collection.isPresent()) {
            if (actual.find(collection.get()).isEmpty()) {
                throw MonarchException.usage(database.getName() + " has no collection " + collection.get() + "; it has: "
                        + String.join(", ", actual.collections().stream().map(CollectionSchema::name).toList()));
            }
            actual = actual.only(collection.get());
        }
        List<Path> files = SchemaFiles.write(schemaDirectory, actual);
        List<String> notes = new ArrayList<>();
        ServerCapabilities server = ServerCapabilities.detect(database);
        if (!server.keepsCollectionOptions()) {
            notes.add(server.server() + " lists no collection options and no views, so the files hold collections and "
                    + "indexes only: declare validators, collations and views by hand");
        }
        if (!reader.ignored().isEmpty()) {
            notes.add("schema files have no words for these, so they were left out: " + String.join(", ", reader.ignored()));
        }
        return new PullResult(files, notes);
    }

    /**
     * Writes {@code M<UTC timestamp>_<Name>.java} into {@code migrationsDirectory}: run() applies exactly this
     * plan, rollback() undoes it, each step checking first what the database has, so that it runs on every
     * environment. A plan with nothing a migration can do is a usage error.
     */
    public static Path generate(SchemaPlan plan, Path migrationsDirectory, Path templatesDirectory, String name, Instant now) {
        if (!plan.hasChanges()) {
            throw MonarchException.usage("nothing to generate: " + plan.database() + " matches the schema files");
        }
        List<Change> changes = new ArrayList<>();
        for (PlanStep step : plan.steps()) {
            changes.add(new Change(step.collection() + ": " + step.symbol() + " " + step.title(),
                    step.migrationRun(), step.migrationRollback()));
        }
        List<String> summary = List.of(plan.render().split("\n"));
        return SchemaMigrationGenerator.generate(migrationsDirectory, templatesDirectory, name, now,
                "the schema files, planned against " + plan.database(), summary, changes);
    }

    /**
     * Applies the plan's commands as they are, to the database it was planned against (its generated migration makes
     * the same changes, each after checking what the database already has).
     */
    public static void apply(SchemaPlan plan, MongoDatabase database) {
        PlanRunner.apply(plan, database);
    }

    /** Undoes an applied plan with its commands as they are (its generated migration's rollback() checks each first). */
    public static void rollback(SchemaPlan plan, MongoDatabase database) {
        PlanRunner.rollback(plan, database);
    }

    /** The server's estimate where it has one; a time-series collection may answer only an exact count. */
    private static long documents(MongoDatabase database, String collection) {
        try {
            return database.getCollection(collection).estimatedDocumentCount();
        } catch (MongoException e) {
            return database.getCollection(collection).countDocuments();
        }
    }
}
