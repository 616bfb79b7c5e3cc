package dev.ollamaperf.cli;

import java.util.Optional;

/** Writes the run's environment.json (replacing one the folder has): machine, checkout, target, the gate's settings. */
final class EnvironmentStep implements GateStep {

    @Override
    public Optional<ExitCode> run(GateRun gate) {
        Context context = gate.context();
        int status = context.reports()
                .environment(
                        gate.run(),
                        context.target(gate.settings().loadFlags()),
                        gate.settings().environmentSettings(),
                        true);
        return status == 0 ? Optional.empty() : Optional.of(ExitCode.of(status));
    }

    @Override
    public boolean numbered(GateSettings settings) {
        return false;
    }
}
