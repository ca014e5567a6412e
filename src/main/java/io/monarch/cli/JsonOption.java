package io.monarch.cli;

import picocli.CommandLine.Option;

/** {@code --json} on every listing. */
public final class JsonOption {
    @Option(names = "--json", description = "Print the listing as JSON.")
    boolean json;
}
