package dev.ollamaperf.load.simulations;

import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.scenario;

import dev.ollamaperf.load.protocol.Ollama;
import dev.ollamaperf.load.run.LoadRun;
import dev.ollamaperf.load.run.Scenarios;
import io.gatling.javaapi.core.PopulationBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import java.time.Duration;
import java.util.Locale;

/**
 * Soak: the steady scenario for hours (not in CI), cut into consecutive windows of
 * {@code ollama.perf.window} (default 10m), each its own phase {@code soak_w01}, {@code soak_w02}...
 * in metrics.json, so latency drift, error growth and memory (server.json) show window by window.
 * Users stop and restart between windows, a pause of well under a second.
 *
 * <p>Run: {@code ./mvnw -pl load-tests gatling:test -Dgatling.simulationClass=dev.ollamaperf.load.simulations.SoakSimulation -Dollama.perf.duration=4h -Dollama.perf.window=15m}
 */
public class SoakSimulation extends Simulation {

    // 1. Parameters.
    private final LoadRun run = Scenarios.startRun();
    private final Duration window = run.settings().window();
    private final int windows = (int) Math.max(1, run.settings().duration().toNanos() / window.toNanos());

    // 2-3. A protocol and a scenario per window. 4. Assertions: none; drift is judged by the gate.
    private ScenarioBuilder window(int index) {
        LoadRun.Phase phase = run.phase(String.format(Locale.ROOT, "soak_w%02d", index), 0)
                .users(run.settings().injectorUsers());
        String name = String.format(Locale.ROOT, "soak window %d", index);
        // the first window starts at the common start time, if any; the others follow it
        return (index == 1 ? Scenarios.measured(run, name) : scenario(name))
                .during(window)
                .on(exec(Ollama.request("chat", phase.protocol(), session -> phase.nextRequest()))
                        // Each window ends at its own last answer, not at the end of the whole soak.
                        .exec(session -> {
                            phase.markEnd();
                            return session;
                        }));
    }

    // 5. Injection: warm-up, then the windows one after the other.
    {
        PopulationBuilder population = Scenarios.warmUp(run).injectOpen(atOnceUsers(Scenarios.warmUpUsers(run)));
        PopulationBuilder[] parts = new PopulationBuilder[windows];
        for (int i = 0; i < windows; i++) {
            parts[i] = window(i + 1).injectOpen(atOnceUsers(run.settings().injectorUsers()));
        }
        // Chained from the last window backwards: each andThen carries everything after it.
        for (int i = windows - 1; i >= 1; i--) {
            parts[i - 1] = parts[i - 1].andThen(parts[i]);
        }
        setUp(population.andThen(parts[0]));
    }

    @Override
    public void after() {
        run.finish();
    }
}
