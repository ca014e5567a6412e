package io.monarch.cli;

import io.monarch.support.TestProject;
import io.monarch.support.TestProject.Run;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** Finding one's way: monarch alone, help, and the shell completion script with the project's own names. */
class HelpAndCompletionTest {
    @TempDir
    Path dir;

    @Test
    void monarchAlonePrintsTheUsageAndExits2() {
        Run bare = TestProject.runRaw();
        assertEquals(2, bare.exitCode(), bare.all());
        assertTrue(bare.err().startsWith("Usage: monarch") && bare.err().contains("migrate"), bare.err());
    }

    @Test
    void helpNamesACommandsUsage() {
        Run help = TestProject.runRaw("help", "copy_db");
        assertEquals(0, help.exitCode(), help.all());
        assertTrue(help.out().startsWith("Usage: monarch copy_db") && help.out().contains("--query-set"), help.out());
        assertEquals(TestProject.runRaw("copy_db", "--help").out(), help.out());
        assertTrue(TestProject.runRaw("--help").out().contains("help "), "help is listed among the commands");
    }

    /**
     * monarch --help lists each command with the first line of its description: each first line is a sentence of its
     * own, not one cut at a comma.
     */
    @Test
    void everyCommandsSummaryInTheListIsASentence() {
        picocli.CommandLine root = new picocli.CommandLine(new MonarchCommand());
        for (picocli.CommandLine command : new java.util.LinkedHashSet<>(root.getSubcommands().values())) {
            String[] description = command.getCommandSpec().usageMessage().description();
            String first = description.length == 0 ? "" : description[0];
            assertTrue(first.endsWith(".") || first.endsWith(".)"), command.getCommandName() + "'s summary: '" + first + "'");
        }
        String help = TestProject.runRaw("--help").out().replaceAll("\\s+", " ");
        assertTrue(help.contains("status Show who holds an environment's lock and what runs into it, and clean up after runs that died. verify"),
                help);
        assertTrue(help.contains("repair Mend an environment's migration history"), "repair is listed: " + help);
    }

    @Test
    void generateCompletionAnswersInBothSpellings() {
        Run kebab = TestProject.runRaw("generate-completion");
        assertEquals(0, kebab.exitCode(), kebab.all());
        assertTrue(kebab.out().contains("complete -F _complete_monarch"), kebab.out());
        assertEquals(kebab.out(), TestProject.runRaw("generate_completion").out());
        assertTrue(!kebab.out().contains("_picocli_monarch___complete"), "the hidden __complete is no command to offer");
    }

    @Test
    void completeListsTheProjectsNamesAndIsSilentOnErrors() {
        TestProject project = project();
        assertEquals(List.of("development", "staging"), project.run("__complete", "environments").out().lines().toList());
        assertEquals(List.of("AccountQuerySet"), project.run("__complete", "querysets").out().lines().toList());
        List<String> backups = project.run("__complete", "backups").out().lines().toList();
        assertEquals(1, backups.size(), backups.toString());
        assertTrue(backups.get(0).startsWith("development__app_dev__"), backups.toString());

        project.settings("environments: [not, a, mapping]\n");
        Run broken = project.run("__complete", "environments");
        assertEquals(0, broken.exitCode());
        assertEquals("", broken.all(), "nothing at all when the settings are bad");
        Run nowhere = TestProject.runRaw("__complete", "environments", "--settings", dir.resolve("none.yml").toString());
        assertEquals("", nowhere.all());
    }

