package io.monarch.cli;

import io.monarch.api.MonarchVersion;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine;

import java.io.PrintWriter;

/** {@code monarch}: the top command; each verb is a subcommand of a few lines over the library. */
@Command(name = "monarch", mixinStandardHelpOptions = true, versionProvider = MonarchCommand.Version.class,
        description = "MongoDB environment utility belt: Java migrations, backups, restores and copies.",
        subcommands = {InitCommand.class, GenerateCommand.class, ListEnvironmentsCommand.class,
                ListMigrationsCommand.class, MigrateCommand.class, MigrateOneCommand.class, RollbackCommand.class,
                UnlockCommand.class, StatusCommand.class, ServeCommand.class, BackupCommand.class,
                ListBackupsCommand.class, RestoreCommand.class, CopyDbCommand.class, GenerateQuerySetCommand.class,
                ListQuerySetsCommand.class, AutoComplete.GenerateCompletion.class})
public final class MonarchCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs a command line as the CLI would and returns its exit code. */
    public static int execute(String... args) {
        return execute(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
    }

    /** Runs a command line printing to the given writers (tests read them). */
    public static int execute(PrintWriter out, PrintWriter err, String... args) {
        CommandLine commandLine = new CommandLine(new MonarchCommand());
        commandLine.setCaseInsensitiveEnumValuesAllowed(true);
        commandLine.setOut(out);
        commandLine.setErr(err);
        commandLine.getSubcommands().get("generate-completion").getCommandSpec().usageMessage().hidden(false);
        commandLine.setExecutionExceptionHandler(new ErrorHandler());
        int code = commandLine.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[]{"monarch " + MonarchVersion.VERSION,
                    "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.home") + ")"};
        }
    }
}
