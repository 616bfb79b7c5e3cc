package dev.ollamaperf.load.simulations;

import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.rampUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.scenario;

import dev.ollamaperf.load.protocol.Ollama;
import dev.ollamaperf.load.run.LoadRun;
import dev.ollamaperf.load.run.Scenarios;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;

/**
 * Overload: arrivals ramp from {@code rate} to {@code overload} times {@code rate} over
 * {@code duration}, then drop back to {@code rate} for another {@code duration}. Two phases in
 * metrics.json: {@code overload} (what users see beyond capacity: queueing, 503s, timeouts,
 * fallbacks through the gateway) and {@code recovery} (whether latency and errors come back once
 * load drops). No failure assertion: errors are the point; the recovery phase is judged by the gate.
 *
 * <p>Run: {@code ./mvnw -pl load-tests gatling:test -Dgatling.simulationClass=dev.ollamaperf.load.simulations.OverloadSimulation -Dollama.perf.rate=2 -Dollama.perf.overload=5}
 */
public class OverloadSimulation extends Simulation {

    // 1. Parameters.
    private final LoadRun run = Scenarios.startRun();
    private final double rate = run.settings().injectorRate();
    private final double peak = rate * run.settings().overload();
    private final double seconds = run.settings().duration().toNanos() / 1e9;

    // 2. Protocols: one phase per part; the ramp has no constant schedule, so latency is from the send.
    private final LoadRun.Phase overload =
            run.phase("overload", 0).users((int) Math.round((rate + peak) / 2 * seconds));
    private final LoadRun.Phase recovery = run.phase("recovery", rate).users((int) Math.round(rate * seconds));

    // 3. Scenarios.
    private final ScenarioBuilder ramp = Scenarios.measured(run, "overload")
            .exec(Ollama.request("overload", overload.protocol(), session -> overload.nextRequest()));
    private final ScenarioBuilder calm = scenario("recovery")
            .exec(Ollama.request("recovery", recovery.protocol(), session -> recovery.nextRequest()));

    // 4. Assertions: none (see the class comment). 5. Injection.
    {
        setUp(Scenarios.warmUp(run)
                .injectOpen(atOnceUsers(Scenarios.warmUpUsers(run)))
                .andThen(ramp.injectOpen(rampUsersPerSec(rate)
                                .to(peak)
                                .during(run.settings().duration()))
                        .andThen(calm.injectOpen(
                                constantUsersPerSec(rate).during(run.settings().duration())))));
    }

    @Override
    public void after() {
        run.finish();
    }
}
