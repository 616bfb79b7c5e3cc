package dev.ollamaperf.load.simulations;

import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.foreach;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.scenario;

import dev.ollamaperf.load.protocol.Ollama;
import dev.ollamaperf.load.run.LoadRun;
import dev.ollamaperf.load.run.Scenarios;
import dev.ollamaperf.load.session.Workload;
import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Model comparison: the same prompt goes to every model of {@code models}, one model after the
 * other, and the order rotates with each prompt, so drift over the run (thermal, other tenants)
 * hits every model alike. One user by default, so the models never compete for the server. The
 * warm-up loads each model first (its load_duration becomes the model's load time in server.json); a
 * model loaded again during the comparison makes the phase INVALID, since its latencies would then
 * include load time. With {@code workload=session} each model holds the same conversation instead of answering one
 * prompt: the same number of turns and the same user messages (the history holds each model's own answers), with
 * the think time between turns, whole even when the duration ends mid-round; the turns are compared turn by turn.
 *
 * <p>Run: {@code ./mvnw -pl load-tests gatling:test -Dgatling.simulationClass=dev.ollamaperf.load.simulations.ModelComparisonSimulation -Dollama.perf.models=llama3.2:latest,mistral:7b -Dollama.perf.users=1}
 */
public class ModelComparisonSimulation extends Simulation {

    // 1. Parameters.
    private final Workload workload = Scenarios.workload();
    private final LoadRun run = Scenarios.startUnsharedRun("model comparison");
    private final List<String> models = run.settings().models();

    // 2. Protocol. A warm model reports a load_duration of 1-10 ms; above 250 ms a model was loaded
    // mid-comparison (they evict each other), and its latencies would compare load times, not models.
    private final LoadRun.Phase comparison =
            run.phase("compare", 0).users(run.settings().users()).invalidIfModelLoadsAbove(Duration.ofMillis(250));

    // 3. Scenario: prompt (or conversation) n to each model, in an order rotated by n.
    private final ChainBuilder toOneModel = workload == Workload.SESSION
            ? Scenarios.sessions(run, comparison, run.settings().duration()).conversation("model", "prompt")
            : exec(Ollama.request(
                    "chat",
                    comparison.protocol(),
                    session -> run.request(session.getString("model"), session.getLong("prompt"))));

    private final AtomicLong rounds = new AtomicLong();

    // A round of conversations ends whole, so every model has as many of each turn; a round of single requests
    // stops at the duration, as it always has.
    private final ScenarioBuilder compare = scenario("compare")
            .during(run.settings().duration(), workload != Workload.SESSION)
            .on(exec(session -> {
                        // a conversation's turns count themselves in the phase, so its rounds are numbered apart
                        long n = workload == Workload.SESSION ? rounds.getAndIncrement() : comparison.markAndCount();
                        return session.set("prompt", n).set("order", rotated((int) (n % models.size())));
                    })
                    .exec(foreach("#{order}", "model").on(toOneModel)));

    // 4. Assertions and 5. Injection.
    {
        setUp(Scenarios.warmUp(run)
                        .injectOpen(atOnceUsers(Scenarios.warmUpUsers(run)))
                        .andThen(compare.injectOpen(atOnceUsers(run.settings().users()))))
                .assertions(global().failedRequests().percent().lte(1.0));
    }

    private List<String> rotated(int by) {
        List<String> order = new ArrayList<>(models);
        Collections.rotate(order, -by);
        return order;
    }

    @Override
    public void after() {
        run.finish();
    }
}
