package io.monarch.install;

import io.monarch.support.TestProject.Run;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The distribution archive as a user meets it: unpacked into a folder of their own, its launcher linked
 * from a folder on PATH, a new HOME, and the README's commands typed in a new empty project folder.
 * Runs after {@code package} (failsafe), against target/monarch-&lt;version&gt;.tar.gz.
 */
class InstallIT {
    private static final String VERSION = System.getProperty("monarch.version");
    private static final Path ARCHIVE = Path.of(System.getProperty("monarch.dist"));
    private static final Path CHECKOUT = Path.of(System.getProperty("monarch.checkout"));

    @TempDir
    Path dir;
    private Path home;
    private Path work;
    private final Map<String, String> env = new HashMap<>();

    @BeforeEach
    void aNewUser() throws IOException {
        home = Files.createDirectories(dir.resolve("home"));
        work = Files.createDirectories(dir.resolve("work"));
        env.putAll(System.getenv());
        env.keySet().removeAll(List.of("XDG_CACHE_HOME", "MONARCH_JAVA_OPTS", "MONARCH_SETTINGS"));
        env.put("HOME", home.toString());
        env.put("JAVA_HOME", System.getProperty("java.home"));
    }

    @Test
    void theUnpackedArchiveRunsTheReadmeCommandsAsTyped() throws Exception {
        Path opt = Files.createDirectories(home.resolve("opt"));
        assertEquals(0, run(dir, List.of("tar", "-xzf", ARCHIVE.toString(), "-C", opt.toString())).exitCode());
        Path unpacked = opt.resolve("monarch-" + VERSION);
        for (String entry : List.of("bin/monarch", "lib/monarch.jar", "LICENSE", "README.md")) {
            assertTrue(Files.isRegularFile(unpacked.resolve(entry)), entry + " in the archive");
        }
        // on PATH through a relative link, as `ln -s ../opt/monarch-<version>/bin/monarch ~/bin/` makes
        Path bin = Files.createDirectories(home.resolve("bin"));
        Files.createSymbolicLink(bin.resolve("monarch"), Path.of("../opt/monarch-" + VERSION + "/bin/monarch"));
        onPath(bin);
        List<String> checkoutMigrations = list(CHECKOUT.resolve("migrations"));

        Run version = typed("monarch --version");
        assertEquals(0, version.exitCode(), version.all());
        assertTrue(version.out().startsWith("monarch " + VERSION + "\n"), version.out());

        Run init = typed("monarch init");
        assertEquals(0, init.exitCode(), init.all());
        assertTrue(Files.isRegularFile(work.resolve("migrations/settings.yml")), init.all());

        Run generate = typed("monarch generate add_indexes");
        assertEquals(0, generate.exitCode(), generate.all());
        List<String> sources = list(work.resolve("migrations")).stream().filter(f -> f.endsWith(".java")).toList();
        assertEquals(1, sources.size(), sources.toString());
        String name = sources.get(0).replace(".java", "");
        assertTrue(name.matches("M\\d{14}_AddIndexes"), name);

        // a failing command's exit code comes through the launcher unchanged, and records no class-data archive
        Run unknown = typed("monarch migrate staging");
        assertEquals(2, unknown.exitCode(), unknown.all());
        assertTrue(unknown.err().contains("'staging'"), unknown.all());
        assertEquals(List.of(), list(home.resolve(".cache/monarch")));

        Run migrate = typed("monarch migrate development");
        assertEquals(0, migrate.exitCode(), migrate.all());
        assertTrue(migrate.out().contains("APPLIED  " + name), migrate.out());
        assertTrue(Files.isDirectory(work.resolve(".monarch/development")), "the embedded environment lives in the project");
        List<String> archives = list(home.resolve(".cache/monarch"));
        assertEquals(1, archives.size(), archives.toString());
        assertTrue(archives.get(0).matches("\\Q" + VERSION + "\\E-\\d+\\.jsa"), archives.toString());

        // from here on the launcher maps that archive
        Run listed = typed("monarch list_migrations development");
        assertEquals(0, listed.exitCode(), listed.all());
        assertTrue(listed.out().matches("(?s).*" + name + "\\s+APPLIED.*"), listed.out());

        Run backups = typed("monarch list_backups");
        assertEquals(0, backups.exitCode(), backups.all());
        assertTrue(backups.out().contains("no backups yet"), backups.all());

        Run unknownAgain = typed("monarch migrate staging");
        assertEquals(2, unknownAgain.exitCode(), unknownAgain.all());

        Run options = typed("MONARCH_JAVA_OPTS='-XshowSettings:properties -Dmonarch.it=passed' monarch --version");
        assertEquals(0, options.exitCode(), options.all());
        assertTrue(options.err().contains("monarch.it = passed"), "MONARCH_JAVA_OPTS reaches the JVM");

        // everything was written where the user works, nothing beside the install or in monarch's checkout
        assertEquals(List.of("LICENSE", "README.md", "bin", "lib"), list(unpacked));
        assertEquals(checkoutMigrations, list(CHECKOUT.resolve("migrations")));
    }

