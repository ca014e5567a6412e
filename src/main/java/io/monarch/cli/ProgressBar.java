package io.monarch.cli;

import io.monarch.api.Progress;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;
import java.util.function.Function;

/**
 * A one-line progress bar redrawn on a terminal: how far the whole run is (when the collections' counts are
 * known ahead), documents, bytes, rate, and each collection still moving with its own share; once documents
 * have moved, what the run is doing (building indexes, swapping). It fits the terminal: one column narrower
 * than {@code COLUMNS} when that is set, else {@value #DEFAULT_WIDTH} characters. When output is not a
 * terminal, or with --quiet, nothing is drawn.
 */
final class ProgressBar implements Progress, AutoCloseable {
    static final int DEFAULT_WIDTH = 118;

    private final PrintWriter err;
    private final int width;
    private final Map<String, Moving> collections = new LinkedHashMap<>();
    private final long started = System.nanoTime();
    private long bytes;
    private String phase;
    private Thread drawer;

    /** One collection's count so far, what it is expected to reach (0: unknown), and whether it is done. */
    private static final class Moving {
        long documents;
        long expected;
        boolean finished;
    }

    ProgressBar(PrintWriter err, int width) {
        this.err = err;
        this.width = width;
    }

    /**
     * The bar's width for a terminal of {@code columns} (the COLUMNS variable; null or not a number: unknown).
     * One column is left free, so that the cursor never wraps to a new line.
     */
    static int widthFor(String columns) {
        try {
            int n = Integer.parseInt(columns == null ? "" : columns.trim());
            if (n > 1) {
                return n - 1;
            }
        } catch (NumberFormatException ignored) {
            // unknown: the default
        }
        return DEFAULT_WIDTH;
    }

    /** A bar on a terminal; {@link Progress#NONE} otherwise. */
    static Progress start(GlobalOptions options) {
        if (options.quiet || !Console.interactive()) {
            return Progress.NONE;
        }
        ProgressBar bar = new ProgressBar(options.spec.commandLine().getErr(), widthFor(System.getenv("COLUMNS")));
        bar.drawer = new Thread(bar::drawLoop, "monarch-progress");
        bar.drawer.setDaemon(true);
        bar.drawer.start();
        return bar;
    }

    /** Runs long work with a bar drawn (on a terminal) while it runs, and removed after, however it ends. */
    static <T> T during(GlobalOptions options, Function<Progress, T> work) {
        Progress progress = start(options);
        try {
            return work.apply(progress);
        } finally {
            stop(progress);
        }
    }

    static void stop(Progress progress) {
        if (progress instanceof ProgressBar bar) {
            bar.close();
        }
    }

    @Override
    public synchronized void moved(String collection, long documents, long size) {
        collections.computeIfAbsent(collection, c -> new Moving()).documents += documents;
        bytes += size;
    }

    /** 0 (unknown, or a view) is not recorded: such a collection shows up once it moves. */
    @Override
    public synchronized void expect(String collection, long documents) {
        if (documents > 0) {
            collections.computeIfAbsent(collection, c -> new Moving()).expected = documents;
        }
    }

    @Override
    public synchronized void finished(String collection) {
        collections.computeIfAbsent(collection, c -> new Moving()).finished = true;
    }

    @Override
    public synchronized void phase(String what) {
        phase = what;
    }

    /** The bar's text after {@code seconds} of work, at most the bar's width. */
    synchronized String line(double seconds) {
        long documents = 0;
        long expected = 0;
        // a share of the whole only when every unfinished collection's count is known ahead
        boolean knowable = true;
        StringJoiner moving = new StringJoiner(" · ");
        int done = 0;
        for (Map.Entry<String, Moving> entry : collections.entrySet()) {
            Moving m = entry.getValue();
            documents += m.documents;
            expected += m.finished ? m.documents : Math.max(m.expected, m.documents);
            knowable &= m.finished || m.expected > 0;
            if (m.finished) {
                done++;
            } else if (m.documents > 0) {
                moving.add(entry.getKey() + " " + (m.expected > 0 ? percent(m.documents, m.expected) : String.format("%,d", m.documents)));
            }
        }
        StringBuilder line = new StringBuilder("  ");
        if (knowable && expected > 0) {
            line.append(percent(documents, expected)).append("  ").append(String.format("%,d of %,d documents", documents, expected));
        } else {
            line.append(String.format("%,d documents", documents));
        }
        line.append("  ").append(Formats.bytes(bytes));
        if (phase != null) {
            // every document is in: a rate would only fall while indexes build
            line.append("  | ").append(phase);
            return fit(line);
        }
        line.append("  ").append(Formats.bytes((long) (bytes / Math.max(0.001, seconds)))).append("/s");
        if (moving.length() > 0) {
            line.append("  | ").append(moving);
        }
        if (done > 0) {
            line.append("  (").append(done).append(" of ").append(collections.size()).append(" collections done)");
        }
        return fit(line);
    }

    private String fit(StringBuilder line) {
        return line.length() <= width ? line.toString() : line.substring(0, width - 1) + "…";
    }

    private static String percent(long part, long whole) {
        return Math.min(100, part * 100 / whole) + "%";
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

    private void draw() {
        String line = line((System.nanoTime() - started) / 1e9);
        synchronized (err) {
            err.print("\r" + line + " ".repeat(Math.max(0, width - line.length())));
            err.flush();
        }
    }

    @Override
    public void close() {
        if (drawer != null) {
            drawer.interrupt();
        }
        draw();
        err.println();
        err.flush();
    }
}
