package io.monarch.cli;

import io.monarch.Monarch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "init", mixinStandardHelpOptions = true,
        description = "Create migrations/settings.yml (an embedded 'development' environment) and the migrations folder.")
final class InitCommand implements Callable<Integer> {
    @Mixin
    GlobalOptions global;

    @Override
    public Integer call() {
        Console console = Console.of(global);
        for (Path written : Monarch.init(global.settings)) {
            console.result("created " + written);
        }
        console.progress("next: monarch generate <name>, then monarch migrate development");
        return 0;
    }
}
