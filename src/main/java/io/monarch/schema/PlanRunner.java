package io.monarch.schema;

import com.mongodb.client.MongoDatabase;
import io.monarch.api.MonarchException;
import org.bson.BsonDocument;

import java.util.List;

/** Runs a plan's commands against a database: forward to apply it, backward (newest first) to undo it. */
final class PlanRunner {
    private PlanRunner() {
    }

    static void apply(SchemaPlan plan, MongoDatabase database) {
        for (PlanStep step : plan.steps()) {
            step.forward().forEach(command -> run(command, database));
        }
    }

    static void rollback(SchemaPlan plan, MongoDatabase database) {
        List<PlanStep> steps = plan.steps();
        for (int i = steps.size() - 1; i >= 0; i--) {
            steps.get(i).backward().forEach(command -> run(command, database));
        }
    }

    private static void run(SchemaCommand command, MongoDatabase database) {
        if (command instanceof SchemaCommand.Run run) {
            database.runCommand(run.command(), BsonDocument.class);
        } else if (command instanceof SchemaCommand.RequireEmpty empty
                && database.getCollection(empty.collection()).find().limit(1).first() != null) {
            throw MonarchException.refused(empty.collection() + " holds documents; a schema change drops only empty "
                    + "collections: move or delete its documents first");
        }
    }
}
