package dev.ollamaperf.load.simulations;

import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.details;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.foreach;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.scenario;

import dev.ollamaperf.load.protocol.Ollama;
import dev.ollamaperf.load.run.LoadRun;
import dev.ollamaperf.load.run.LoadSettings;
import dev.ollamaperf.load.run.LoadTarget;
import io.gatling.javaapi.core.Assertion;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import java.util.ArrayList;
import java.util.List;

/**
 * Arrival rate (open model): {@code rate} new requests per second for {@code duration}, whether or
 * not earlier ones have finished. The scenario for latency objectives: each latency is measured
 * from the request's intended start, so a server that stalls cannot hide the queue it builds.
 *
 * <p>Run: {@code ./mvnw -pl load-tests gatling:test -Dgatling.simulationClass=dev.ollamaperf.load.simulations.ArrivalRateSimulation -Dollama.perf.rate=2 -Dollama.perf.objective.ttft=1500ms}
 */
public class ArrivalRateSimulation extends Simulation {

    // 1. Parameters.
    private final LoadSettings settings = LoadSettings.fromSystem();
    private final LoadRun run = new LoadRun("arrival", settings,
            LoadTarget.resolve(System.getenv(), SteadySimulation.properties()), true);

    // 2. Protocol: the run's measured protocol, with its arrival schedule.

    // 3. Scenario: warm every model once; then each arriving user sends one request.
    private final ScenarioBuilder warmUp = scenario("warm-up").exec(
            foreach(settings.models(), "model").on(exec(
                    Ollama.request("warm-up", run.warmUpProtocol(),
                            session -> run.warmUpRequest(session.getString("model"))))));

    private final ScenarioBuilder arrivals = scenario("arrival")
            .exec(Ollama.request("chat", run.protocol(), session -> run.nextRequest()));

    // 4. Assertions: the objectives, so Gatling's own report and exit status show them.
    private List<Assertion> assertions() {
        List<Assertion> assertions = new ArrayList<>();
        assertions.add(global().failedRequests().percent().lte(1.0));
        if (!settings.maxE2e().isZero()) {
            assertions.add(details("chat").responseTime().percentile(95.0).lte((int) settings.maxE2e().toMillis()));
        }
        return assertions;
    }

    // 5. Injection.
    {
        setUp(warmUp.injectOpen(atOnceUsers(settings.warmUp() > 0 ? 1 : 0))
                .andThen(arrivals.injectOpen(constantUsersPerSec(settings.ratePerSecond()).during(settings.duration()))))
                .assertions(assertions());
    }

    @Override
    public void after() {
        run.finish((int) Math.round(settings.ratePerSecond() * settings.duration().toSeconds()));
    }
}
