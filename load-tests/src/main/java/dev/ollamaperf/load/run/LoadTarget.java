package dev.ollamaperf.load.run;

import dev.ollamaperf.client.cache.CacheConfig;
import dev.ollamaperf.client.config.ClientSettings;
import dev.ollamaperf.client.config.Endpoint;
import dev.ollamaperf.emulator.Emulator;
import dev.ollamaperf.emulator.EmulatorConfig;
import dev.ollamaperf.emulator.EmulatorFleet;
import dev.ollamaperf.emulator.engine.EngineSettings;
import dev.ollamaperf.emulator.engine.FaultPlan;
import dev.ollamaperf.emulator.engine.ModelCatalogue;
import dev.ollamaperf.load.integration.IntegrationProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Ollama a scenario drives: {@code -Dollama.perf.endpoint}, else {@code OLLAMA_ENDPOINT}, else
 * {@code OLLAMA_HOST} when set, else an emulator embedded in this JVM, started here and stopped by
 * {@link #close()}. A non-loopback endpoint is refused unless {@code ollama.perf.allowRemote=true}:
 * load tests are pointed at servers that hold other people's work, and must be pointed there on
 * purpose.
 *
 * <p>A fleet: {@code OLLAMA_ENDPOINTS=url1,url2,...} (read as the client reads it, and winning over
 * {@code OLLAMA_ENDPOINT} and {@code OLLAMA_HOST} as there; {@code -Dollama.perf.endpoint} still wins over all), or
 * an embedded emulator of {@code ollama.perf.emulatorNodes} nodes, each its own port and scheduler
 * ({@link EmulatorFleet}). The load spreads over {@link #nodes()}; every node is checked and restored
 * (docs/fleets.md, "Load and capacity against a fleet").
 *
 * <p>In {@code gateway} and {@code paired} mode the load goes through the integration: the gateway
 * ({@code gateway/}) is started in a JVM of its own in front of that Ollama, with the application's limits and cache from the
 * environment ({@code OLLAMA_MAX_CONCURRENT}, {@code OLLAMA_CACHE_*}; the cache file defaults to the
 * run folder, so a run starts with an empty cache). Safety operations (preflight, restore) always go
 * straight to Ollama ({@link #ollamaUri()}).
 *
 * <p>The embedded emulator holds the built-in model catalogue unless {@code ollama.perf.emulatorProfiles}
 * names a profile file (for example one recorded from the production Ollama), so a CI run can mimic
 * production; that setting applies to the embedded emulator only.
 */
public final class LoadTarget implements AutoCloseable {

    /** Property naming the target; it takes precedence over the environment variables. */
    public static final String ENDPOINT = LoadSettings.PREFIX + "endpoint";

    /** Property that allows a non-loopback target. */
    public static final String ALLOW_REMOTE = LoadSettings.PREFIX + "allowRemote";

    /** Property naming the embedded emulator's profile file ({@value #BUILT_IN_PROFILES}: the shipped catalogue). */
    public static final String EMULATOR_PROFILES = LoadSettings.PREFIX + "emulatorProfiles";

    /**
     * Property giving the embedded emulator's parallel slots per model (else {@code OLLAMA_NUM_PARALLEL}, else 1):
     * the gate gives it enough that the server does not queue its paired requests, so the differences measure the
     * integration and not the server's queue.
     */
    public static final String EMULATOR_PARALLEL = LoadSettings.PREFIX + "emulatorParallel";

    /**
     * Property giving the embedded emulator's faults in the emulator's {@code --faults} syntax (emulator/README.md,
     * "Fault spec"), e.g. {@code fail=llama3.2:latest} for a primary model that cannot load; embedded emulator only.
     */
    public static final String EMULATOR_FAULTS = LoadSettings.PREFIX + "emulatorFaults";

    /** Property giving how many nodes the embedded emulator starts (1 to 64, default 1): a fleet when above 1. */
    public static final String EMULATOR_NODES = LoadSettings.PREFIX + "emulatorNodes";

    /** The value of {@link #EMULATOR_PROFILES} that means the emulator's built-in catalogue. */
    public static final String BUILT_IN_PROFILES = "builtin";

    private final URI baseUri;
    private final URI ollamaUri;
    private final String kind;
    private final String ollamaKind;
    /** The Ollama nodes: {@link #ollamaUri()} alone, or a fleet's nodes (the first is {@link #ollamaUri()}). */
    private final List<URI> nodes;
    /** The embedded emulator or emulator fleet this target started, else null. */
    private final Runnable emulator;

    private final IntegrationProcess integration;

    private LoadTarget(
            URI baseUri,
            List<URI> nodes,
            String kind,
            String ollamaKind,
            Runnable emulator,
            IntegrationProcess integration) {
        this.baseUri = baseUri;
        this.nodes = List.copyOf(nodes);
        this.ollamaUri = this.nodes.get(0);
        this.kind = kind;
        this.ollamaKind = ollamaKind;
        this.emulator = emulator;
        this.integration = integration;
    }

    /**
     * Resolves the target from the environment and properties; starts the emulator if none is set.
     *
     * @throws IllegalArgumentException for a malformed or a non-loopback endpoint not allowed explicitly
     */
    public static LoadTarget resolve(Map<String, String> env, Map<String, String> properties) {
        String setting = setting(env, properties);
        String value = setting.equals(ENDPOINT) ? properties.get(ENDPOINT) : env.get(setting);
        int emulatorNodes = emulatorNodes(properties.get(EMULATOR_NODES));
        String profiles =
                properties.getOrDefault(EMULATOR_PROFILES, BUILT_IN_PROFILES).trim();
        boolean builtIn = profiles.isEmpty() || profiles.equals(BUILT_IN_PROFILES);
        FaultPlan faults = emulatorFaults(properties.get(EMULATOR_FAULTS));
        if (value == null || value.isBlank()) {
            Map<String, String> engineEnv = new HashMap<>(env);
            String parallel = properties.get(EMULATOR_PARALLEL);
            if (parallel != null && !parallel.isBlank()) {
                engineEnv.put(EngineSettings.NUM_PARALLEL, parallel.trim());
            }
            return embeddedEmulator(
                    engineEnv, builtIn ? ModelCatalogue.builtIn() : emulatorCatalogue(profiles), faults, emulatorNodes);
        }
        if (properties.containsKey(EMULATOR_NODES)) {
            throw new IllegalArgumentException(
                    "'" + EMULATOR_NODES + "' applies to the embedded emulator only, but the target is " + setting + "="
                            + value + "; unset " + setting + " to run against the emulator");
        }
        if (!faults.isNone()) {
            throw new IllegalArgumentException("'" + EMULATOR_FAULTS + "' (" + faults + ") applies to the embedded"
                    + " emulator only, but the target is " + setting + "=" + value + "; unset " + setting
                    + " to run against the emulator");
        }
        if (!builtIn) {
            throw new IllegalArgumentException("'" + EMULATOR_PROFILES + "' (" + profiles + ") applies to the"
                    + " embedded emulator only, but the target is " + setting + "=" + value + "; unset " + setting
                    + " to run against the emulator, or drop the profile to drive that Ollama");
        }
        List<Endpoint> endpoints = setting.equals(ClientSettings.ENDPOINTS)
                ? ClientSettings.endpointList(setting, value)
                : List.of(Endpoint.parse(setting, value));
        List<URI> nodes = new ArrayList<>();
        for (Endpoint endpoint : endpoints) {
            if (!endpoint.isLoopback() && !Boolean.parseBoolean(properties.get(ALLOW_REMOTE))) {
                throw new IllegalArgumentException("'" + setting + "' points at a non-loopback host (" + endpoint
                        + "); load tests drive it only when you also pass -D" + ALLOW_REMOTE + "=true");
            }
            nodes.add(URI.create(endpoint.baseUrl()));
        }
        return new LoadTarget(nodes.get(0), nodes, "ollama", "ollama", null, null);
    }

    /**
     * Which setting names the target: {@code -Dollama.perf.endpoint}, else {@code OLLAMA_ENDPOINTS} when not blank
     * (the client's precedence, docs/fleets.md), else {@code OLLAMA_ENDPOINT} when set, else {@code OLLAMA_HOST}.
     */
    private static String setting(Map<String, String> env, Map<String, String> properties) {
        if (properties.containsKey(ENDPOINT)) {
            return ENDPOINT;
        }
        String fleet = env.get(ClientSettings.ENDPOINTS);
        if (fleet != null && !fleet.isBlank()) {
            return ClientSettings.ENDPOINTS;
        }
        return env.containsKey("OLLAMA_ENDPOINT") ? "OLLAMA_ENDPOINT" : "OLLAMA_HOST";
    }

    private static int emulatorNodes(String value) {
        if (value == null || value.isBlank()) {
            return 1;
        }
        try {
            int nodes = Integer.parseInt(value.trim());
            if (nodes >= 1 && nodes <= EmulatorFleet.MAX_NODES) {
                return nodes;
            }
        } catch (NumberFormatException e) {
            // reported below with the rule
        }
        throw new IllegalArgumentException(
                "'" + EMULATOR_NODES + "' must be between 1 and " + EmulatorFleet.MAX_NODES + ", got: " + value);
    }

    /** An emulator on 127.0.0.1 and a free port, with the engine settings from Ollama's variables. */
    public static LoadTarget embeddedEmulator(Map<String, String> env) {
        return embeddedEmulator(env, ModelCatalogue.builtIn());
    }

    /**
     * An emulator on 127.0.0.1 and a free port, with the engine settings from Ollama's variables and
     * the given model catalogue (see {@link #emulatorCatalogue(String)}).
     */
    public static LoadTarget embeddedEmulator(Map<String, String> env, ModelCatalogue catalogue) {
        return embeddedEmulator(env, catalogue, FaultPlan.NONE, 1);
    }

    /** Whether no endpoint is set, so a run starts the embedded emulator ({@link #resolve}). */
    public static boolean embedded(Map<String, String> env, Map<String, String> properties) {
        String setting = setting(env, properties);
        String value = setting.equals(ENDPOINT) ? properties.get(ENDPOINT) : env.get(setting);
        return value == null || value.isBlank();
    }

    private static FaultPlan emulatorFaults(String spec) {
        try {
            return FaultPlan.parse(spec);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + EMULATOR_FAULTS + "': " + e.getMessage(), e);
        }
    }

    private static LoadTarget embeddedEmulator(
            Map<String, String> env, ModelCatalogue catalogue, FaultPlan faults, int nodes) {
        try {
            EngineSettings settings = EngineSettings.fromEnvironment(env).toBuilder()
                    .catalogue(catalogue)
                    .faults(faults)
                    .build();
            if (nodes > 1) {
                EmulatorFleet fleet = EmulatorFleet.start(EmulatorConfig.of(settings), nodes);
                return new LoadTarget(
                        fleet.baseUris().get(0), fleet.baseUris(), "emulator", "emulator", fleet::close, null);
            }
            Emulator emulator = Emulator.start(EmulatorConfig.of(settings));
            return new LoadTarget(
                    emulator.baseUri(), List.of(emulator.baseUri()), "emulator", "emulator", emulator::close, null);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the embedded Ollama emulator: " + e.getMessage(), e);
        }
    }

    /**
     * Reads the profile file that {@value #EMULATOR_PROFILES} names.
     *
     * @param file a profile file in the emulator's catalogue format (emulator/README.md)
     * @throws IllegalArgumentException naming the setting and the file when it is missing, unreadable
     *                                  or not a valid catalogue (the emulator's message names the
     *                                  profile and field)
     */
    public static ModelCatalogue emulatorCatalogue(String file) {
        Path path = Path.of(file).toAbsolutePath();
        if (!Files.isRegularFile(path)) {
            throw new IllegalArgumentException("'" + EMULATOR_PROFILES + "' must name an emulator profile file"
                    + " (JSON, see emulator/README.md), got: " + path + " (no such file)");
        }
        try {
            return ModelCatalogue.load(path);
        } catch (IllegalArgumentException | UncheckedIOException e) {
            throw new IllegalArgumentException(
                    "'" + EMULATOR_PROFILES + "' names a file that is not a valid" + " emulator profile catalogue: "
                            + e.getMessage(),
                    e);
        }
    }

    /**
     * The integration in front of {@code ollama}: the gateway in a JVM of its own ({@link IntegrationProcess}) on
     * 127.0.0.1 and a free port, with the application's settings from {@code env}. Closing the returned target
     * stops it and then {@code ollama}.
     *
     * @param cacheFile the cache file unless {@code OLLAMA_CACHE_PATH} names one
     * @param jvmOptions options for the integration's JVM
     * @param log where the integration's JVM writes its own output
     */
    public static LoadTarget throughGateway(
            LoadTarget ollama, Map<String, String> env, Path cacheFile, List<String> jvmOptions, Path log) {
        if (ollama.nodes.size() > 1) {
            ollama.close();
            throw new IllegalArgumentException("the gateway and paired modes drive one Ollama node, but the target is a"
                    + " fleet of " + ollama.nodes.size() + " (" + ollama.nodes + "); run a fleet in direct mode ("
                    + LoadSettings.PREFIX + "mode=direct)");
        }
        Map<String, String> gatewayEnv = new HashMap<>(env);
        gatewayEnv.putIfAbsent(CacheConfig.PATH, cacheFile.toAbsolutePath().toString());
        try {
            IntegrationProcess integration = IntegrationProcess.start(ollama.baseUri(), gatewayEnv, jvmOptions, log);
            return new LoadTarget(
                    integration.baseUri(), ollama.nodes, "gateway", ollama.kind, ollama.emulator, integration);
        } catch (RuntimeException e) {
            ollama.close();
            throw e;
        }
    }

    /** A target already running at {@code baseUri} (e.g. a test's own emulator). */
    public static LoadTarget at(URI baseUri, String kind) {
        return new LoadTarget(baseUri, List.of(baseUri), kind, kind, null, null);
    }

    /** A fleet already running at {@code nodes} (e.g. a test's own {@link EmulatorFleet}). */
    public static LoadTarget atFleet(List<URI> nodes, String kind) {
        return new LoadTarget(nodes.get(0), nodes, kind, kind, null, null);
    }

    /** The Ollama nodes the load spreads over: one, or a fleet's in configuration order. */
    public List<URI> nodes() {
        return nodes;
    }

    /** Where the load goes (the gateway in gateway mode). */
    public URI baseUri() {
        return baseUri;
    }

    /** The Ollama itself (the same as {@link #baseUri()} unless in gateway mode). */
    public URI ollamaUri() {
        return ollamaUri;
    }

    /** "emulator", "ollama" or "gateway". */
    public String kind() {
        return kind;
    }

    /** "emulator" or "ollama": what {@link #ollamaUri()} is. */
    public String ollamaKind() {
        return ollamaKind;
    }

    /** In gateway and paired mode, the integration's JVM. */
    public Optional<IntegrationProcess> integration() {
        return Optional.ofNullable(integration);
    }

    /** Stops the gateway and the embedded emulator, if this target started them. */
    @Override
    public void close() {
        if (integration != null) {
            integration.close();
        }
        if (emulator != null) {
            emulator.run();
        }
    }
}
