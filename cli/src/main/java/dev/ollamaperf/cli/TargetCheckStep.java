package dev.ollamaperf.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Checks in seconds that the load target answers and holds the model, before minutes of benchmarks: the
 * load-tests' {@code TargetCheck} in a load JVM, with the load steps' settings. Its {@code error:} lines are
 * shown; its exit status 2 (configuration: a bad setting, a profile file without the model) or 3
 * (unreachable) is the gate's.
 */
final class TargetCheckStep implements GateStep {

  private static final Pattern ERROR = Pattern.compile("^error:");

  @Override
  public Optional<ExitCode> run(GateRun gate) throws Exception {
    Target target = gate.context().target(gate.settings().loadFlags());
    Path log = RunFolder.log(gate.run(), "target-check");
    String what = !target.embedded() ? target.endpoint() : "embedded emulator"
        + (gate.settings().emulatorProfile() == null ? "" : " with " + gate.settings().emulatorProfile());
    gate.progress().step("target check: " + what + " (log: " + log + ")");
    int status = gate.targetCheck();
    if (gate.interrupted() || status == 0) {
      return Optional.empty();
    }
    List<String> errors = LogExcerpt.matching(log, ERROR, Integer.MAX_VALUE);
    (errors.isEmpty() ? LogExcerpt.tail(log, 5) : errors).forEach(gate.context().err()::println);
    ExitCode code = ExitCode.of(status);
    return Optional.of(code == ExitCode.USAGE || code == ExitCode.UNREACHABLE ? code : ExitCode.INTERNAL);
  }
}
