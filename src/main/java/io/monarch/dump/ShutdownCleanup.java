package io.monarch.dump;

/**
 * Runs a cleanup if the JVM is stopped (Ctrl-C) while work is under way: the partial upload aborted, the
 * staging collections dropped. Closing it (the work ended by itself) removes the hook.
 */
public final class ShutdownCleanup implements AutoCloseable {
    private final Thread hook;

    public ShutdownCleanup(String what, Runnable cleanup) {
        this.hook = new Thread(() -> {
            System.err.println("interrupted: " + what);
            try {
                cleanup.run();
            } catch (RuntimeException e) {
                System.err.println("cleanup after interruption failed: " + e.getMessage());
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
