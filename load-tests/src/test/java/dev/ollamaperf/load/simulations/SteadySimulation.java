package dev.ollamaperf.load.simulations;

import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.foreach;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.scenario;

import dev.ollamaperf.load.protocol.Ollama;
import dev.ollamaperf.load.run.LoadRun;
import dev.ollamaperf.load.run.LoadSettings;
import dev.ollamaperf.load.run.LoadTarget;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import java.util.HashMap;
import java.util.Map;

/**
 * Steady concurrency (closed model): {@code users} virtual users (default
 * {@code OLLAMA_MAX_CONCURRENT}) chat back to back for {@code duration}. Reports throughput,
 * latency and queueing at that concurrency; latency objectives belong to the open-model
 * {@link ArrivalRateSimulation}, since a closed model hides queueing (coordinated omission).
 *
 * <p>Run: {@code ./mvnw -pl load-tests gatling:test -Dgatling.simulationClass=dev.ollamaperf.load.simulations.SteadySimulation -Dollama.perf.duration=60s}
 */
public class SteadySimulation extends Simulation {

    // 1. Parameters: system properties, defaults from the Ollama environment variables.
    private final LoadSettings settings = LoadSettings.fromSystem();
    private final LoadRun run = new LoadRun("steady", settings,
            LoadTarget.resolve(System.getenv(), properties()), false);

    // 2. Protocol: the run's measured protocol (and an unmeasured one for warm-up).

    // 3. Scenario: warm every model once, then chat continuously.
    private final ScenarioBuilder warmUp = scenario("warm-up").exec(
            foreach(settings.models(), "model").on(exec(
                    Ollama.request("warm-up", run.warmUpProtocol(),
                            session -> run.warmUpRequest(session.getString("model"))))));

    private final ScenarioBuilder steady = scenario("steady")
            .during(settings.duration()).on(exec(Ollama.request("chat", run.protocol(), session -> run.nextRequest())));

    // 4. Assertions and 5. Injection.
    {
        setUp(warmUp.injectOpen(atOnceUsers(settings.warmUp() > 0 ? 1 : 0))
                .andThen(steady.injectOpen(atOnceUsers(settings.users()))))
                .assertions(global().failedRequests().percent().lte(1.0));
    }

    @Override
    public void after() {
        run.finish(settings.users());
    }

    static Map<String, String> properties() {
        Map<String, String> properties = new HashMap<>();
        System.getProperties().forEach((k, v) -> properties.put(k.toString(), v.toString()));
        return properties;
    }
}
