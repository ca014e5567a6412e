package io.monarch.cli;

import io.monarch.api.EnvironmentInfo;
import picocli.CommandLine.Option;

/** {@code --force} and {@code --confirm <env>}: what changing a {@code protected: true} environment needs. */
final class ProtectedOptions {
    @Option(names = "--force", description = "Needed to change a protected environment.")
    boolean force;

    @Option(names = "--confirm", paramLabel = "<env>", completionCandidates = Choices.Environments.class,
            description = "The protected environment's name, when there is no terminal to type it.")
    String confirm;

    /** The name typed at the terminal where a protected environment is forced, else --confirm's; {@code change} says what happens to it. */
    String typed(EnvironmentInfo env, String change, Console console) {
        return Confirmation.ask(env, force, confirm, change, console);
    }
}
