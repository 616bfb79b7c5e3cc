package dev.ollamaperf.cli;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The regression gate: a list of steps run in order into one run folder. Environment, target check, JMH,
 * the steady and arrival-rate load scenarios (each paired: through the integration and straight at Ollama,
 * alternating), the cache scenario (through the integration), the report, then confirmation rounds when it failed. A step
 * may end the gate with an exit code (an unreachable target: 3); otherwise the last report's verdict is
 * the exit code. After a Ctrl-C the remaining steps are skipped except the report, which covers what was
 * measured ({@link Interrupts}, {@link OnInterrupt} for what happens to the step that was running). So after a
 * load step whose target stopped answering ({@link GateRun#targetLost()}): the report covers what was
 * measured, INVALID, and the gate exits 3.
 */
final class Gate {

    /** The steps, in order. */
    static final List<GateStep> STEPS = List.of(
            new EnvironmentStep(),
            new SensitivityStep(),
            new TargetCheckStep(),
            new JmhStep(),
            new LoadStep(Scenario.STEADY),
            new LoadStep(Scenario.ARRIVAL),
            new LoadStep(Scenario.CACHE),
            new LoadStep(Scenario.FALLBACK),
            new LoadStep(Scenario.SESSION),
            new ReportStep(),
            new ConfirmationStep());

    private final Context context;

    Gate(Context context) {
        this.context = Objects.requireNonNull(context, "context");
    }

    /** Runs the gate; returns its exit code. */
    ExitCode run(GateSettings settings) throws Exception {
        List<String> problems = GateInputs.problems(settings);
        if (!problems.isEmpty()) {
            problems.forEach(problem -> context.err().println("perf gate: " + problem));
            context.err().println("perf gate: nothing was run (exit 2); fix the above and run the gate again");
            return ExitCode.USAGE;
        }
        RunFolder.createLogs(settings.run());
        context.interrupts().listen();
        int numbered =
                (int) STEPS.stream().filter(step -> step.numbered(settings)).count();
        GateRun gate =
                new GateRun(context, settings, new ProgressLines("gate", numbered, context.out(), context.nanoClock()));
        for (GateStep step : STEPS) {
            if (gate.interrupted() && !step.runsAfterInterrupt()
                    || gate.targetLost().isPresent() && !step.runsAfterTargetLost()) {
                continue;
            }
            Optional<ExitCode> end = step.run(gate);
            if (end.isPresent()) {
                return end.get();
            }
        }
        gate.progress().done(settings.run());
        // A Ctrl-C during the last report: it was written, but the run was interrupted all the same.
        return gate.interrupted() ? ExitCode.INTERRUPTED : gate.verdict();
    }
}
