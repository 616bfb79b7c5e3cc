package dev.ollamaperf.load.simulations;

import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.global;

import dev.ollamaperf.load.protocol.Ollama;
import dev.ollamaperf.load.run.LoadRun;
import dev.ollamaperf.load.run.Scenarios;
import dev.ollamaperf.load.session.SessionWorkload;
import dev.ollamaperf.load.session.Workload;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import java.util.function.UnaryOperator;

/**
 * Steady concurrency (closed model): {@code users} virtual users (default
 * {@code OLLAMA_MAX_CONCURRENT}) chat back to back for {@code duration}. Reports throughput,
 * latency and queueing at that concurrency; latency objectives belong to the open-model
 * {@link ArrivalRateSimulation}, since a closed model hides queueing (coordinated omission). With
 * {@code workload=session} each user holds conversations instead ({@link SessionWorkload#closed}: turns carrying the
 * history, think time between them, metrics per turn), as the session scenario does; not paired.
 *
 * <p>Run: {@code ./mvnw -pl load-tests gatling:test -Dgatling.simulationClass=dev.ollamaperf.load.simulations.SteadySimulation -Dollama.perf.duration=60s}
 */
public class SteadySimulation extends Simulation {

    // 1. Parameters: system properties, defaults from the Ollama environment variables.
    private final Workload workload = Scenarios.workload();
    private final LoadRun run = Scenarios.startRun();
    private final int users = run.settings().injectorUsers();

    // 2. Protocol: the phase's measured protocol.
    private final LoadRun.Phase steady = run.phase("steady", 0).users(users);

    // 3. Scenario: warm every model once, then chat continuously: request after request, or conversation after
    // conversation.
    private final ScenarioBuilder chat = workload == Workload.SESSION
            ? Scenarios.measured(run, "steady")
                    .exec(Scenarios.sessions(run, steady, run.settings().duration())
                            .closed(UnaryOperator.identity()))
            : Scenarios.measured(run, "steady")
                    .during(run.settings().duration())
                    .on(exec(Ollama.request("chat", steady.protocol(), session -> steady.nextRequest())));

    // 4. Assertions and 5. Injection.
    {
        setUp(Scenarios.warmUp(run)
                        .injectOpen(atOnceUsers(Scenarios.warmUpUsers(run)))
                        .andThen(chat.injectOpen(atOnceUsers(users))))
                .assertions(global().failedRequests().percent().lte(1.0));
    }

    @Override
    public void after() {
        run.finish();
    }
}
