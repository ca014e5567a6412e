package io.monarch.cli;

import io.monarch.mongo.Redaction;

import java.io.PrintWriter;

/** Where a command prints: results to stdout, progress to stdout unless quiet, errors to stderr; all scrubbed of secrets. */
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
        out.println(Redaction.scrub(line));
        out.flush();
    }

    /** A progress line: quiet with --quiet. */
    void progress(String line) {
        if (!quiet) {
            out.println(Redaction.scrub(line));
            out.flush();
        }
    }

    void warn(String line) {
        err.println(Redaction.scrub(line));
        err.flush();
    }

    /** Whether a person is at a terminal (progress bars and prompts only then). */
    static boolean interactive() {
        return System.console() != null && !"true".equalsIgnoreCase(System.getenv("CI"));
    }
}
