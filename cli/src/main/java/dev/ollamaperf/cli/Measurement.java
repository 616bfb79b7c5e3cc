package dev.ollamaperf.cli;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What {@code capacity} and {@code compare-models} share: environment.json, the target check ({@link TargetCheck}),
 * one simulation into the run folder in a Gatling JVM with its progress relayed, then the reports' analysis of it
 * in-process.
 *
 * <p>ProgressLines comes from lines the simulation prints for this purpose, never from Gatling's console tables:
 * the capacity sweep's {@code capacity: step ...} lines, and the load runs' {@code ollama-perf progress: ...}
 * line every 10 s (load-tests' {@code LoadRun}). Ctrl-C lets the simulation end and write what it measured
 * (a second one abandons it), then analyses that, and exits 130.
 *
 * @param name the command, e.g. {@code capacity}
 * @param run the run folder, absolute
 * @param simulation the Gatling simulation's class name
 * @param what the first progress line's account of the measurement, e.g. {@code capacity sweep, 30s per step}
 * @param flags the load settings (the run folder is added first, so the user's flags may override it)
 * @param analysis the reports' command line, e.g. {@code capacity RUN --objective ttft.p95=1500ms}; empty to
 *     measure only (the capacity sweep's repeat rounds, analysed with the sweep afterwards)
 */
record Measurement(String name, Path run, String simulation, String what, LoadFlags flags, List<String> analysis) {

    /** How the capacity sweep's own step lines begin (load-tests' {@code SweepMonitor}). */
    static final String SWEEP_LINE = "capacity: ";
    /** How a load run's progress line begins (load-tests' {@code LoadRun}): requests ended and failed so far. */
    static final String PROGRESS_LINE = "ollama-perf progress: ";

    private static final Pattern FAILURE = Pattern.compile("^error:|PreflightException|not usable|not found|Exception");

    Measurement {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(run, "run");
        Objects.requireNonNull(simulation, "simulation");
        Objects.requireNonNull(what, "what");
        Objects.requireNonNull(flags, "flags");
        analysis = List.copyOf(analysis);
    }

    /**
     * Measures, then analyses; returns the analysis's exit code (0 without one), 3 when nothing was measured,
     * 130 after Ctrl-C.
     */
    int run(Context context) throws Exception {
        RunFolder.createLogs(run);
        LoadFlags all = LoadFlags.none().with("run", run.toString()).plus(flags.flags());
        Target target = context.target(all);
        int status = context.reports().environment(run, target, List.of(name + "=" + flags.joined()), true);
        if (status != 0) {
            return status;
        }
        // a bad setting (e.g. -Dollama.perf.workload=foo) or a missing model is exit 2 or 3 in seconds, with its one
        // error line, instead of a simulation that fails to start
        Optional<ExitCode> refused = TargetCheck.run(context, all, run);
        if (refused.isPresent() || context.interrupts().interrupted()) {
            return refused.map(ExitCode::code).orElse(ExitCode.INTERRUPTED.code());
        }
        context.interrupts().listen();
        Path log = RunFolder.log(run, name);
        ProgressLines progress = new ProgressLines(name, 0, context.out(), context.nanoClock());
        progress.line(what + " against " + target.endpoint() + " (log: " + log + ")");
        Child child = context.launcher()
                .start(ChildSpec.detached(
                        name,
                        context.java().gatling(simulation, all, run.resolve("gatling")),
                        context.env(),
                        log,
                        line -> relay(progress, line)));
        int exit = context.interrupts().await(child, OnInterrupt.FINISH, OnInterrupt.finishing(name));
        boolean interrupted = context.interrupts().interrupted();
        if (!Files.isRegularFile(run.resolve("load/metrics.json"))) {
            PrintStream err = context.err();
            err.println("perf " + name + ": the measurement wrote no results (exit " + exit + "); the target may be"
                    + " unreachable or lack a model:");
            LogExcerpt.matching(log, FAILURE, 5).forEach(err::println);
            err.println("full log: " + log);
            return (interrupted ? ExitCode.INTERRUPTED : ExitCode.UNREACHABLE).code();
        }
        if (analysis.isEmpty()) {
            return (interrupted ? ExitCode.INTERRUPTED : ExitCode.PASS).code();
        }
        progress.line("analysing " + run);
        int verdict = context.reports().run(analysis);
        return context.interrupts().interrupted() ? ExitCode.INTERRUPTED.code() : verdict;
    }

    private static void relay(ProgressLines progress, String line) {
        if (line.startsWith(SWEEP_LINE)) {
            progress.line(line.substring(SWEEP_LINE.length()));
        } else if (line.startsWith(PROGRESS_LINE)) {
            progress.line("running: " + line.substring(PROGRESS_LINE.length()));
        }
    }
}
