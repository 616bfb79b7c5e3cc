package dev.ollamaperf.load.simulations;

import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.details;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.scenario;

import dev.ollamaperf.load.protocol.Ollama;
import dev.ollamaperf.load.run.LoadRun;
import dev.ollamaperf.load.run.Scenarios;
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
    private final LoadRun run = Scenarios.startRun();
    private final double rate = run.settings().ratePerSecond();

    // 2. Protocol: the phase's measured protocol, with its arrival schedule.
    private final LoadRun.Phase arrival = run.phase("arrival", rate)
            .users((int) Math.round(rate * run.settings().duration().toNanos() / 1e9));

    // 3. Scenario: each arriving user sends one request.
    private final ScenarioBuilder arrivals = scenario("arrival")
            .exec(Ollama.request("chat", arrival.protocol(), session -> arrival.nextRequest()));

    // 4. Assertions: the objectives, so Gatling's own report and exit status show them.
    private List<Assertion> assertions() {
        List<Assertion> assertions = new ArrayList<>();
        assertions.add(global().failedRequests().percent().lte(1.0));
        if (!run.settings().maxE2e().isZero()) {
            assertions.add(details("chat").responseTime().percentile(95.0).lte((int) run.settings().maxE2e().toMillis()));
        }
        if (!run.settings().maxTtft().isZero()) {
            assertions.add(details("chat ttft").responseTime().percentile(95.0)
                    .lte((int) run.settings().maxTtft().toMillis()));
        }
        return assertions;
    }

    // 5. Injection.
    {
        setUp(Scenarios.warmUp(run).injectOpen(atOnceUsers(Scenarios.warmUpUsers(run)))
                .andThen(arrivals.injectOpen(constantUsersPerSec(rate).during(run.settings().duration()))))
                .assertions(assertions());
    }

    @Override
    public void after() {
        run.finish();
    }
}
