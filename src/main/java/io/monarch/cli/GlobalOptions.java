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

    @Option(names = "--settings", paramLabel = "<file>",
            description = "The settings file (default: $MONARCH_SETTINGS, else migrations/settings.yml here or in the nearest folder above).")
    Path settings;

    @Option(names = "--quiet", description = "Print only results and errors.")
    boolean quiet;

    /** The library over this command's settings, telling its progress and warnings to the console. */
    Monarch monarch(Console console) {
        return Monarch.load(Monarch.findSettings(settings)).withLog(console::progress).withWarnings(console::warn);
    }

    /** Where init writes: --settings, $MONARCH_SETTINGS, one found above, else migrations/settings.yml here. */
    Path settingsForInit() {
        return Monarch.settingsForInit(settings);
    }
}
