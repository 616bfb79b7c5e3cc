package dev.ollamaperf.load.simulations;

import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.rampUsersPerSec;

import dev.ollamaperf.load.protocol.Ollama;
import dev.ollamaperf.load.run.Injector;
import dev.ollamaperf.load.run.LoadRun;
import dev.ollamaperf.load.run.PoissonArrivals;
import dev.ollamaperf.load.run.Scenarios;
import dev.ollamaperf.load.session.SessionWorkload;
import dev.ollamaperf.load.session.Workload;
import io.gatling.javaapi.core.Assertion;
import io.gatling.javaapi.core.OpenInjectionStep;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Arrival rate (open model): {@code rate} new requests per second for {@code duration}, whether or
 * not earlier ones have finished; or a ramp from {@code rate} to {@code rampTo}; evenly spaced, or
 * Poisson arrivals with {@code poisson=true}. The scenario for latency objectives: at a constant,
 * evenly spaced rate each latency is measured from the request's intended start, so a server that
 * stalls cannot hide the queue it builds (ramps and Poisson arrivals measure from the send). With
 * {@code workload=session} each arrival is a new user who holds one conversation ({@link SessionWorkload#open}): the
 * rate is of conversations, their first turns measured as the single requests are, their later turns from their send
 * (they follow the user's think time, not the schedule); not paired.
 *
 * <p>Run: {@code ./mvnw -pl load-tests gatling:test -Dgatling.simulationClass=dev.ollamaperf.load.simulations.ArrivalRateSimulation -Dollama.perf.rate=2 -Dollama.perf.objective.ttft=1500ms}
 */
public class ArrivalRateSimulation extends Simulation {

    // 1. Parameters.
    private final Workload workload = Scenarios.workload();
    private final LoadRun run = Scenarios.startRun();
    private final double rate = run.settings().injectorRate();
    private final double rampTo = run.settings().injectorRampTo();
    private final boolean poisson = run.settings().poisson();
    private final double averageRate = rampTo > 0 ? (rate + rampTo) / 2 : rate;

    // 2. Protocol: the phase's measured protocol, with its arrival schedule when evenly spaced.
    private final LoadRun.Phase arrival = run.phase("arrival", averageRate, rampTo == 0 && !poisson)
            .users((int) Math.round(averageRate * run.settings().duration().toNanos() / 1e9));

    // 3. Scenario: each arriving user sends one request, or holds one conversation.
    private final ScenarioBuilder arrivals = workload == Workload.SESSION
            ? Scenarios.measured(run, "arrival", offset())
                    .exec(Scenarios.sessions(run, arrival, run.settings().duration())
                            .open(UnaryOperator.identity()))
            : Scenarios.measured(run, "arrival", offset())
                    .exec(Ollama.request("chat", arrival.protocol(), session -> arrival.nextRequest()));

    // 4. Assertions: the objectives, so Gatling's own report and exit status show them.
    private List<Assertion> assertions() {
        return Scenarios.openModelObjectives(run);
    }

    // 5. Injection: Poisson arrivals seeded from the run's seed and the injector (independent streams that repeat
    // run after run).
    private OpenInjectionStep injection() {
        if (poisson) {
            return PoissonArrivals.of(
                    rate,
                    rampTo > 0 ? rampTo : rate,
                    run.settings().duration(),
                    run.settings().injector().seed(run.settings().seed()));
        }
        return rampTo > 0
                ? rampUsersPerSec(rate).to(rampTo).during(run.settings().duration())
                : constantUsersPerSec(rate).during(run.settings().duration());
    }

    /**
     * When this injector's first arrival is due after the common start: evenly spaced injectors K = 1..N are shifted
     * by (K-1)/rate of the whole load, so together they stay evenly spaced at that rate; Poisson ones need none.
     */
    private Duration offset() {
        Injector injector = run.settings().injector();
        return poisson
                ? Duration.ZERO
                : Duration.ofNanos(
                        Math.round((injector.index() - 1) * 1e9 / run.settings().ratePerSecond()));
    }

    {
        setUp(Scenarios.warmUp(run)
                        .injectOpen(atOnceUsers(Scenarios.warmUpUsers(run)))
                        .andThen(arrivals.injectOpen(injection())))
                .assertions(assertions());
    }

    @Override
    public void after() {
        run.finish();
    }
}
