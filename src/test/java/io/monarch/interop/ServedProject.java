package io.monarch.interop;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import io.monarch.Monarch;
import io.monarch.api.ServedEnvironment;
import io.monarch.support.MongoTools;
import io.monarch.support.TestProject;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A project whose embedded environment {@code served} runs as {@code monarch serve served --port <n>} runs it (in this
 * process), and whose other environments are databases of that server at {@code mongodb://127.0.0.1:<n>}: monarch's
 * commands and MongoDB's own tools work on the very same data, each through the wire protocol.
 */
final class ServedProject implements AutoCloseable {
    /** Where an embedded environment keeps its data: the two back ends a user can serve. */
    enum Backend {
        MEMORY("embedded:memory"),
        FOLDER("embedded:.monarch/served");

        final String uri;

        Backend(String uri) {
            this.uri = uri;
        }
    }

    /** Environment {@code source}'s database: where test data is seeded. */
    static final String SOURCE = "shop";
    /** Environment {@code target}'s database: where monarch restores or copies to. */
    static final String TARGET = "target";

    private static final Duration TOOL_TIMEOUT = Duration.ofMinutes(2);

    private final TestProject project;
    private final ServedEnvironment server;
    private final MongoClient client;

    private ServedProject(TestProject project, ServedEnvironment server) {
        this.project = project;
        this.server = server;
        this.client = MongoClients.create(server.connectionString());
    }

    static ServedProject start(Path root, Backend backend) {
        MongoTools.require(); // skipped before anything starts where the tools are not installed
        TestProject project = new TestProject(root);
        String served = """
                environments:
                  served:
                    uri: %s
                    database: served
                """.formatted(backend.uri);
        project.settings(served);
        // a port of its own: port 0 would join the process-wide embedded:memory server that other tests share
        ServedEnvironment server = Monarch.load(project.settingsFile()).serve("served", freePort());
        project.settings(served + """
                  source:
                    uri: %1$s
                    database: %2$s
                  target:
                    uri: %1$s
                    database: %3$s
                backups:
                  local:
                    path: backups
                migrations:
                  lock_wait_seconds: 2
                """.formatted(server.connectionString(), SOURCE, TARGET));
        return new ServedProject(project, server);
    }

    TestProject project() {
        return project;
    }

    Path root() {
        return project.root();
    }

    /** {@code mongodb://127.0.0.1:<port>}: what the tools are given as {@code --uri}. */
    String uri() {
        return server.connectionString();
    }

    MongoDatabase database(String name) {
        return client.getDatabase(name);
    }

    /** Runs {@code monarch <args>} on this project, in this process. */
    TestProject.Run monarch(String... args) {
        return project.run(args);
    }

    /** Runs {@code mongodump --uri <this server> <args>} in the project folder; a failure fails the test. */
    MongoTools.Result mongodump(String... args) {
        return tool("mongodump", args);
    }

    /** Runs {@code mongorestore --uri <this server> <args>} in the project folder; a failure fails the test. */
    MongoTools.Result mongorestore(String... args) {
        return tool("mongorestore", args);
    }

    /**
     * {@code mongodump --uri <this server> <dumpArgs> | mongorestore --uri <this server> <restoreArgs>}; either one
     * failing fails the test.
     */
    void pipe(List<String> dumpArgs, List<String> restoreArgs) {
        List<MongoTools.Result> results = MongoTools.pipe(root(), TOOL_TIMEOUT,
                MongoTools.command("mongodump", withUri(dumpArgs)), MongoTools.command("mongorestore", withUri(restoreArgs)));
        assertEquals(0, results.get(0).exitCode(), "mongodump failed: " + results.get(0).output());
        assertEquals(0, results.get(1).exitCode(), "mongorestore failed: " + results.get(1).output());
    }

    private MongoTools.Result tool(String tool, String... args) {
        MongoTools.Result result = MongoTools.run(root(), TOOL_TIMEOUT, tool, withUri(List.of(args)));
        assertEquals(0, result.exitCode(), tool + " " + String.join(" ", args) + " failed:\n" + result.output());
        return result;
    }

    private String[] withUri(List<String> args) {
        List<String> all = new ArrayList<>();
        all.add("--uri=" + uri());
        all.addAll(args);
        return all.toArray(String[]::new);
    }

    @Override
    public void close() {
        client.close();
        server.close();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
