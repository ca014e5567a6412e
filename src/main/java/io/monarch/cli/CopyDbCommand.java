package io.monarch.cli;

import io.monarch.Monarch;
import io.monarch.api.CopyOptions;
import io.monarch.api.LoadResult;
import io.monarch.api.Progress;
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
        Progress progress = ProgressBar.start(global);
        LoadResult result;
        try {
            result = monarch.copyDb(target.source(), target.environment(), new CopyOptions(subset.querySet, subset.prompter(console),
                    options), progress);
        } finally {
            ProgressBar.stop(progress);
        }
        result.warnings().forEach(w -> console.warn("warning: " + w));
        console.result(String.format("copied %s into %s%s: %s in %s, took %s", result.source(),
                result.environment(), subset.querySet == null ? "" : " (" + subset.querySet + ")",
                Formats.count(result.documents(), "document"), Formats.count(result.collections().size(), "collection"),
                Formats.duration(result.took())));
        return 0;
    }
}
