package io.monarch.intent;

import org.bson.RawBsonDocument;

/** Changes documents as they stream (QuerySet masks); returns the document itself when it has nothing to do. */
public interface DocumentShaper {
    RawBsonDocument shape(String collection, RawBsonDocument document);
}
