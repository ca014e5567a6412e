package io.monarch.cli;

import io.monarch.Monarch;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;

/** Options every command takes. */
public final class GlobalOptions {
    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(names = "--settings", paramLabel = "<file>", defaultValue = "migrations/settings.yml",
            description = "The settings file (default: ${DEFAULT-VALUE}).")
    Path settings;

    @Option(names = "--quiet", description = "Print only results and errors.")
    boolean quiet;

    /** The library over this command's settings, telling its progress and warnings to the console. */
    Monarch monarch(Console console) {
        return Monarch.load(settings).withLog(console::progress).withWarnings(console::warn);
    }
}
