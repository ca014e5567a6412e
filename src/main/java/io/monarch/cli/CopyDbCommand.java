package io.monarch.cli;

import io.monarch.Monarch;
import io.monarch.api.CopyOptions;
import io.monarch.api.CopyTenants;
import io.monarch.api.LoadResult;
import io.monarch.api.RestoreOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.concurrent.Callable;

@Command(name = "copy_db", aliases = "copy-db", mixinStandardHelpOptions = true,
        description = {"Copy one environment's database into another: <from>:<to>, whole or what a QuerySet selects (-q).",
                "Documents stream from the source into the target; its collections are replaced only once all are loaded.",
                "An environment of many databases needs its tenant: --tenant (for each side that has many), or --from-tenant / --to-tenant."})
final class CopyDbCommand implements Callable<Integer> {
    @Mixin
    GlobalOptions global;
    @Mixin
    QuerySetOptions subset;

    @Parameters(paramLabel = "<from>:<to>", description = "The source and target environments, e.g. production:development.")
    String spec;

    @Mixin
    TargetOptions writing;

    @Mixin
    SegmentOptions segments;

    @Option(names = "--tenant", paramLabel = "<db>", description = "The tenant database on each side that is an environment of many.")
    String tenant;

    @Option(names = "--from-tenant", paramLabel = "<db>", description = "The source's tenant database (instead of --tenant).")
    String fromTenant;

    @Option(names = "--to-tenant", paramLabel = "<db>", description = "The target's tenant database (instead of --tenant).")
    String toTenant;

    @Override
    public Integer call() {
        Console console = Console.of(global);
        Target target = Target.parse(spec, "<from>:<to>, e.g. copy_db production:development");
        Monarch monarch = global.monarch(console);
        CopyTenants tenants = new CopyTenants(tenant, fromTenant, toTenant);
        RestoreOptions options = writing.confirmed(monarch.copyTarget(target.source(), target.environment(), tenants), console);
        CopyOptions copy = new CopyOptions(subset.querySet, subset.prompter(console), options, segments.segmentBytes);
        LoadResult result = ProgressBar.during(global, progress ->
                monarch.copyDb(target.source(), target.environment(), tenants, copy, progress));
        console.loaded("copied", result, subset.querySet == null ? "" : " (" + subset.querySet + ")");
        return 0;
    }
}
