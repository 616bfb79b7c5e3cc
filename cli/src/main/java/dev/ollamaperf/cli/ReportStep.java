package dev.ollamaperf.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Judges the run against the budgets and the baseline, writes its reports and appends it to the history:
 * the reports library in-process. Runs after a Ctrl-C too, on what was measured before it, then ends the
 * gate with 130.
 */
final class ReportStep implements GateStep {

  @Override
  public Optional<ExitCode> run(GateRun gate) throws IOException {
    if (gate.interrupted() && !measuredAnything(gate.run())) {
      gate.context().err().println("perf gate: interrupted before anything was measured; no report. Logs: "
          + gate.run().resolve("logs"));
      return Optional.of(ExitCode.INTERRUPTED);
    }
    gate.progress().step("report: budgets, baseline, history");
    gate.report();
    if (gate.interrupted()) {
      gate.progress().done(gate.run());
      gate.context().err().println("perf gate: interrupted; the report above covers what was measured before Ctrl-C.");
      return Optional.of(ExitCode.INTERRUPTED);
    }
    return Optional.empty();
  }

  @Override
  public boolean runsAfterInterrupt() {
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
