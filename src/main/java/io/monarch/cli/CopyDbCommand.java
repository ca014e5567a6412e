package io.monarch.cli;

import io.monarch.Monarch;
import io.monarch.api.CopyOptions;
import io.monarch.api.LoadResult;
import io.monarch.api.RestoreOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.util.concurrent.Callable;

@Command(name = "copy_db", aliases = "copy-db", mixinStandardHelpOptions = true,
        description = {"Copy one environment's database into another: <from>:<to>, whole or what a QuerySet selects (-q).",
                "Documents stream from the source into the target; its collections are replaced only once all are loaded."})
final class CopyDbCommand implements Callable<Integer> {
    @Mixin
    GlobalOptions global;
    @Mixin
    QuerySetOptions subset;

    @Parameters(paramLabel = "<from>:<to>", description = "The source and target environments, e.g. production:development.")
    String spec;

    @Mixin
    TargetOptions writing;

    @Override
    public Integer call() {
        Console console = Console.of(global);
        Target target = Target.parse(spec, "<from>:<to>, e.g. copy_db production:development");
        Monarch monarch = global.monarch(console);
        RestoreOptions options = writing.confirmed(monarch, target.environment(), console);
        CopyOptions copy = new CopyOptions(subset.querySet, subset.prompter(console), options);
        LoadResult result = ProgressBar.during(global, progress ->
                monarch.copyDb(target.source(), target.environment(), copy, progress));
        console.loaded("copied", result, subset.querySet == null ? "" : " (" + subset.querySet + ")");
        return 0;
    }
}
