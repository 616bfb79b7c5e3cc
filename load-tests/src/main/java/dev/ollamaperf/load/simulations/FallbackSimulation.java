package dev.ollamaperf.load.simulations;

import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.exec;

import dev.ollamaperf.load.protocol.Ollama;
import dev.ollamaperf.load.run.FallbackSetup;
import dev.ollamaperf.load.run.LoadRun;
import dev.ollamaperf.load.run.Scenarios;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;

/**
 * A failing primary model, through the integration: every request asks the primary (the first of {@code models}),
 * which fails with 500, and the integration falls back to {@code fallbackModel} ({@link FallbackSetup}). Closed
 * model, {@code users} users for {@code duration}. Paired by default: the direct path of each pair asks the
 * fallback model straight at Ollama, so phase {@code fallback} is what the application's users see (its errors:
 * requests no model answered) and each pair's difference is what falling back adds. No Gatling assertion: the
 * budgets on {@code load.fallback.*} judge the run.
 *
 * <p>Run: {@code ./mvnw -pl load-tests gatling:test -Dgatling.simulationClass=dev.ollamaperf.load.simulations.FallbackSimulation}
 */
public class FallbackSimulation extends Simulation {

    // 1. Parameters: the run's, made into the fallback scenario's.
    private final FallbackSetup setup = FallbackSetup.from(Scenarios.systemProperties(), System.getenv());
    private final LoadRun run = Scenarios.startRun(setup.properties());

    {
        // the settings line above (LoadRun's) names the primary among the models; this names what answers instead
        System.out.println("ollama-perf fallback: " + setup);
    }

    private final int users = run.settings().injectorUsers();

    // 2. Protocol: one phase (with its direct path when paired).
    private final LoadRun.Phase fallback = run.phase("fallback", 0).users(users);

    // 3. Scenario: warm up (through the integration: the fallback model loads), then chat continuously.
    private final ScenarioBuilder chat = Scenarios.measured(run, "fallback")
            .during(run.settings().duration())
            .on(exec(Ollama.request("chat", fallback.protocol(), session -> setup.route(fallback.nextRequest()))));

    // 4. Assertions: none (the budgets judge). 5. Injection.
    {
        setUp(Scenarios.warmUp(run)
                .injectOpen(atOnceUsers(Scenarios.warmUpUsers(run)))
                .andThen(chat.injectOpen(atOnceUsers(users))));
    }

    @Override
    public void after() {
        run.finish();
    }
}
