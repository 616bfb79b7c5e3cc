package dev.ollamaperf.load.run;

import static io.gatling.javaapi.core.CoreDsl.details;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.foreach;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.repeat;
import static io.gatling.javaapi.core.CoreDsl.scenario;

import dev.ollamaperf.load.protocol.Ollama;
import dev.ollamaperf.load.session.SessionSettings;
import dev.ollamaperf.load.session.SessionWorkload;
import dev.ollamaperf.load.session.Workload;
import io.gatling.javaapi.core.Assertion;
import io.gatling.javaapi.core.ScenarioBuilder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Pieces every simulation shares: starting a run from the JVM's settings, and the warm-up. */
public final class Scenarios {

    private Scenarios() {}

    /** A run from system properties and the environment, with its target resolved and checked. */
    public static LoadRun startRun() {
        return startRun(false);
    }

    /**
     * A run from system properties and the environment.
     *
     * @param forceGateway drive the integration alone whatever {@code ollama.perf.mode} says (the cache
     *                     scenario measures the integration's cache, which a direct run lacks)
     */
    public static LoadRun startRun(boolean forceGateway) {
        Map<String, String> properties = systemProperties();
        if (forceGateway) {
            properties.put(LoadSettings.PREFIX + "mode", "gateway");
        }
        return startRun(properties);
    }

    /** This JVM's system properties, as a map to adjust before {@link #startRun(Map)}. */
    public static Map<String, String> systemProperties() {
        Map<String, String> properties = new HashMap<>();
        System.getProperties().forEach((k, v) -> properties.put(k.toString(), v.toString()));
        return properties;
    }

    /** A run from {@code properties} (in place of the system properties) and the environment. */
    public static LoadRun startRun(Map<String, String> properties) {
        LoadSettings settings = LoadSettings.from(properties, System.getenv());
        LoadTarget target = LoadTarget.resolve(System.getenv(), properties);
        if (settings.throughGateway()) {
            Path load = settings.runFolder().resolve("load");
            target = LoadTarget.throughGateway(
                    target,
                    integrationEnvironment(System.getenv(), properties),
                    load.resolve("gateway-cache.db"),
                    settings.integrationJvmOptions(),
                    load.resolve("integration-" + settings.metricsFile().replace(".json", "") + ".log"));
        }
        return new LoadRun(settings, target);
    }

    /**
     * A run of a scenario whose phases are not single request streams a pair can split (a capacity sweep's steps,
     * a model comparison's rotation): {@code ollama.perf.mode=paired} is refused with a message saying so.
     */
    public static LoadRun startUnpairedRun(String scenario) {
        if (LoadSettings.fromSystem().mode() == LoadMode.PAIRED) {
            throw new IllegalArgumentException("'" + LoadSettings.PREFIX + "mode' paired is for the steady, arrival,"
                    + " overload and soak scenarios; the " + scenario + " scenario runs direct or gateway");
        }
        return startRun();
    }

    /**
     * A run of a scenario that one generator must carry alone (a capacity sweep's steps, a model comparison's
     * rotation): unpaired as {@link #startUnpairedRun}, and {@code ollama.perf.injector} K/N with N > 1 is refused.
     */
    public static LoadRun startUnsharedRun(String scenario) {
        unshared(scenario, systemProperties());
        return startUnpairedRun(scenario);
    }

    /**
     * Returns {@code properties} when they name no shared injector; refuses {@code ollama.perf.injector} K/N with
     * N > 1, with a message saying which scenarios can be shared.
     */
    public static Map<String, String> unshared(String scenario, Map<String, String> properties) {
        String injector = properties.get(LoadSettings.PREFIX + "injector");
        if (injector != null
                && !injector.isBlank()
                && Injector.parse(LoadSettings.PREFIX + "injector", injector).shared()) {
            throw new IllegalArgumentException("'" + LoadSettings.PREFIX + "injector' " + injector.trim() + ": the "
                    + scenario + " scenario runs in one generator; steady, arrival, cache, fallback, overload, soak"
                    + " and session can be shared between injectors (docs/injectors.md)");
        }
        return properties;
    }

    /**
     * What the scenario sends ({@code ollama.perf.workload}), read before the run starts so a bad value starts
     * nothing.
     *
     * @throws IllegalArgumentException for an unknown workload, or sessions in a paired run
     */
    public static Workload workload() {
        return Workload.from(systemProperties(), LoadSettings.fromSystem().mode());
    }

    /**
     * The session workload of {@code phase} ({@code workload=session}), its settings read from the system properties
     * and printed.
     *
     * @param duration how long the phase sends turns
     */
    public static SessionWorkload sessions(LoadRun run, LoadRun.Phase phase, Duration duration) {
        SessionSettings settings = SessionSettings.from(systemProperties());
        System.out.println("ollama-perf session: " + settings);
        return new SessionWorkload(run, phase, settings, duration);
    }

