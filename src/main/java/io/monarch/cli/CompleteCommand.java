package io.monarch.cli;

import io.monarch.Monarch;
import io.monarch.api.EnvironmentInfo;
import io.monarch.api.StoreScope;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code monarch __complete environments|backups|querysets}: the project's names, one a line, for the completion
 * script. Hidden, quick (nothing connects or compiles; backups are the local ones) and silent: any error prints
 * nothing, so a Tab press never shows one.
 */
@Command(name = "__complete", hidden = true,
        description = "Print the project's environments, local backups or QuerySets, one a line, for shell completion.")
final class CompleteCommand implements Callable<Integer> {
    /** What the script asks for; lower case, as it types them. */
    enum Kind { environments, backups, querysets }

    @Mixin
    GlobalOptions global;

    @Parameters(paramLabel = "environments|backups|querysets")
    Kind kind;

    @Override
    public Integer call() {
        Console console = Console.of(global);
        try {
            Monarch monarch = Monarch.load(Monarch.findSettings(global.settings)).withWarnings(warning -> { });
            List<String> names = switch (kind) {
                case environments -> monarch.environments().stream().map(EnvironmentInfo::name).toList();
                case backups -> monarch.listBackups(null, StoreScope.LOCAL).stream().map(b -> b.manifest().name()).toList();
                case querysets -> monarch.querySetNames();
            };
            names.forEach(console::result);
        } catch (RuntimeException e) {
            // no settings, a bad file, an unreadable folder: no names, and nothing said
        }
        return 0;
    }
}
