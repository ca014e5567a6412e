package io.monarch.api;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;

/** An open connection to an environment's database (its embedded server too, when it has one). Close it when done. */
public interface EnvironmentConnection extends AutoCloseable {
    /** The environment's name in settings.yml. */
    String environment();

    MongoClient client();

    /** The environment's database. */
    MongoDatabase database();

    @Override
    void close();
}
