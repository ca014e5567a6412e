package io.monarch.cli;

import io.monarch.Monarch;
import io.monarch.api.LoadResult;

import java.io.PrintWriter;

/**
 * Where a command prints and asks: results to stdout, progress to stdout unless quiet, warnings and errors to
 * stderr, all scrubbed of secrets; questions at the terminal, when there is one.
 */
final class Console {
    private final PrintWriter out;
    private final PrintWriter err;
    private final boolean quiet;

    Console(PrintWriter out, PrintWriter err, boolean quiet) {
        this.out = out;
        this.err = err;
        this.quiet = quiet;
    }

    static Console of(GlobalOptions options) {
        return new Console(options.spec.commandLine().getOut(), options.spec.commandLine().getErr(), options.quiet);
    }

    /** A result line: printed even with --quiet. */
    void result(String line) {
        out.println(Monarch.redact(line));
        out.flush();
    }

    /** A progress line: quiet with --quiet. */
    void progress(String line) {
        if (!quiet) {
            out.println(Monarch.redact(line));
            out.flush();
        }
    }

    void warn(String line) {
        err.println(Monarch.redact(line));
        err.flush();
    }

    /** What a restore or copy did, and what it could not keep: "restored x into y: 3 documents in 2 collections, took 1.0 s". */
    void loaded(String verb, LoadResult result, String detail) {
        result.warnings().forEach(w -> warn("warning: " + w));
        result(String.format("%s %s into %s%s: %s in %s, took %s", verb, result.source(), result.environment(), detail,
                Formats.count(result.documents(), "document"), Formats.count(result.collections().size(), "collection"),
                Formats.duration(result.took())));
        for (String note : result.notes()) {
            if (note.startsWith("warning: ")) {
                warn(note);
            } else {
                result(note);
            }
        }
    }

    /** Whether a person can be asked: a terminal is attached. */
    boolean canAsk() {
        return System.console() != null;
    }

    /** Asks at the terminal; null when there is none or input ended. */
    String ask(String question) {
        if (System.console() == null) {
            return null;
        }
        String typed = System.console().readLine("%s", question);
        return typed == null ? null : typed.trim();
    }

    /** Whether a person is at a terminal (progress bars only then). */
    static boolean interactive() {
        return System.console() != null && !"true".equalsIgnoreCase(System.getenv("CI"));
    }
}
