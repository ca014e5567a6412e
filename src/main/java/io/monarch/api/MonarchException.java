package io.monarch.api;

/**
 * Every error monarch reports to its user: a message that says what to do, and the exit code the CLI
 * returns for it. Library users catch this one type.
 */
public class MonarchException extends RuntimeException {
    private final ExitCode exitCode;

    public MonarchException(ExitCode exitCode, String message) {
        this(exitCode, message, null);
    }

    public MonarchException(ExitCode exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    public ExitCode exitCode() {
        return exitCode;
    }

    /** Bad input or settings: nothing was touched. */
    public static MonarchException usage(String message) {
        return new MonarchException(ExitCode.USAGE, message);
    }

    /** Refused for safety: a protected target, a held lock, drift. */
    public static MonarchException refused(String message) {
        return new MonarchException(ExitCode.REFUSED, message);
    }

    public static MonarchException failed(String message, Throwable cause) {
        return new MonarchException(ExitCode.FAILED, message, cause);
    }
}
