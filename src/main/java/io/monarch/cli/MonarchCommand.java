package io.monarch.cli;

import io.monarch.api.ExitCode;
import io.monarch.api.MonarchVersion;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/** {@code monarch}: the top command; each verb is a subcommand of a few lines over the library. */
@Command(name = "monarch", mixinStandardHelpOptions = true, versionProvider = MonarchCommand.Version.class,
        description = "MongoDB environment utility belt: Java migrations, backups, restores and copies.",
        subcommands = {InitCommand.class, GenerateCommand.class, ListEnvironmentsCommand.class,
                ListMigrationsCommand.class, MigrateCommand.class, MigrateOneCommand.class, RollbackCommand.class,
                ValidateCommand.class, RepairCommand.class, BaselineCommand.class, UnlockCommand.class, StatusCommand.class, VerifyCommand.class,
                PruneCommand.class, PlanCommand.class, SchemaCommand.class, ServeCommand.class, BackupCommand.class,
                ListBackupsCommand.class, RestoreCommand.class, CopyDbCommand.class, GenerateQuerySetCommand.class,
                ListQuerySetsCommand.class, GenerateCompletionCommand.class, CompleteCommand.class, HelpCommand.class})
public final class MonarchCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** {@code monarch} alone: a usage error, as git has it; the list of commands says what to type. */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return ExitCode.USAGE.code();
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
        commandLine.setExecutionExceptionHandler(new ErrorHandler());
        int code;
        try {
            code = commandLine.execute(args);
        } catch (OutOfMemoryError e) { // picocli hands on Errors; the ErrorHandler sees those wrapped by a worker
            code = ErrorHandler.outOfMemory(err);
        }
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
