package io.monarch.cli;

import io.monarch.Monarch;
import io.monarch.api.EnvironmentInfo;
import io.monarch.api.RestoreOptions;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.List;

/**
 * The options of a command that writes into an environment (restore, copy_db): the protected-target guard, -j, the
 * insertion workers, verification and resuming.
 */
final class TargetOptions {
    @Mixin
    ProtectedOptions guard;

    @Option(names = {"-j", "--parallel"}, defaultValue = "4",
            description = "Readers at once: collections, or segments of a large one (default: ${DEFAULT-VALUE}).")
    int parallelism;

    @Option(names = "--insertion-workers", paramLabel = "<n>", defaultValue = "2",
            description = "Inserts at once into each collection, unordered (default: ${DEFAULT-VALUE}).")
    int insertionWorkers;

    @Option(names = "--no-verify", negatable = false,
            description = "Skip reading each collection back to compare its count and content hash with the source's before the swap.")
    boolean noVerify;

    @Option(names = "--resume",
            description = {"Continue the run into this target that was killed or lost its connection: only what it had not",
                    "loaded moves, then it verifies and swaps. Without it, what such a run left is dropped and all starts over."})
    boolean resume;

    /** Asks for the protected target's name where needed (exit 3 if refused), then the options for the library. */
    RestoreOptions confirmed(Monarch monarch, String environment, Console console) {
        return confirmed(monarch.environment(environment), console);
    }

    /** The same, for a target the library has already resolved (a tenant's database). */
    RestoreOptions confirmed(EnvironmentInfo target, Console console) {
        RestoreOptions checked = RestoreOptions.DEFAULT.withParallelism(parallelism).withInsertionWorkers(insertionWorkers)
                .withVerify(!noVerify).withResume(resume); // bad numbers are refused before anyone is asked to confirm
        String typed = guard.typed(target, "everything in its database " + target.database() + " will be replaced", console);
        return new RestoreOptions(guard.force, typed, checked.parallelism(), null, List.of(), checked.insertionWorkers(), checked.verify(),
                checked.resume());
    }
}
