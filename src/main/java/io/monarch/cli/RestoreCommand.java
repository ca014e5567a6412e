package io.monarch.cli;

import io.monarch.Monarch;
import io.monarch.api.LoadResult;
import io.monarch.api.RestoreOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "restore", mixinStandardHelpOptions = true,
        description = {"Restore a backup into an environment: <backup>:<env>.",
                "<backup> is a name from list_backups, or a path to a mongodump archive (plain or gzip), a mongodump folder, or a Python monarch .dmp.zip.",
                "The target's collections are replaced only once every collection is loaded and checked."})
final class RestoreCommand implements Callable<Integer> {
    @Mixin
    GlobalOptions global;

    @Parameters(paramLabel = "<backup>:<env>", description = "What to restore, and where.")
    String spec;

    @Mixin
    TargetOptions writing;
    @Mixin
    TenantOption tenant;


    @Option(names = "--from-db", paramLabel = "<db>", description = "The dump's database to restore, when it holds several.")
    String fromDb;

    @Option(names = "--collection", paramLabel = "<name>", description = {"Restore only this collection (repeatable; globs * and ? allowed);",
            "the target's other collections are left as they are."})
    List<String> collections = new ArrayList<>();

    @Override
    public Integer call() {
        Console console = Console.of(global);
        Target target = Target.parse(spec, "<backup>:<env>, e.g. restore production__app__20261124T093000Z:development");
        Monarch monarch = tenant.on(global.monarch(console), target.environment());
        RestoreOptions options = writing.confirmed(monarch, target.environment(), console).fromDb(fromDb).onlyCollections(collections);
        LoadResult result = ProgressBar.during(global, progress ->
                monarch.restore(target.source(), target.environment(), options, progress));
        console.loaded("restored", result, "");
        return 0;
    }
}
