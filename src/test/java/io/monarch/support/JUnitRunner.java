package io.monarch.support;

import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;
import org.junit.platform.engine.discovery.DiscoverySelectors;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Runs test classes with the JUnit Platform Launcher, as a user's build runs theirs. */
public final class JUnitRunner {
    private JUnitRunner() {
    }

    /** Runs the classes with these configuration parameters, in this JVM. */
    public static TestExecutionSummary run(Map<String, String> configuration, Class<?>... classes) {
        return run(LauncherDiscoveryRequestBuilder.request()
                .selectors(Arrays.stream(classes).map(DiscoverySelectors::selectClass).toList())
                .configurationParameters(configuration).build());
    }

    private static TestExecutionSummary run(LauncherDiscoveryRequest request) {
        SummaryGeneratingListener listener = new SummaryGeneratingListener();
        LauncherFactory.create().execute(request, listener);
        return listener.getSummary();
    }

    /** The summary and every failure with its stack, for an assertion's message. */
    public static String describe(TestExecutionSummary summary) {
        StringWriter text = new StringWriter();
        summary.printTo(new PrintWriter(text));
        summary.printFailuresTo(new PrintWriter(text), 15);
        return text.toString();
    }

    /** {@code JUnitRunner <class>...}: runs them from the classpath and prints the summary; exit 0 only when all passed. */
    public static void main(String[] args) {
        TestExecutionSummary summary = run(LauncherDiscoveryRequestBuilder.request()
                .selectors(Arrays.stream(args).map(DiscoverySelectors::selectClass).toList()).build());
        System.out.println(describe(summary));
        System.exit(summary.getTotalFailureCount() == 0 && summary.getTestsSucceededCount() > 0 ? 0 : 1);
    }

    /** The names of the tests and containers that failed, with their messages. */
    public static List<String> failures(TestExecutionSummary summary) {
        return summary.getFailures().stream()
                .map(f -> f.getTestIdentifier().getDisplayName() + ": " + f.getException().getMessage()).toList();
    }
}
