package io.monarch.mongo;

import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import io.monarch.api.MonarchException;
import io.monarch.api.ServedEnvironment;

import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An in-process MongoDB-wire server (mongo-java-server) for an {@code embedded:} environment, bound to
 * 127.0.0.1 so the ordinary driver talks to it. One per data folder per process, shared and reference
 * counted: H2 locks its file, so a second process on the same folder is refused with the holder's pid.
 */
public final class EmbeddedServer implements ServedEnvironment {
    private static final String DATA_FILE = "data.mv";
    private static final String PID_FILE = "monarch.pid";
    /** The pid file's second line for a folder 'monarch serve' holds: {@code port 27017}. */
    private static final String SERVING = "port ";
    private static final Map<String, EmbeddedServer> OPEN = new HashMap<>();
    private static final String MEMORY_KEY = "embedded:memory";
    private static final int DEFAULT_CACHE_MB = 16;

    private final String key;
    private final WireServer server;
    private final MongoBackend backend;
    private final Optional<Path> directory;
    private InetSocketAddress address;
    private int users;

    private EmbeddedServer(String key, MongoBackend backend, Optional<Path> directory) {
        this.key = key;
        this.backend = backend;
        this.server = new WireServer(backend);
        this.directory = directory;
    }

    /**
     * The running server for a data folder (empty: a new in-memory one), started if needed, bound to
     * {@code port} (0: any free port). Release it with {@link #release()}.
     */
    public static synchronized EmbeddedServer acquire(Optional<Path> directory, int port) {
        // embedded:memory is one server per process, kept until the process ends, so that a library user's
        // calls (and a test's) see the same data; a folder's server lives while it is in use.
        String key = directory.map(Path::toString).orElse(port == 0 ? MEMORY_KEY : null);
        EmbeddedServer existing = key == null ? null : OPEN.get(key);
        if (existing != null) {
            existing.users++;
            return existing;
        }
        EmbeddedServer started = new EmbeddedServer(key, openBackend(directory), directory);
        try {
            started.address = bind(started.server, port);
        } catch (MonarchException e) {
            started.backend.close(); // unlocks the folder for the next command
            directory.ifPresent(EmbeddedServer::deletePidFile);
            throw e;
        }
        started.users = MEMORY_KEY.equals(key) ? 2 : 1;
        if (key != null) {
            OPEN.put(key, started);
        }
        return started;
    }

    /**
     * {@link #acquire} for {@code monarch serve}: the folder's pid file also names the port served, so that a process
     * refused the folder is told to use the server rather than to start one.
     */
    public static EmbeddedServer serve(Optional<Path> directory, int port) {
        EmbeddedServer server = acquire(directory, port);
        directory.ifPresent(dir -> {
            try {
                Files.writeString(dir.resolve(PID_FILE), ProcessHandle.current().pid() + "\n" + SERVING + server.port() + "\n");
            } catch (IOException e) {
                // the refusal then names the pid only
            }
        });
        return server;
    }

    private static InetSocketAddress bind(WireServer server, int port) {
        try {
            return server.bind("127.0.0.1", port);
        } catch (Exception e) { // netty throws java.net.BindException, a checked exception, undeclared
            if (e instanceof BindException && String.valueOf(e.getMessage()).contains("in use")) {
                throw MonarchException.failed("port " + port + " on 127.0.0.1 is already in use, by another program (a "
                        + "MongoDB server, or another 'monarch serve'?); serve on another port: --port <n>, or --port 0 "
                        + "for any free one", e);
            }
            throw MonarchException.failed("cannot listen on 127.0.0.1:" + port + " (" + e.getMessage()
                    + "); choose another port: --port <n> (above 1023), or --port 0 for any free one", e);
        }
    }

