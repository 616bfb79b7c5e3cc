package dev.ollamaperf.cli;

import dev.ollamaperf.reports.cli.FailingParts;
import dev.ollamaperf.reports.cli.PerfReports;
import dev.ollamaperf.reports.gate.RerunPlan;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The reports library, in-process: {@code report}, {@code compare}, {@code history}, {@code capacity},
 * {@code compare-models} and {@code environment} through its own command line ({@link PerfReports}, the
 * same options, messages and exit codes as {@code java -jar reports/target/ollama-perf-reports.jar}), and
 * the gate's rerun plan as a value.
 */
public final class Reports {

    private final PrintStream out;
    private final PrintStream err;

    /** Reports that print results to {@code out} and errors to {@code err}. */
    public Reports(PrintStream out, PrintStream err) {
        this.out = Objects.requireNonNull(out, "out");
        this.err = Objects.requireNonNull(err, "err");
    }

    /**
     * Runs one reports command, e.g. {@code report RUN --budgets FILE}, printing what it prints.
     *
     * @return its exit code: 0 pass, 1 fail, 2 usage or input error, 4 internal error
     */
    public int run(List<String> args) {
        return run(args, out);
    }

    /**
     * Writes {@code run/environment.json}: this machine, this checkout, the target and {@code settings}.
     *
     * @param replace whether to replace an environment.json the folder has ({@code gate}, {@code capacity},
     *     {@code compare-models}); otherwise the first one stays ({@code load} and {@code bench} write into
     *     folders other commands may have started)
     * @param settings {@code NAME=VALUE} each
     * @return the exit code of the reports' {@code environment} command
     */
    public int environment(Path run, Target target, List<String> settings, boolean replace) {
        Path file = run.resolve("environment.json");
        try {
            if (replace) {
                Files.deleteIfExists(file);
            } else if (Files.exists(file)) {
                return 0;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot replace " + file, e);
        }
        List<String> args = new ArrayList<>(List.of(
                "environment", run.toString(), "--target-kind", target.kind(), "--endpoint", target.endpoint()));
        settings.forEach(setting -> args.addAll(List.of("--setting", setting)));
        return run(args, new PrintStream(OutputStream.nullOutputStream()));
    }

    /**
     * What the gate reruns to confirm the failures of a judged run.
     *
     * @return the plan, or empty (after saying why on stderr) when results.json cannot tell
     */
    public Optional<RerunPlan> rerunPlan(Path run) {
        try {
            return Optional.of(FailingParts.plan(run));
        } catch (RuntimeException e) {
            err.println("perf gate: cannot tell which parts failed (" + e.getMessage() + "); not confirming");
            return Optional.empty();
        }
    }

    private int run(List<String> args, PrintStream to) {
        PrintWriter o = new PrintWriter(new OutputStreamWriter(to, StandardCharsets.UTF_8), true);
        PrintWriter e = new PrintWriter(new OutputStreamWriter(err, StandardCharsets.UTF_8), true);
        try {
            return PerfReports.commandLine(o, e).execute(args.toArray(String[]::new));
        } finally {
            o.flush();
            e.flush();
        }
    }
}
