package io.monarch.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

@Command(name = "generate-completion", aliases = "generate_completion", mixinStandardHelpOptions = true,
        description = {"Print a bash/zsh completion script: source <(monarch generate-completion).",
                "It completes commands and options, and the project's environments, local backups and QuerySets."})
final class GenerateCompletionCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().getOut().print(CompletionScript.bash(spec.root().commandLine()));
        spec.commandLine().getOut().flush();
        return 0;
    }
}
