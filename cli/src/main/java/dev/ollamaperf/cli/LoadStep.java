package dev.ollamaperf.cli;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One of the gate's load scenarios for {@code --duration}, in a Gatling JVM. Ctrl-C lets it finish (its
 * metrics are then reported); a second one abandons it. A scenario that wrote no results found no target.
 */
final class LoadStep implements GateStep {

  private static final Pattern FAILURE = Pattern.compile("PreflightException|not usable|not found|Exception");

  private final Scenario scenario;

  LoadStep(Scenario scenario) {
    this.scenario = Objects.requireNonNull(scenario, "scenario");
  }

  @Override
  public Optional<ExitCode> run(GateRun gate) throws Exception {
    Path log = RunFolder.log(gate.run(), scenario.label());
    gate.progress().step("load: " + scenario.label() + " for " + gate.settings().duration() + " (log: " + log + ")");
    gate.load(scenario, gate.run(), OnInterrupt.FINISH);
    if (gate.interrupted() || Files.isRegularFile(gate.run().resolve("load/metrics-" + scenario.label() + ".json"))) {
      return Optional.empty();
    }
    PrintStream err = gate.context().err();
    err.println("perf gate: the " + scenario.label() + " scenario wrote no results; the target may be unreachable:");
    LogExcerpt.matching(log, FAILURE, 5).forEach(err::println);
    err.println("full log: " + log);
    return Optional.of(ExitCode.UNREACHABLE);
  }
}
