package io.monarch.support;

import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Starts the monarch CLI in a second JVM, as a user's second terminal would. */
public final class ChildJvm {
    /**
     * What starts a child with SIGINT at its default disposition, as at a terminal. A build started in the background
     * ({@code mvn verify &}) runs with SIGINT ignored, children inherit that, and a JVM started so never installs its
     * Ctrl-C handler (nor can Java code install one: the JVM leaves an ignored SIGINT alone), so Ctrl-C tests would see
     * the child go on to exit 0. GNU env (coreutils 8.31+) resets it; perl does where that env is not.
     */
    private static final List<String> SIGINT_AT_DEFAULT = sigintAtDefault();

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
        List<String> command = new ArrayList<>(SIGINT_AT_DEFAULT);
        command.add(System.getProperty("java.home") + File.separator + "bin" + File.separator + "java");
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.monarch.cli.MonarchCommand"));
        command.addAll(List.of(args));
        return new ProcessBuilder(command);
    }

    public static Process start(String... args) throws IOException {
        return monarch(args).redirectErrorStream(true).start();
    }

    /** Both exec the command in their own process, so the child's pid is the JVM's (a test signals it). */
    private static List<String> sigintAtDefault() {
        List<List<String>> ways = List.of(List.of("env", "--default-signal=INT"),
                List.of("perl", "-e", "$SIG{INT} = 'DEFAULT'; exec { $ARGV[0] } @ARGV or die \"cannot run $ARGV[0]: $!\\n\""));
        for (List<String> way : ways) {
            List<String> probe = new ArrayList<>(way);
            probe.add("true");
            try {
                Process process = new ProcessBuilder(probe).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                if (process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0) {
                    return way;
                }
                process.destroyForcibly();
            } catch (IOException e) {
                // not on this machine: try the next way
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return List.of(); // a child then has this JVM's disposition, as before
    }
}
