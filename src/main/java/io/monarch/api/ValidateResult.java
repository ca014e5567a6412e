package io.monarch.api;

import java.util.List;

/**
 * How an environment's tracking compares with the project's migrations ({@code validate}, for CI).
 *
 * @param pending  what the next migrate would run: PENDING, ROLLED_BACK, OUTDATED repeatable, RUNNING (left so by a
 *                 run that died, or running now)
 * @param problems what a person must look at: applied migrations whose source changed (drift: migrate refuses to go on),
 *                 FAILED ones (migrate runs them again; {@code repair} clears the failure), MISSING ones (tracked here,
 *                 source gone: {@code repair} records them DELETED), and DELETED ones whose source is back
 */
public record ValidateResult(String environment, List<MigrationStatus> pending, List<MigrationStatus> problems) {

    public boolean upToDate() {
        return pending.isEmpty() && problems.isEmpty();
    }

    /** {@link ExitCode#OK} when up to date, {@link ExitCode#REFUSED} on any problem, else {@link ExitCode#PENDING}. */
    public ExitCode exitCode() {
        return !problems.isEmpty() ? ExitCode.REFUSED : pending.isEmpty() ? ExitCode.OK : ExitCode.PENDING;
    }
}
