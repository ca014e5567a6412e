package io.monarch.cli;

import io.monarch.api.EnvironmentInfo;

/** For a protected target with --force: the name typed at the terminal, or --confirm's when there is none. */
final class Confirmation {
    private Confirmation() {
    }

    /** @param change what will happen to it: "everything in its database app will be replaced" */
    static String ask(EnvironmentInfo env, boolean force, String confirm, String change, Console console) {
        if (!env.protectedTarget() || !force || confirm != null || !console.canAsk()) {
            return confirm;
        }
        return console.ask(env.name() + " is protected: " + change + ". Type its name to go on: ");
    }
}