    @Test
    void aJavaRuntimeWithoutTheCompilerIsToldToInstallAJdk() throws Exception {
        Path jre = Files.createDirectories(dir.resolve("jre/bin"));
        Files.writeString(jre.resolve("java"), "#!/bin/sh\necho this java ran\nexit 99\n");
        jre.resolve("java").toFile().setExecutable(true);
        Files.writeString(dir.resolve("jre/release"), "JAVA_VERSION=\"17.0.9\"\nMODULES=\"java.base java.logging java.sql\"\n");
        assertEquals(0, run(dir, List.of("tar", "-xzf", ARCHIVE.toString(), "-C", dir.toString())).exitCode());
        onPath(dir.resolve("monarch-" + VERSION + "/bin"));
        env.put("JAVA_HOME", dir.resolve("jre").toString());

        Run version = typed("monarch --version");
        assertEquals(1, version.exitCode(), version.all());
        assertTrue(version.err().contains("without the compiler (module jdk.compiler)")
                && version.err().contains("needs a JDK 17 or newer"), version.all());
        assertFalse(version.out().contains("this java ran"), version.all());
    }

    @Test
    void installFromTheCheckoutLinksMonarchIntoThePrefix() throws Exception {
        Path prefix = dir.resolve("prefix");
        // the jar and the archive were just built by this Maven run: install only unpacks them
        Run install = run(work, List.of(CHECKOUT.resolve("monarch").toString(), "install", "--prefix", prefix.toString()));
        assertEquals(0, install.exitCode(), install.all());
        assertFalse(install.err().contains("building"), install.all());
        Path dest = prefix.toRealPath().resolve("lib/monarch/" + VERSION);
        assertTrue(install.out().contains("installed monarch " + VERSION + " in " + dest), install.out());
        assertTrue(install.out().contains(prefix.toRealPath().resolve("bin") + " is not on your PATH"), install.out());
        assertEquals(dest.resolve("bin/monarch"), Files.readSymbolicLink(prefix.resolve("bin/monarch")));

        onPath(prefix.resolve("bin"));
        Run installed = typed("monarch --version");
        assertEquals(0, installed.exitCode(), installed.all());
        assertTrue(installed.out().startsWith("monarch " + VERSION + "\n"), installed.out());

        // a link to the checkout's own launcher on PATH runs the checkout's monarch in the user's folder
        Path links = Files.createDirectories(dir.resolve("links"));
        Files.createSymbolicLink(links.resolve("monarch"), CHECKOUT.resolve("monarch"));
        onPath(links);
        Run linked = typed("monarch init");
        assertEquals(0, linked.exitCode(), linked.all());
        assertTrue(Files.isRegularFile(work.resolve("migrations/settings.yml")), linked.all());
    }

    private void onPath(Path folder) {
        env.put("PATH", folder + ":" + System.getenv("PATH"));
    }

    /** A command line as a user types it into a shell in their project folder. */
    private Run typed(String commandLine) throws Exception {
        return run(work, List.of("sh", "-c", commandLine));
    }

    private Run run(Path in, List<String> command) throws Exception {
        Path out = Files.createTempFile(dir, "out", ".txt");
        Path err = Files.createTempFile(dir, "err", ".txt");
        ProcessBuilder builder = new ProcessBuilder(command).directory(in.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().clear();
        builder.environment().putAll(env);
        Process process = builder.start();
        if (!process.waitFor(3, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            fail(command + " still running after 3 minutes");
        }
        return new Run(process.exitValue(), Files.readString(out), Files.readString(err));
    }

    private static List<String> list(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }
}
