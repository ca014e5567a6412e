package io.monarch.cli;

import io.monarch.api.ServedEnvironment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Run an embedded environment as a MongoDB server on 127.0.0.1 until Ctrl-C, for mongosh, Compass or your app.")
final class ServeCommand implements Callable<Integer> {
    @Mixin
    GlobalOptions global;

    @Parameters(paramLabel = "<env>", completionCandidates = Choices.Environments.class, description = "An environment whose uri is embedded:...")
    String environment;

    @Option(names = "--port", defaultValue = "27017", description = "The port (default: ${DEFAULT-VALUE}; 0 for any free one).")
    int port;

    @Override
    public Integer call() throws InterruptedException {
        Console console = Console.of(global);
        ServedEnvironment server = global.monarch(console).serve(environment, port);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }));
        console.result("serving " + environment + " at " + server.connectionString() + " (Ctrl-C stops)");
        stopped.await();
        return 0;
    }
}
