package io.monarch.schema;

import org.bson.BsonDocument;
import org.bson.BsonInt64;
import org.bson.BsonString;

/**
 * Something the environment has and no schema file declares: kept, and only listed, unless the plan prunes
 * (then it is a drop step). {@code index} is null for a collection or view.
 */
public record NotDeclared(String kind, String collection, String index, long documents) {
    public String describe() {
        return switch (kind) {
            case "index" -> "index " + index + " of " + collection;
            case "view" -> "view " + collection;
            default -> "collection " + collection + " (" + documents + " document" + (documents == 1 ? "" : "s") + ")";
        };
    }

    public BsonDocument toDocument() {
        BsonDocument doc = new BsonDocument("kind", new BsonString(kind)).append("collection", new BsonString(collection));
        if (index != null) {
            doc.append("index", new BsonString(index));
        }
        if (kind.equals("collection")) {
            doc.append("documents", new BsonInt64(documents));
        }
        return doc;
    }
}
