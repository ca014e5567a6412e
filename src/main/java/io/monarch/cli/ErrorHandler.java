package io.monarch.cli;

import io.monarch.Monarch;
import io.monarch.api.ExitCode;
import io.monarch.api.MonarchException;
import picocli.CommandLine;

import java.io.PrintWriter;

/** The one place that turns an exception into a message and an exit code; no stack trace, no password. */
final class ErrorHandler implements CommandLine.IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(Exception e, CommandLine commandLine, CommandLine.ParseResult parseResult) {
        if (outOfMemory(e)) {
            return outOfMemory(commandLine.getErr());
        }
        if (e instanceof MonarchException m) {
            commandLine.getErr().println("error: " + Monarch.redact(m.getMessage()));
            return m.exitCode().code();
        }
        commandLine.getErr().println("error: " + Monarch.redact(String.valueOf(e)));
        if (System.getenv("MONARCH_DEBUG") != null) {
            e.printStackTrace(commandLine.getErr());
        } else {
            commandLine.getErr().println("(set MONARCH_DEBUG=1 to see where it happened)");
        }
        return ExitCode.FAILED.code();
    }

    private static boolean outOfMemory(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof OutOfMemoryError) {
                return true;
            }
        }
        return false;
    }

    /**
     * The launcher caps the heap (monarch streams, so its own needs stay small); what outgrows it is nearly always an
     * {@code embedded:memory} environment, which holds its data in the heap, or a QuerySet that collects documents.
     */
    static int outOfMemory(PrintWriter err) {
        err.println("error: monarch ran out of memory (" + Runtime.getRuntime().maxMemory() / (1024 * 1024) + " MB of heap). "
                + "An embedded:memory environment holds all of its data in it; give it more with "
                + "MONARCH_JAVA_OPTS=-Xmx4g (or use an embedded:<folder> environment)");
        return ExitCode.FAILED.code();
    }
}
