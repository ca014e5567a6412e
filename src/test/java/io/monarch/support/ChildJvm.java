package io.monarch.support;

import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Starts the monarch CLI in a second JVM, as a user's second terminal would. */
public final class ChildJvm {
    private ChildJvm() {
    }

    /**
     * A process running {@code monarch <args>}. The classpath is this JVM's: under surefire that is its booter
     * jar, whose manifest names the classes and every dependency.
     */
    public static ProcessBuilder monarch(String... args) {
        return monarch(List.of(), args);
    }

    /** The same, with options for the JVM ({@code -Dkey=value}). */
    public static ProcessBuilder monarch(List<String> jvmOptions, String... args) {
        List<String> command = new ArrayList<>(List.of(System.getProperty("java.home") + File.separator + "bin" + File.separator + "java"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.monarch.cli.MonarchCommand"));
        command.addAll(List.of(args));
        return new ProcessBuilder(command);
    }

    public static Process start(String... args) throws IOException {
        return monarch(args).redirectErrorStream(true).start();
    }
}
