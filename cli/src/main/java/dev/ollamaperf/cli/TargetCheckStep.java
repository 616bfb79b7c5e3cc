package dev.ollamaperf.cli;

import java.nio.file.Path;
import java.util.Optional;

/** The gate's first step: the {@link TargetCheck}, with the load steps' settings, before minutes of benchmarks. */
final class TargetCheckStep implements GateStep {

    @Override
    public Optional<ExitCode> run(GateRun gate) throws Exception {
        Target target = gate.context().target(gate.settings().loadFlags());
        Path log = RunFolder.log(gate.run(), "target-check");
        String what = !target.embedded()
                ? target.endpoint()
                : "embedded emulator"
                        + (gate.settings().emulatorProfile() == null
                                ? ""
                                : " with " + gate.settings().emulatorProfile());
        gate.progress().step("target check: " + what + " (log: " + log + ")");
        return TargetCheck.run(gate.context(), gate.settings().loadFlags(), gate.run());
    }
}
