package io.monarch.cli;

import io.monarch.api.EnvironmentStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.util.concurrent.Callable;

@Command(name = "status", mixinStandardHelpOptions = true,
        description = {"Show who holds an environment's lock and what runs into it, and clean up after runs that died.",
                "Restores and copies running into it are listed; of those that died, the staging collections are dropped",
                "and a swap cut short is finished. A run that can be resumed (--resume) keeps what it loaded; it is listed, not dropped."})
final class StatusCommand implements Callable<Integer> {
    @Mixin
    GlobalOptions global;

    @Mixin
    TenantOption tenant;

    @Parameters(paramLabel = "<env>", description = "The environment.")
    String environment;

    @Override
    public Integer call() {
        Console console = Console.of(global);
        EnvironmentStatus status = tenant.on(global.monarch(console), environment).status(environment);
        console.result(status.lock() != null ? status.lock() : (tenant.tenant == null ? environment : tenant.tenant) + " is not locked");
        status.running().forEach(r -> console.result("running: " + r));
        status.resumable().forEach(r -> console.result("resumable: " + r));
        status.cleaned().forEach(c -> console.result("cleaned: " + c));
        if (status.running().isEmpty() && status.resumable().isEmpty() && status.cleaned().isEmpty()) {
            console.result("no restore or copy is running, and none left anything behind");
        }
        return 0;
    }
}
