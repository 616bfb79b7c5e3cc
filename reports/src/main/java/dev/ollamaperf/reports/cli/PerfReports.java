package dev.ollamaperf.reports.cli;

import dev.ollamaperf.reports.budget.BudgetException;
import dev.ollamaperf.reports.history.HistoryException;
import dev.ollamaperf.results.FormatException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The command-line entry point ({@code java -jar reports/target/ollama-perf-reports.jar}): subcommands
 * {@code report}, {@code compare}, {@code history}, {@code environment}, {@code capacity}, {@code compare-models} and
 * {@code failing-parts}.
 *
 * <p>Exit codes: 0 pass, 1 budget or regression failure, 2 usage or configuration error (bad option,
 * missing folder, malformed file, corrupt history; one message naming the file, never a stack trace),
 * 4 internal error.
 */
@Command(
        name = "perf-reports",
        mixinStandardHelpOptions = true,
        versionProvider = ProjectVersion.class,
        description = "Reports, compares and keeps the history of ollama-perf runs.",
        subcommands = {
            ReportCommand.class,
            CompareCommand.class,
            HistoryCommand.class,
            EnvironmentCommand.class,
            ModelComparisonCommand.class,
            CapacityAnalysisCommand.class,
            FailingPartsCommand.class,
            CommandLine.HelpCommand.class
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:pass",
            "1:a fail budget is broken, the run is invalid, or (compare) a metric regressed",
            "2:usage or configuration error: bad option, missing folder, malformed file, corrupt history",
            "4:internal error (a bug: please report it with the message)"
        })
public final class PerfReports implements Runnable {

    /** Exit code of an internal error. */
    public static final int INTERNAL_ERROR = 4;
    /** Exit code of a usage or configuration error. */
    public static final int CONFIG_ERROR = 2;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Runs the command line and exits with its exit code. */
    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
        PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
        System.exit(commandLine(out, err).execute(args));
    }

    /** Returns the configured command line writing to {@code out} and {@code err} (tests capture both). */
    public static CommandLine commandLine(PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new PerfReports());
        cl.setOut(out);
        cl.setErr(err);
        cl.setExecutionExceptionHandler((e, cmd, parse) -> {
            if (e instanceof FormatException
                    || e instanceof BudgetException
                    || e instanceof HistoryException
                    || e instanceof InputException) {
                err.println("error: " + e.getMessage());
                err.flush();
                return CONFIG_ERROR;
            }
            err.println("internal error: " + e + " (a bug in ollama-perf-reports; please report it with this line)");
            err.flush();
            return INTERNAL_ERROR;
        });
        return cl;
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing subcommand: report, compare or history");
    }
}
