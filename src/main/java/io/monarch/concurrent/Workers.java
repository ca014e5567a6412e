package io.monarch.concurrent;

import java.io.IOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The one way monarch makes worker threads: named (they show in thread dumps and JFR), daemon (a worker never
 * keeps the JVM alive after the command is done), and waited on with their failures surfacing as themselves.
 */
public final class Workers {
    private Workers() {
    }

    /** {@code threads} workers named {@code monarch-<name>}. */
    public static ExecutorService fixed(String name, int threads) {
        return Executors.newFixedThreadPool(Math.max(1, threads), named(name));
    }

    /**
     * {@code threads} workers whose queue holds at most {@code threads} tasks; a task submitted to a full queue
     * runs in the caller. The producer thus waits when workers are behind, and memory stays flat.
     */
    public static ThreadPoolExecutor bounded(String name, int threads) {
        int n = Math.max(1, threads);
        return new ThreadPoolExecutor(n, n, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(n), named(name),
                new ThreadPoolExecutor.CallerRunsPolicy());
    }

    public static ScheduledExecutorService scheduled(String name) {
        return Executors.newSingleThreadScheduledExecutor(named(name));
    }

    /** A task's result; an IOException, RuntimeException or Error it threw is thrown here as itself. */
    public static <T> T await(Future<T> future) throws IOException {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new IOException(cause);
        }
    }

    /** Lets running tasks finish (queued ones too) for up to {@code seconds}; false if some are still running then. */
    public static boolean finish(ExecutorService pool, long seconds) {
        pool.shutdown();
        try {
            return pool.awaitTermination(seconds, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static ThreadFactory named(String name) {
        return task -> {
            Thread thread = new Thread(task, "monarch-" + name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
