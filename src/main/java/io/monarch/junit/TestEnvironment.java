package io.monarch.junit;

import com.mongodb.client.MongoDatabase;
import io.monarch.Monarch;
import io.monarch.api.CopyOptions;
import io.monarch.api.EnvironmentConnection;
import io.monarch.api.LoadResult;
import io.monarch.api.Progress;
import io.monarch.api.Prompters;
import io.monarch.api.RestoreOptions;

import java.util.Map;

/**
 * What a {@link MonarchTest} class works with: its database, migrations applied; a source database beside it to
 * seed and {@link #copy} from, as copy_db would from production (to test a QuerySet); and the library over both
 * environments, for anything else ({@code monarch().backup(name(), ...)}, {@code listMigrations(name())}).
 */
public final class TestEnvironment implements AutoCloseable {
    private final Monarch monarch;
    private final String name;
    private final String sourceName;
    private final EnvironmentConnection connection;
    private final boolean shared;
    private EnvironmentConnection source;

    TestEnvironment(Monarch monarch, String name, String sourceName, EnvironmentConnection connection, boolean shared) {
        this.monarch = monarch;
        this.name = name;
        this.sourceName = sourceName;
        this.connection = connection;
        this.shared = shared;
    }

    /** The class's database, with the project's migrations applied. */
    public MongoDatabase database() {
        return connection.database();
    }

    /** The environment's name in {@link #monarch()}. */
    public String name() {
        return name;
    }

    /** The library over this environment ({@link #name()}) and the source ({@link #sourceName()}). */
    public Monarch monarch() {
        return monarch;
    }

    public String sourceName() {
        return sourceName;
    }

    /**
     * A second database on the same server, the class's own, with the migrations applied too (made at the first
     * call): seed it as production would look, then {@link #copy} from it.
     */
    public synchronized MongoDatabase source() {
        if (source == null) {
            monarch.migrate(sourceName);
            source = monarch.connect(sourceName);
        }
        return source.database();
    }

    /**
     * Copies the source into the class's database as {@code monarch copy_db} does: what the QuerySet of
     * {@code migrations/querysets/} selects (masks applied; null: everything), its prompts answered from
     * {@code answers}. Like copy_db, it replaces the collections of the database (monarch's tracking stays).
     */
    public LoadResult copy(String querySet, Map<String, String> answers) {
        source();
        return monarch.copyDb(sourceName, name, new CopyOptions(querySet, Prompters.of(answers), RestoreOptions.DEFAULT),
                Progress.NONE);
    }

    /** {@link #copy(String, Map)} for a QuerySet that asks nothing. */
    public LoadResult copy(String querySet) {
        return copy(querySet, Map.of());
    }

    /** Drops the class's databases (not a shared one) and closes the connections. */
    @Override
    public synchronized void close() {
        try (EnvironmentConnection own = connection; EnvironmentConnection seeded = source) {
            if (seeded != null) {
                seeded.database().drop();
            }
            if (!shared) {
                own.database().drop();
            }
        }
    }
}
