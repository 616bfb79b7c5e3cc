package dev.ollamaperf.cli;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** The load scenarios {@code perf load} runs, and the Gatling simulation of each: the one table of them. */
public enum Scenario {
    STEADY("SteadySimulation"),
    ARRIVAL("ArrivalRateSimulation"),
    COMPARE("ModelComparisonSimulation"),
    CACHE("CacheSimulation"),
    FALLBACK("FallbackSimulation"),
    OVERLOAD("OverloadSimulation"),
    SOAK("SoakSimulation"),
    SESSION("SessionSimulation"),
    REPLAY("ReplaySimulation");

    /** The package of every simulation. */
    public static final String SIMULATIONS = "dev.ollamaperf.load.simulations.";
    /** The capacity sweep's simulation ({@code perf capacity}); not a {@code perf load} scenario. */
    public static final String CAPACITY_SIMULATION = SIMULATIONS + "CapacitySimulation";

    private final String simulation;

    Scenario(String simulation) {
        this.simulation = simulation;
    }

    /**
     * The scenario's own settings in the gate, before the user's flags: steady and arrival rate run paired (each
     * request through the integration alternates with one straight at Ollama, so the report has what the
     * integration adds); steady with {@value #GATE_STEADY_USERS} users, so the integration's path carries the
     * application's planned concurrency (5) whatever its {@code OLLAMA_MAX_CONCURRENT} says (a load that followed
     * the setting would hide a wrong one); the cache scenario always goes through the integration, and so do the
     * session scenario's 5 users. Steady and arrival rate with {@code -Dollama.perf.workload=session} hold
     * conversations, which a pair cannot split (its two paths would need one history): they then go through the
     * integration, steady with the session scenario's 5 users.
     *
     * @param sessions whether the user asked for {@code workload=session}
     */
    public LoadFlags gateDefaults(boolean sessions) {
        return switch (this) {
            case STEADY ->
                sessions
                        ? LoadFlags.none().with("mode", "gateway").with("users", "5")
                        : LoadFlags.none().with("mode", "paired").with("users", Integer.toString(GATE_STEADY_USERS));
            case ARRIVAL -> LoadFlags.none().with("mode", sessions ? "gateway" : "paired");
            // a pool of 4 repeated prompts: primed one by one before the measurement, so each costs a model call
            case CACHE -> LoadFlags.none().with("users", "5").with("repeatPool", "4");
            // conversations through the integration, which the gate is there for; paired would need one history for
            // the two paths of a pair
            case SESSION -> LoadFlags.none().with("mode", "gateway").with("users", "5");
            default -> LoadFlags.none();
        };
    }

    /** The steady scenario's users in the gate: 5 on each path. */
    static final int GATE_STEADY_USERS = 10;

    /** Returns the name a user types, e.g. {@code steady}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Returns the simulation's class name, e.g. {@code dev.ollamaperf.load.simulations.SteadySimulation}. */
    public String simulation() {
        return SIMULATIONS + simulation;
    }

    /** Returns the scenario a user typed, if there is one of that name. */
    public static Optional<Scenario> named(String label) {
        return Arrays.stream(values()).filter(s -> s.label().equals(label)).findFirst();
    }

    /** Returns {@code steady, arrival, compare, cache, fallback, overload, soak, session, replay}. */
    public static String labels() {
        return Arrays.stream(values()).map(Scenario::label).collect(Collectors.joining(", "));
    }
}
