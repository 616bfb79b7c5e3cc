package dev.ollamaperf.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One gate run's settings, as {@code perf gate}'s options give them (defaults filled in).
 *
 * @param run the run folder, absolute
 * @param budgets the budget file, absolute; {@code null} when there is none (then only validity is checked)
 * @param baseline {@code --baseline} as given (a run folder, a results.json or {@code history}); {@code null}:
 *     the history when there is one, else none
 * @param history the history database, absolute; empty for {@code --no-history}
 * @param duration each load scenario's length, e.g. {@code 20s} (the load-tests parse it)
 * @param model the model the load drives; {@code null}: the load-tests' default ({@code OLLAMA_DEFAULT_MODEL},
 *     else llama3.2:latest)
 * @param emulatorProfile the embedded emulator's profile file, absolute; {@code null}: its built-in catalogue
 * @param benchInclude the JMH benchmarks to run (a regex); {@code null}: the whole suite
 * @param benchMode the JMH preset
 * @param confirm confirmation rounds at most, 0 to 9
 * @param scenarios the load scenarios to run, of {@link #SCENARIOS}, at least one
 * @param extraFlags the user's {@code -Dollama.perf.*} flags, for both load scenarios
 * @param sensitivity {@code --sensitivity}: the relative regression every budgeted load metric must be able to show
 *     ({@code 0.10} = 10%), which sizes {@code duration} before the load (docs/power.md); {@code null} when not given
 */
public record GateSettings(
        Path run,
        Path budgets,
        String baseline,
        Optional<Path> history,
        String duration,
        String model,
        Path emulatorProfile,
        String benchInclude,
        BenchMode benchMode,
        int confirm,
        List<Scenario> scenarios,
        List<String> extraFlags,
        Double sensitivity) {

    /** The load scenarios the gate can run ({@code --scenarios}), in the order it runs them. */
    public static final List<Scenario> SCENARIOS =
            List.of(Scenario.STEADY, Scenario.ARRIVAL, Scenario.CACHE, Scenario.FALLBACK, Scenario.SESSION);

    /**
     * The scenarios it runs by default. Not the fallback scenario: it needs a second model on the target and a primary
     * that fails there, which only the embedded emulator arranges (load-tests/README.md), and it adds about 40 s. Nor
     * the session scenario: its conversations are a workload to study (per-turn metrics), not yet a budgeted one.
     */
    public static final List<Scenario> DEFAULT_SCENARIOS = List.of(Scenario.STEADY, Scenario.ARRIVAL, Scenario.CACHE);

    /** The most confirmation rounds {@code --confirm} allows. */
    public static final int MAX_CONFIRM = 9;

    public GateSettings {
        Objects.requireNonNull(run, "run");
        Objects.requireNonNull(history, "history");
        Objects.requireNonNull(duration, "duration");
        Objects.requireNonNull(benchMode, "benchMode");
        if (confirm < 0 || confirm > MAX_CONFIRM) {
            throw new IllegalArgumentException(
                    "gate 'confirm' must be between 0 and " + MAX_CONFIRM + ", got: " + confirm);
        }
        extraFlags = List.copyOf(extraFlags);
        scenarios = List.copyOf(scenarios);
        if (scenarios.isEmpty() || !SCENARIOS.containsAll(scenarios)) {
            throw new IllegalArgumentException("gate 'scenarios' must be some of " + SCENARIOS + ", got: " + scenarios);
        }
        if (sensitivity != null && !(sensitivity > 0 && sensitivity <= 1)) {
            throw new IllegalArgumentException("gate 'sensitivity' must be in (0, 1], got: " + sensitivity);
        }
    }

    /** These settings with each load scenario running for {@code length} ({@code --sensitivity} sized it). */
    public GateSettings withDuration(String length) {
        return new GateSettings(
                run,
                budgets,
                baseline,
                history,
                length,
                model,
                emulatorProfile,
                benchInclude,
                benchMode,
                confirm,
                scenarios,
                extraFlags,
                sensitivity);
    }

    /**
     * The settings the load steps and the target check share; the user's flags come last, so they win. The
     * steps add their own run folder and metrics file after these.
     */
    public LoadFlags loadFlags() {
        return loadFlags(null);
    }

    /**
     * The settings of one of the gate's load scenarios: {@link #loadFlags()} with the scenario's own defaults
     * ({@link Scenario#gateDefaults(boolean)}) before the user's flags, so the user's still win.
     *
     * @param scenario the scenario, or {@code null} for the settings every scenario shares
     */
    public LoadFlags loadFlags(Scenario scenario) {
        LoadFlags flags = LoadFlags.none()
                .with("run", run.toString())
                .with("duration", duration)
                .with("rate", "1")
                .with("numPredict", "32")
                // an embedded emulator with a slot for every request the gate has in flight: the server then
                // does not queue, and a pair's difference is the integration's (no effect on a real Ollama)
                .with("emulatorParallel", "16");
        if (model != null) {
            flags = flags.with("models", model);
        }
        if (emulatorProfile != null) {
            flags = flags.with("emulatorProfiles", emulatorProfile.toString());
        }
        if (scenario != null) {
            boolean sessions = LoadFlags.none()
                    .plus(extraFlags)
                    .value("workload")
                    .filter("session"::equals)
                    .isPresent();
            flags = flags.plus(scenario.gateDefaults(sessions).flags());
        }
        return flags.plus(extraFlags);
    }

    /** What environment.json records of this gate, {@code gate.NAME=VALUE} each. */
    public List<String> environmentSettings() {
        List<String> settings = new java.util.ArrayList<>(List.of(
                "gate.duration=" + duration,
                "gate.bench_mode=" + benchMode.label(),
                "gate.confirm=" + confirm,
                "gate.scenarios="
                        + String.join(
                                ",", scenarios.stream().map(Scenario::label).toList())));
        if (model != null) {
            settings.add("gate.model=" + model);
        }
        if (emulatorProfile != null) {
            settings.add("gate.emulator_profile=" + emulatorProfile);
        }
        if (benchInclude != null) {
            settings.add("gate.bench_include=" + benchInclude);
        }
        if (sensitivity != null) {
            settings.add("gate.sensitivity=" + sensitivity);
        }
        return settings;
    }
}
