package io.monarch.cli;

import io.monarch.api.Monarch;
import io.monarch.config.Environment;

/** For a protected target with --force: the name typed at the terminal, or --confirm's when there is none. */
final class Confirmation {
    private Confirmation() {
    }

    static String ask(Monarch monarch, String environment, boolean force, String confirm, Console console) {
        Environment env = monarch.settings().environment(environment);
        if (!env.protectedTarget() || !force || confirm != null || System.console() == null) {
            return confirm;
        }
        String typed = System.console().readLine("%s is protected: everything in its database %s will be replaced. "
                + "Type its name to go on: ", env.name(), env.database());
        return typed == null ? null : typed.trim();
    }
}
