package io.monarch.cli;

import io.monarch.Monarch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "init", mixinStandardHelpOptions = true,
        description = {"Create migrations/settings.yml (an embedded 'development' environment) and the migrations folder, here.",
                "Adds .monarch/ and backups/ to the project's .gitignore (written if there is none)."})
final class InitCommand implements Callable<Integer> {
    @Mixin
    GlobalOptions global;

    @Override
    public Integer call() {
        Console console = Console.of(global);
        for (Path written : Monarch.init(global.settingsForInit())) {
            console.result("wrote " + written);
        }
        console.progress("next: monarch generate <name>, then monarch migrate development");
        return 0;
    }
}