    /** The prefix of the properties that set a variable of the integration's environment for one run. */
    public static final String INTEGRATION_ENV = LoadSettings.PREFIX + "integration.env.";

    /**
     * The integration's environment: this JVM's, with each {@code -Dollama.perf.integration.env.NAME=VALUE} on top
     * (to try the integration with another setting, e.g. {@code OLLAMA_MAX_CONCURRENT}, without changing the
     * shell's environment).
     */
    static Map<String, String> integrationEnvironment(Map<String, String> env, Map<String, String> properties) {
        Map<String, String> merged = new HashMap<>(env);
        properties.forEach((name, value) -> {
            if (name.startsWith(INTEGRATION_ENV) && name.length() > INTEGRATION_ENV.length()) {
                merged.put(name.substring(INTEGRATION_ENV.length()), value);
            }
        });
        return merged;
    }

    /**
     * The open-model scenarios' objectives (arrival, replay), so Gatling's own report and exit status show them: at
     * most 1% of requests failed, and p95 limits on the chat's end-to-end time and TTFT when {@code maxE2e} and
     * {@code maxTtft} are set.
     */
    public static List<Assertion> openModelObjectives(LoadRun run) {
        List<Assertion> assertions = new ArrayList<>();
        assertions.add(global().failedRequests().percent().lte(1.0));
        if (!run.settings().maxE2e().isZero()) {
            assertions.add(details("chat").responseTime().percentile(95.0).lte((int)
                    run.settings().maxE2e().toMillis()));
        }
        if (!run.settings().maxTtft().isZero()) {
            assertions.add(details("chat ttft").responseTime().percentile(95.0).lte((int)
                    run.settings().maxTtft().toMillis()));
        }
        return assertions;
    }

    /**
     * One user sends one unmeasured request to each model (on each node of a fleet), so cold loads are not measured (inject
     * it with {@code atOnceUsers(1)} before the measured scenario, or with 0 users to skip it); then the
     * integration's measurement window opens ({@link LoadRun#openIntegrationWindow}), and the user waits until just
     * before the common start time ({@code ollama.perf.startAt}, {@link LoadRun#untilStart}).
     */
    public static ScenarioBuilder warmUp(LoadRun run) {
        // against a fleet one round per node: one user's requests go round the idle nodes, so each loads every model
        int rounds = run.settings().warmUp() == 0
                ? 0
                : run.settings().throughGateway() ? INTEGRATION_WARM_UP_ROUNDS : run.nodes();
        return scenario("warm-up")
                .exec(repeat(rounds)
                        .on(foreach(run.settings().models(), "model")
                                .on(exec(Ollama.request(
                                        "warm-up",
                                        run.warmUpProtocol(),
                                        session -> run.warmUpRequest(session.getString("model")))))))
                .exec(session -> {
                    run.warmUpUserDone();
                    return session;
                })
                // the measured scenario starts when every warm-up user is done: just before the common start time
                .pause(session -> run.untilStart());
    }

    /**
     * A measured scenario named {@code name}: with a common start time ({@code ollama.perf.startAt}) each of its users
     * first waits {@link LoadRun#startShift}, so the first request leaves at the start time; without one, a plain
     * scenario. For the first measured scenario of a simulation (later ones follow it).
     */
    public static ScenarioBuilder measured(LoadRun run, String name) {
        return measured(run, name, Duration.ZERO);
    }

    /** As {@link #measured(LoadRun, String)}, the first request leaving {@code offset} after the start time. */
    public static ScenarioBuilder measured(LoadRun run, String name, Duration offset) {
        return run.settings().startAt().isPresent()
                ? scenario(name).pause(session -> run.startShift(offset))
                : scenario(name);
    }

    /**
     * The warm-up's users: none when the settings ask for no warm-up; through the integration as many as the
     * measured load has in flight (at most {@value #INTEGRATION_WARM_UP_USERS}), so its JVM has compiled its hot
     * paths and filled its pools and per-thread caches before the window opens, and neither counts as what the
     * measured requests allocate or keep; else 1.
     */
    public static int warmUpUsers(LoadRun run) {
        return warmUpUsers(run.settings());
    }

    static int warmUpUsers(LoadSettings settings) {
        if (settings.warmUp() == 0) {
            // one user without requests still waits for the start time
            return settings.startAt().isPresent() ? 1 : 0;
        }
        return settings.throughGateway()
                ? Math.min(Math.max(1, settings.injectorUsers()), INTEGRATION_WARM_UP_USERS)
                : 1;
    }

    private static final int INTEGRATION_WARM_UP_USERS = 10;
    private static final int INTEGRATION_WARM_UP_ROUNDS = 2;
}