    /** The script as bash runs it at a Tab press, with a `monarch` on PATH that is this build, in a subfolder of the project. */
    @Test
    void bashCompletesEnvironmentsBackupsAndQuerySetsFromTheProject() throws Exception {
        TestProject project = project();
        String backup = project.run("__complete", "backups").out().trim();
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Files.writeString(bin.resolve("monarch"), "#!/bin/sh\nexec '" + System.getProperty("java.home") + "/bin/java' -cp '"
                + System.getProperty("java.class.path") + "' io.monarch.cli.MonarchCommand \"$@\"\n");
        assertTrue(bin.resolve("monarch").toFile().setExecutable(true));
        Path script = dir.resolve("monarch.bash");
        Files.writeString(script, TestProject.runRaw("generate-completion").out());
        Path work = Files.createDirectories(project.root().resolve("src/main"));
        Files.writeString(dir.resolve("other.yml"), "environments:\n  elsewhere:\n    uri: embedded:memory\n    database: x\n");

        // each line: what is typed before Tab => what bash offers (COMP_WORDS split as bash splits, ':' included)
        String replies = bash(work, bin, script, """
                tab 'monarch migrate '
                tab 'monarch migrate st'
                tab 'monarch migrate_one M20260101000000_X '
                tab 'monarch backup development -q '
                tab 'monarch list_backups --env d'
                tab 'monarch restore '
                tab 'monarch restore %s:'
                tab 'monarch copy_db development:s'
                tab 'monarch copy_db --force '
                tab 'monarch migrate --settings %s '
                tab 'monarch li'
                """.formatted(backup, dir.resolve("other.yml")));
        assertEquals("""
                [monarch migrate ] development staging
                [monarch migrate st] staging
                [monarch migrate_one M20260101000000_X ] development staging
                [monarch backup development -q ] AccountQuerySet
                [monarch list_backups --env d] development
                [monarch restore ] %s:
                [monarch restore %s:] development staging
                [monarch copy_db development:s] staging
                [monarch copy_db --force ] development: staging:
                [monarch migrate --settings %s ] elsewhere
                [monarch li] list_environments list-environments list_migrations list-migrations list_backups list-backups list_query_sets list-query-sets
                """.formatted(backup, backup, dir.resolve("other.yml")), replies);
    }

    /** development (embedded, in memory) with one backup, staging (its URI unset here), and a QuerySet. */
    private TestProject project() {
        TestProject project = new TestProject(dir.resolve("shop")).settings("""
                environments:
                  development:
                    uri: embedded:memory
                    database: app_dev
                  staging:
                    uri: ${STAGING_URI_NOT_SET_HERE}
                    database: app
                """).write("migrations/querysets/AccountQuerySet.java", """
                import io.monarch.api.*;
                public class AccountQuerySet extends QuerySet {
                    @Override
                    public void run(QuerySetContext context) {
                        context.skipOthers();
                    }
                }
                """);
        project.with("development", db -> db.getCollection("users").insertOne(new Document("name", "ada")));
        assertEquals(0, project.run("backup", "development").exitCode());
        return project;
    }

    /** Runs the lines in bash with the script sourced; {@code tab '<line>'} prints {@code [<line>] <replies>}. */
    private String bash(Path folder, Path bin, Path script, String lines) throws Exception {
        String program = """
                source '%s'
                compopt() { :; }   # only callable from a real Tab press
                tab() {
                  COMP_LINE=$1; COMP_POINT=${#1}
                  local rest=$1 word
                  COMP_WORDS=()
                  # split as bash does for completion: at blanks, and at ':' (kept as a word of its own)
                  rest=${rest//:/ : }
                  read -ra COMP_WORDS <<< "$rest"
                  [[ $1 == *' ' ]] && COMP_WORDS+=('')
                  COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ))
                  COMPREPLY=()
                  _complete_monarch
                  echo "[$1] ${COMPREPLY[*]}"
                }
                %s""".formatted(script, lines);
        ProcessBuilder builder = new ProcessBuilder("bash", "-c", program).directory(folder.toFile()).redirectErrorStream(true);
        builder.environment().put("PATH", bin + File.pathSeparator + System.getenv("PATH"));
        builder.environment().remove("MONARCH_SETTINGS");
        Path out = Files.createTempFile(dir, "bash", ".txt");
        Process process = builder.redirectOutput(out.toFile()).start();
        if (!process.waitFor(3, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            fail("bash completion still running after 3 minutes");
        }
        return Files.readString(out);
    }
}
