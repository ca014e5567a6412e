package io.monarch.cli;

import io.monarch.api.EnvironmentInfo;

/** For a protected target with --force: the name typed at the terminal, or --confirm's when there is none. */
final class Confirmation {
    private Confirmation() {
    }

    static String ask(EnvironmentInfo env, boolean force, String confirm, Console console) {
        if (!env.protectedTarget() || !force || confirm != null || !console.canAsk()) {
            return confirm;
        }
        return console.ask(env.name() + " is protected: everything in its database " + env.database()
                + " will be replaced. Type its name to go on: ");
    }
}
