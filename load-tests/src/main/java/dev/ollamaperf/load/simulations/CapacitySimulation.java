package dev.ollamaperf.load.simulations;

import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.core.CoreDsl.stopLoadGeneratorIf;

import dev.ollamaperf.load.capacity.CapacitySettings;
import dev.ollamaperf.load.capacity.SaturationGuard;
import dev.ollamaperf.load.capacity.ServerProbe;
import dev.ollamaperf.load.capacity.Sweep;
import dev.ollamaperf.load.capacity.SweepFile;
import dev.ollamaperf.load.capacity.SweepMonitor;
import dev.ollamaperf.load.protocol.Ollama;
import dev.ollamaperf.load.run.LoadRun;
import dev.ollamaperf.load.run.Scenarios;
import dev.ollamaperf.load.session.SessionSettings;
import dev.ollamaperf.load.session.SessionWorkload;
import dev.ollamaperf.load.session.Workload;
import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.PopulationBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Capacity sweep: the same traffic at rising load, one measured phase per step, each step starting
 * only after the previous one drained. {@code sweep=concurrency} (default): closed model, 1, 2, 4...
 * users chatting back to back; {@code sweep=rate}: open model, constant arrival rates. Each step is
 * a scenario of metrics.json ({@code capacity_c004}, {@code capacity_r2_5}); the sweep stops
 * escalating when the {@link SaturationGuard} sees errors or latency growing without throughput;
 * {@code <run>/load/sweep.json} keeps the steps, the stop reason and what the memory plan needs.
 * {@code perf-reports capacity <run>} turns it into a capacity plan. With {@code workload=session} a level counts
 * users holding conversations ({@code sweep=concurrency}) or conversations arriving per second ({@code sweep=rate}),
 * each turn timed for the guard as a request ({@link SessionWorkload}).
 *
 * <p>Run: {@code ./mvnw -pl load-tests gatling:test -Dgatling.simulationClass=dev.ollamaperf.load.simulations.CapacitySimulation -Dollama.perf.maxLevel=16 -Dollama.perf.duration=60s}
 */
public class CapacitySimulation extends Simulation {

    // 1. Parameters: the usual load settings plus the sweep's own (and the sessions', with workload=session).
    private final Workload workload = Scenarios.workload();
    private final LoadRun run = Scenarios.startUnsharedRun("capacity");
    private final CapacitySettings capacity = CapacitySettings.from(properties(), run.settings());
    private final List<String> names =
            capacity.levels().stream().map(capacity.sweep()::stepName).toList();
    private final SweepMonitor monitor = new SweepMonitor(
            names,
            capacity.levels(),
            capacity.sweep() == Sweep.CONCURRENCY,
            new SaturationGuard(capacity.stopRule()),
            System::nanoTime,
            System.out);
    private final ServerProbe probe = new ServerProbe(run.ollamaUri(), monitor);

    private final SessionSettings sessions =
            workload == Workload.SESSION ? SessionSettings.from(Scenarios.systemProperties()) : null;

    // 2. Protocols: one measured phase per step (with workload=session, each with its conversations).
    private final List<LoadRun.Phase> phases = new ArrayList<>();
    private final List<SessionWorkload> conversations = new ArrayList<>();

    {
        System.out.println("ollama-perf capacity: " + capacity);
        if (sessions != null) {
            System.out.println("ollama-perf session: " + sessions);
        }
        for (int i = 0; i < names.size(); i++) {
            double level = capacity.levels().get(i);
            phases.add(
                    capacity.sweep() == Sweep.CONCURRENCY
                            ? run.phase(names.get(i), 0).users((int) level)
                            : run.phase(names.get(i), level).users((int) Math.round(level * seconds())));
            if (sessions != null) {
                conversations.add(new SessionWorkload(run, phases.get(i), sessions, capacity.stepDuration()));
            }
        }
    }

    // 3. Scenarios: entering a step closes the previous one, and stops the run if the guard said so.
    private ScenarioBuilder step(int index) {
        LoadRun.Phase phase = phases.get(index);
        UnaryOperator<ChainBuilder> timed = request -> exec(session -> session.set("capacitySent", monitor.now()))
                .exec(request)
                .exec(session -> {
                    monitor.record(index, monitor.now() - session.getLong("capacitySent"), session.isFailed());
                    phase.markEnd();
                    return session.markAsSucceeded();
                });
        ChainBuilder enter = exec(session -> {
                    monitor.enter(index);
                    return session;
                })
                .exec(stopLoadGeneratorIf(
                        session -> "capacity sweep stopped: "
                                + monitor.stopReason().orElse(""),
                        session -> monitor.stopped()))
                .exitHereIf(session -> monitor.stopped());
        ScenarioBuilder scenario = scenario(names.get(index)).exec(enter);
        boolean closed = capacity.sweep() == Sweep.CONCURRENCY;
        if (workload == Workload.SESSION) {
            SessionWorkload step = conversations.get(index);
            return scenario.exec(closed ? step.closed(timed) : step.open(timed));
        }
        ChainBuilder request =
                timed.apply(exec(Ollama.request("chat", phase.protocol(), session -> phase.nextRequest())));
        return closed ? scenario.during(capacity.stepDuration(), false).on(request) : scenario.exec(request);
    }

    private double seconds() {
        return capacity.stepDuration().toNanos() / 1e9;
    }

    // 4. Assertions: none; errors and saturation are what the sweep looks for. 5. Injection.
    {
        PopulationBuilder[] parts = new PopulationBuilder[names.size()];
        for (int i = 0; i < names.size(); i++) {
            double level = capacity.levels().get(i);
            parts[i] = capacity.sweep() == Sweep.CONCURRENCY
                    ? step(i).injectOpen(atOnceUsers((int) level))
                    : step(i).injectOpen(constantUsersPerSec(level).during(capacity.stepDuration()));
        }
        // Chained from the last step backwards: each andThen carries everything after it.
        for (int i = names.size() - 1; i >= 1; i--) {
            parts[i - 1] = parts[i - 1].andThen(parts[i]);
        }
        setUp(Scenarios.warmUp(run)
                .injectOpen(atOnceUsers(Scenarios.warmUpUsers(run)))
                .andThen(parts[0]));
    }

    @Override
    public void after() {
        try {
            monitor.finish();
            for (int i = 0; i < phases.size(); i++) {
                if (!monitor.ran(i)) {
                    phases.get(i).discard();
                }
            }
            SweepFile.write(
                    run.settings().runFolder().resolve("load").resolve("sweep.json"),
                    Instant.now(),
                    capacity,
                    monitor.results(),
                    monitor.stopReason(),
                    System.getenv("OLLAMA_NUM_PARALLEL"),
                    probe.plans(run.settings().models()));
        } finally {
            probe.close();
            run.finish();
        }
    }

    private static Map<String, String> properties() {
        Map<String, String> properties = new HashMap<>();
        System.getProperties().forEach((k, v) -> properties.put(k.toString(), v.toString()));
        return properties;
    }
}
