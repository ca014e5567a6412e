package io.monarch.schema;

import com.mongodb.MongoCommandException;
import com.mongodb.client.MongoDatabase;
import org.bson.BsonDocument;
import org.bson.BsonInt32;

/**
 * What the server can keep and change, so that a plan compares only what it can. MongoDB itself keeps it
 * all; the embedded server (mongo-java-server) has no collMod, lists no collection options (a validator,
 * a collation, time-series settings are accepted and dropped), makes a plain collection of a view, and
 * refuses capped collections (DESIGN §7).
 */
public record ServerCapabilities(String server, boolean collMod, boolean keepsCollectionOptions, boolean views,
                                 boolean cappedCollections) {
    public static final ServerCapabilities MONGODB = new ServerCapabilities("MongoDB", true, true, true, true);
    public static final ServerCapabilities EMBEDDED =
            new ServerCapabilities("the embedded server (mongo-java-server)", false, false, false, false);

    private static final int COMMAND_NOT_FOUND = 59;

    /**
     * Asks the server which commands it has. Read-only, since plan must never write: MongoDB answers
     * listCommands (with collMod among them); the embedded server knows neither command.
     */
    public static ServerCapabilities detect(MongoDatabase database) {
        try {
            BsonDocument reply = database.runCommand(new BsonDocument("listCommands", new BsonInt32(1)), BsonDocument.class);
            boolean collMod = reply.isDocument("commands") && reply.getDocument("commands").containsKey("collMod");
            return collMod ? MONGODB : new ServerCapabilities("a server without collMod", false, true, true, true);
        } catch (MongoCommandException e) {
            return e.getErrorCode() == COMMAND_NOT_FOUND ? EMBEDDED : MONGODB;
        }
    }

    public boolean isComplete() {
        return collMod && keepsCollectionOptions && views && cappedCollections;
    }
}
