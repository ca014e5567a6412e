package io.monarch.cli;

import io.monarch.dump.Progress;

import java.io.PrintWriter;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A one-line progress bar (documents, bytes, rate, the collection last moved) redrawn on a terminal; when output
 * is not a terminal, or with --quiet, it draws nothing.
 */
final class ProgressBar implements Progress, AutoCloseable {
    private final PrintWriter err;
    private final AtomicLong documents = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicReference<String> current = new AtomicReference<>("");
    private final long started = System.nanoTime();
    private final Thread drawer;

    private ProgressBar(PrintWriter err) {
        this.err = err;
        this.drawer = new Thread(this::drawLoop, "monarch-progress");
        drawer.setDaemon(true);
        drawer.start();
    }

    /** A bar on a terminal; {@link Progress#NONE} otherwise. */
    static Progress start(GlobalOptions options) {
        if (options.quiet || !Console.interactive()) {
            return Progress.NONE;
        }
        return new ProgressBar(options.spec.commandLine().getErr());
    }

    static void stop(Progress progress) {
        if (progress instanceof ProgressBar bar) {
            bar.close();
        }
    }

    @Override
    public void moved(String collection, long docs, long size) {
        documents.addAndGet(docs);
        bytes.addAndGet(size);
        current.set(collection);
    }

    private void drawLoop() {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                Thread.sleep(250);
                draw();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private synchronized void draw() {
        double seconds = Math.max(0.001, (System.nanoTime() - started) / 1e9);
        String line = String.format("  %,d documents  %s  %s/s  %s", documents.get(), Formats.bytes(bytes.get()),
                Formats.bytes((long) (bytes.get() / seconds)), current.get());
        err.print("\r" + line + " ".repeat(Math.max(0, 100 - line.length())));
        err.flush();
    }

    @Override
    public void close() {
        drawer.interrupt();
        draw();
        err.println();
        err.flush();
    }
}
