package dev.ollamaperf.load.simulations;

import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.percent;
import static io.gatling.javaapi.core.CoreDsl.randomSwitch;
import static io.gatling.javaapi.core.CoreDsl.repeat;
import static io.gatling.javaapi.core.CoreDsl.scenario;

import dev.ollamaperf.load.protocol.Ollama;
import dev.ollamaperf.load.protocol.OllamaRequest;
import dev.ollamaperf.load.run.LoadRun;
import dev.ollamaperf.load.run.Scenarios;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Cache effectiveness, through the integration (the gateway with the application's cache and
 * limits): a share {@code repeatShare} of requests repeats one of {@code repeatPool} prompts, the
 * rest are new. Repeats are primed before measuring, so they are cache hits; new prompts carry a
 * fresh seed, so they are misses. The two are separate phases, {@code cache_hit} and
 * {@code cache_miss}, so their latencies never mix; the integration's own hit counts go to
 * {@code gateway-metrics.prom}. Requests carry a fixed seed: the cache keeps only deterministic answers.
 *
 * <p>Run: {@code ./mvnw -pl load-tests gatling:test -Dgatling.simulationClass=dev.ollamaperf.load.simulations.CacheSimulation -Dollama.perf.repeatShare=0.3}
 */
public class CacheSimulation extends Simulation {

    private static final long REPEAT_SEED = 42;

    // 1. Parameters: always through the gateway.
    private final LoadRun run = Scenarios.startRun(true);
    private final int pool = run.settings().repeatPool();
    private final double share = run.settings().repeatShare();
    private final String model = run.settings().models().get(0);

    // 2. Protocols: one phase each for hits and misses.
    private final LoadRun.Phase hits =
            run.phase("cache_hit", 0).users(run.settings().injectorUsers());
    private final LoadRun.Phase misses =
            run.phase("cache_miss", 0).users(run.settings().injectorUsers());

    private OllamaRequest repeated(long n) {
        return run.request(model, n % pool).withSeed(REPEAT_SEED);
    }

    private OllamaRequest fresh(long n) {
        // A prompt beyond the pool and a seed never used before: certainly not in the cache.
        return run.request(model, pool + n).withSeed(REPEAT_SEED + 1 + n);
    }

    // 3. Scenarios: prime the pool (unmeasured), then mix repeats and new prompts.
    private final ScenarioBuilder prime = scenario("prime the cache")
            .exec(repeat(pool, "i")
                    .on(exec(Ollama.request("prime", run.warmUpProtocol(), session -> repeated(session.getInt("i"))))))
            .exec(session -> {
                run.openIntegrationWindow();
                return session;
            });

    private final ScenarioBuilder mixed = Scenarios.measured(run, "cache")
            .during(run.settings().duration())
            .on(randomSwitch()
                    .on(
                            percent(share * 100)
                                    .then(exec(Ollama.request(
                                            "repeat",
                                            hits.protocol(),
                                            session -> repeated(hits.markAndCount()
                                                    + ThreadLocalRandom.current()
                                                            .nextInt(pool))))),
                            percent(100 - share * 100)
                                    .then(exec(Ollama.request(
                                            "new", misses.protocol(), session -> fresh(misses.markAndCount()))))));

    // 4. Assertions: none (a miss is not a failure). 5. Injection.
    {
        setUp(prime.injectOpen(atOnceUsers(1))
                .andThen(mixed.injectOpen(atOnceUsers(run.settings().injectorUsers()))));
    }

    @Override
    public void after() {
        run.finish();
    }
}
