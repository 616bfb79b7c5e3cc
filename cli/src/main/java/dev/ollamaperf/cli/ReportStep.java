package dev.ollamaperf.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Judges the run against the budgets and the baseline, writes its reports and appends it to the history:
 * the reports library in-process. Runs after a Ctrl-C too, on what was measured before it, then ends the
 * gate with 130; and after the target stopped answering, on what was measured before that, INVALID (so it
 * fails, and the history never takes it as a baseline), then ends the gate with 3.
 */
final class ReportStep implements GateStep {

    @Override
    public Optional<ExitCode> run(GateRun gate) throws IOException {
        if (gate.interrupted() && !measuredAnything(gate.run())) {
            gate.context()
                    .err()
                    .println("perf gate: interrupted before anything was measured; no report. Logs: "
                            + gate.run().resolve("logs"));
            return Optional.of(ExitCode.INTERRUPTED);
        }
        Optional<String> lost = gate.targetLost();
        if (lost.isPresent() && !measuredAnything(gate.run())) {
            gate.context()
                    .err()
                    .println("perf gate: the target stopped answering before anything was measured; no report."
                            + " Logs: " + gate.run().resolve("logs"));
            return Optional.of(ExitCode.UNREACHABLE);
        }
        gate.progress()
                .step("report: budgets, baseline, history" + (lost.isPresent() ? " (partial run, INVALID)" : ""));
        gate.report();
        if (gate.interrupted()) {
            gate.progress().done(gate.run());
            gate.context()
                    .err()
                    .println("perf gate: interrupted; the report above covers what was measured before Ctrl-C.");
            return Optional.of(ExitCode.INTERRUPTED);
        }
        if (lost.isPresent()) {
            gate.progress().done(gate.run());
            gate.context()
                    .err()
                    .println("perf gate: exit 3, the target stopped answering; the report above covers what was"
                            + " measured before it, marked INVALID (" + lost.get()
                            + "): it fails, and never becomes a baseline.");
            return Optional.of(ExitCode.UNREACHABLE);
        }
        return Optional.empty();
    }

    @Override
    public boolean runsAfterInterrupt() {
        return true;
    }

    @Override
    public boolean runsAfterTargetLost() {
        return true;
    }

    private static boolean measuredAnything(Path run) throws IOException {
        if (Files.isRegularFile(run.resolve("jmh/results.json"))) {
            return true;
        }
        Path load = run.resolve("load");
        if (!Files.isDirectory(load)) {
            return false;
        }
        try (Stream<Path> files = Files.list(load)) {
            return files.anyMatch(f -> f.getFileName().toString().matches("metrics.*\\.json"));
        }
    }
}