    private static MongoBackend openBackend(Optional<Path> directory) {
        if (directory.isEmpty()) {
            return new HeapBackend();
        }
        Path dir = directory.get();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw MonarchException.failed("cannot create the embedded environment's folder " + dir + ": " + e.getMessage(), e);
        }
        int cache = cacheMegabytes();
        try {
            FolderBackend backend = FolderBackend.open(dir.resolve(DATA_FILE), cache);
            Files.writeString(dir.resolve(PID_FILE), Long.toString(ProcessHandle.current().pid()));
            return backend;
        } catch (IOException e) {
            throw MonarchException.failed("cannot write " + dir.resolve(PID_FILE) + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            if (String.valueOf(e.getMessage()).toLowerCase().contains("locked")) {
                List<String> holder = holder(dir);
                String pid = holder.isEmpty() ? "(unknown)" : holder.get(0);
                Optional<String> served = holder.stream().filter(l -> l.startsWith(SERVING)).map(l -> l.substring(SERVING.length())).findFirst();
                if (served.isPresent()) {
                    throw MonarchException.refused("the embedded environment at " + dir + " is in use by pid " + pid
                            + ", a 'monarch serve' on 127.0.0.1:" + served.get() + "; an embedded environment is one process's at a "
                            + "time. Use that server: give this command an environment with uri: mongodb://127.0.0.1:"
                            + served.get() + " (and the same database), or stop the server (Ctrl-C where it runs)");
                }
                throw MonarchException.refused("the embedded environment at " + dir + " is in use by pid "
                        + pid + "; an embedded environment is one process's at a time. Stop that process, "
                        + "or run 'monarch serve <env>' and point both at its port");
            }
            throw MonarchException.failed("cannot open the embedded environment at " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * The folder store's page cache in MB: {@value #DEFAULT_CACHE_MB} unless {@code -Dmonarch.embedded.cacheMb} or
     * {@code MONARCH_EMBEDDED_CACHE_MB} says otherwise. A larger cache speeds up reads of a store bigger than it.
     */
    static int cacheMegabytes() {
        String value = System.getProperty("monarch.embedded.cacheMb", System.getenv("MONARCH_EMBEDDED_CACHE_MB"));
        if (value == null || value.isBlank()) {
            return DEFAULT_CACHE_MB;
        }
        try {
            int megabytes = Integer.parseInt(value.trim());
            if (megabytes > 0) {
                return megabytes;
            }
        } catch (NumberFormatException ignored) {
            // falls through to the refusal below
        }
        throw MonarchException.usage("the embedded store's cache size must be a whole number of megabytes above 0, not '"
                + value + "' (MONARCH_EMBEDDED_CACHE_MB or -Dmonarch.embedded.cacheMb)");
    }

    /** The pid file's lines: the holder's pid, and {@code port <n>} when it is a 'monarch serve'. */
    private static List<String> holder(Path dir) {
        try {
            return Files.readString(dir.resolve(PID_FILE)).strip().lines().toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    @Override
    public String connectionString() {
        return "mongodb://127.0.0.1:" + address.getPort();
    }

    @Override
    public int port() {
        return address.getPort();
    }

    /**
     * Writes a folder environment's recent changes to its file now. A process stopping (Ctrl-C) never reaches the
     * close that would, so what its cleanup did (dropping staging collections) must be made durable this way.
     */
    public void flush() {
        if (backend instanceof H2Backend h2) {
            h2.commit();
        }
    }

    /** Stops serving: the same as {@link #release()}. */
    @Override
    public void close() {
        release();
    }

    /** Drops one use; the last one shuts the server down and, for a folder, flushes and unlocks it. */
    public void release() {
        synchronized (EmbeddedServer.class) {
            if (--users > 0) {
                return;
            }
            if (key != null) {
                OPEN.remove(key);
            }
        }
        server.shutdownNow();
        backend.close();
        directory.ifPresent(EmbeddedServer::deletePidFile);
    }

    private static void deletePidFile(Path dir) {
        try {
            Files.deleteIfExists(dir.resolve(PID_FILE));
        } catch (IOException ignored) {
            // a stale pid file only makes a later "in use" message name an old pid
        }
    }
}
