package io.monarch.api;

/** The process exit codes every command uses (DESIGN §6). */
public enum ExitCode {
    OK(0), FAILED(1), USAGE(2), REFUSED(3),
    /** Changes are pending: {@code validate} (migrations to apply), {@code plan} (schema differences). */
    PENDING(4),
    INTERRUPTED(130);

    private final int code;

    ExitCode(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }
}
