package io.monarch.cli;

import io.monarch.Monarch;
import io.monarch.api.ExitCode;
import io.monarch.api.MonarchException;
import picocli.CommandLine;

/** The one place that turns an exception into a message and an exit code; no stack trace, no password. */
final class ErrorHandler implements CommandLine.IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(Exception e, CommandLine commandLine, CommandLine.ParseResult parseResult) {
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
}
