package dev.ollamaperf.load.simulations;

import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.nothingFor;
import static io.gatling.javaapi.core.CoreDsl.scenario;

import dev.ollamaperf.load.protocol.Ollama;
import dev.ollamaperf.load.run.LoadMode;
import dev.ollamaperf.load.run.LoadRun;
import dev.ollamaperf.load.run.LoadSettings;
import dev.ollamaperf.load.run.ReplayPlan;
import dev.ollamaperf.load.run.ReplaySettings;
import dev.ollamaperf.load.run.Scenarios;
import io.gatling.javaapi.core.Assertion;
import io.gatling.javaapi.core.OpenInjectionStep;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Replay (open model): the requests of a traffic log recorded by the gateway ({@code OLLAMA_TRAFFIC_LOG}), each sent
 * at its recorded offset from the first (divided by {@code replay.speed}, up to {@code replay.limit}), whether or
 * not earlier ones have finished, with the recorded model (mapped), stream flag, options and token shapes
 * ({@link ReplayPlan}). The trace is read and checked before anything is sent; the models to check and warm up are
 * the trace's, unless {@code ollama.perf.models} names them. Latency is measured from the send (arrivals are not
 * evenly spaced); the target rate, for the missed-rate check, is the trace's average.
 *
 * <p>Run: {@code scripts/perf load replay --trace traffic.jsonl [--speed 2] [--limit 10m] [--model-map a=b]}
 */
public class ReplaySimulation extends Simulation {

    // 1. Parameters: the trace, planned before the run starts, so a bad line stops it before any request.
    private final Map<String, String> properties = Scenarios.systemProperties();
    private final ReplaySettings replay = ReplaySettings.from(properties);
    private final ReplayPlan plan = plan();
    private final LoadRun run = Scenarios.startRun(Scenarios.unshared("replay", properties));
    /** The trace's average rate over the run's duration (the span, rounded up): the missed-rate check's target. */
    private final double averageRate =
            plan.requests().size() / (run.settings().duration().toNanos() / 1e9);

    // 2. Protocol: the phase's measured protocol, without an even schedule.
    private final LoadRun.Phase replayed =
            run.phase("replay", averageRate, false).users(plan.requests().size());

    // 3. Scenario: each arriving user sends the next planned request (users start in the plan's order).
    private final AtomicInteger next = new AtomicInteger();
    private final ScenarioBuilder arrivals = scenario("replay").exec(Ollama.request("chat", replayed.protocol(), s -> {
        replayed.markAndCount();
        return plan.requests().get(next.getAndIncrement()).request();
    }));

    private ReplayPlan plan() {
        LoadSettings defaults = LoadSettings.from(properties, System.getenv());
        ReplayPlan planned =
                ReplayPlan.read(replay, defaults.models().get(0), defaults.promptTokens(), defaults.numPredict());
        if (defaults.mode() == LoadMode.PAIRED) {
            throw new IllegalArgumentException("'" + LoadSettings.PREFIX + "mode' paired is for the steady, arrival,"
                    + " overload and soak scenarios; the replay scenario runs direct or gateway");
        }
        properties.putIfAbsent(LoadSettings.PREFIX + "models", String.join(",", planned.models()));
        // the trace sets the length: the time series' step, the window and the expected request count follow it
        properties.put(LoadSettings.PREFIX + "duration", (planned.span().toSeconds() + 1) + "s");
        System.out.println("replay: " + replay.asMap() + " -> "
                + planned.requests().size() + " requests over "
                + planned.span().toMillis() + " ms, models " + planned.models() + "; skipped "
                + planned.skippedEmbeddings() + " embeddings, " + planned.beyondLimit() + " lines beyond the limit");
        return planned;
    }

    // 4. Assertions: the objectives, as in the arrival scenario.
    private List<Assertion> assertions() {
        return Scenarios.openModelObjectives(run);
    }

    // 5. Injection: one user per request at its offset; requests due in the same millisecond start together.
    private List<OpenInjectionStep> injection() {
        List<OpenInjectionStep> steps = new ArrayList<>();
        long at = 0;
        int due = 0;
        for (ReplayPlan.Planned p : plan.requests()) {
            long millis = p.offset().toMillis();
            if (millis > at && due > 0) {
                steps.add(atOnceUsers(due));
                due = 0;
            }
            if (millis > at) {
                steps.add(nothingFor(Duration.ofMillis(millis - at)));
                at = millis;
            }
            due++;
        }
        steps.add(atOnceUsers(due));
        return steps;
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
