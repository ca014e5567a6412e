package io.monarch.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.util.concurrent.Callable;

@Command(name = "unlock", mixinStandardHelpOptions = true,
        description = "Clear an environment's migration lock by hand (when its holder died and you will not wait for it to expire).")
final class UnlockCommand implements Callable<Integer> {
    @Mixin
    GlobalOptions global;

    @Mixin
    TenantOption tenant;

    @Parameters(paramLabel = "<env>", completionCandidates = Choices.Environments.class, description = "The environment.")
    String environment;

    @Override
    public Integer call() {
        boolean removed = tenant.on(global.monarch(Console.of(global)), environment).unlock(environment);
        Console.of(global).result(removed ? "unlocked " + where() : where() + " was not locked");
        return 0;
    }

    private String where() {
        return tenant.tenant == null ? environment : environment + " --tenant " + tenant.tenant;
    }
}
