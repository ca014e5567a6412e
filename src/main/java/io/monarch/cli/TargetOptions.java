package io.monarch.cli;

import io.monarch.Monarch;
import io.monarch.api.RestoreOptions;
import picocli.CommandLine.Option;

/** The options of a command that writes into an environment (restore, copy_db): the protected-target guard and -j. */
final class TargetOptions {
    @Option(names = "--force", description = "Needed to write into a protected environment.")
    boolean force;

    @Option(names = "--confirm", paramLabel = "<env>", completionCandidates = Choices.Environments.class, description = "The protected target's name, when there is no terminal to type it.")
    String confirm;

    @Option(names = {"-j", "--parallel"}, defaultValue = "4", description = "Collections loaded at once (default: ${DEFAULT-VALUE}).")
    int parallelism;

    /** Asks for the protected target's name where needed (exit 3 if refused), then the options for the library. */
    RestoreOptions confirmed(Monarch monarch, String environment, Console console) {
        String typed = Confirmation.ask(monarch, environment, force, confirm, console);
        return new RestoreOptions(force, typed, Parallelism.check(parallelism));
    }
}
