package io.monarch.concurrent;

import java.util.function.Consumer;

/**
 * Runs a cleanup if the JVM is stopped (Ctrl-C) while work is under way: the partial upload aborted, the
 * staging collections dropped. Closing it (the work ended by itself) removes the hook.
 */
public final class ShutdownCleanup implements AutoCloseable {
    private final Thread hook;

    /** @param say where to tell the user that the work was interrupted, and how the cleanup went */
    public ShutdownCleanup(String what, Runnable cleanup, Consumer<String> say) {
        this.hook = new Thread(() -> {
            say.accept("interrupted: " + what);
            try {
                cleanup.run();
            } catch (RuntimeException e) {
                say.accept("cleanup after interruption failed: " + e.getMessage());
            }
        }, "monarch-cleanup");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // the hook is running or has run
        }
    }
}
