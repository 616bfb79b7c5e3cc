package dev.ollamaperf.load.run;

import dev.ollamaperf.client.cache.CacheEnvironment;
import dev.ollamaperf.client.config.OllamaClientConfig;
import dev.ollamaperf.client.health.Preflight;
import dev.ollamaperf.client.health.PreflightException;
import dev.ollamaperf.load.capacity.CapacitySettings;
import dev.ollamaperf.load.session.SessionSettings;
import dev.ollamaperf.load.session.Workload;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The load steps' target, checked in seconds before a gate spends minutes on benchmarks: the
 * settings parse (the integration's {@code OLLAMA_*} settings too), the target resolves (the embedded emulator starts with its profile file, if one is
 * named), Ollama answers and holds every model the scenarios will drive. It reads the same
 * {@code -Dollama.perf.*} properties and environment as a simulation, and changes nothing on the
 * target (version, tags and ps only).
 *
 * <p>Exit status: 0 ready; 2 a configuration error (a bad setting, a missing or invalid profile file,
 * a model the embedded emulator's catalogue lacks); 3 the target is unreachable or lacks a model.
 *
 * <p>Run: {@code java -cp "load-tests/target/ollama-perf-load-tests.jar:$(cat
 * load-tests/target/runtime-classpath.txt)" -Dollama.perf.models=llama3.2:latest
 * dev.ollamaperf.load.run.TargetCheckMain} ({@code scripts/perf gate} does this first).
 */
public final class TargetCheckMain {

    /** Exit status: ready. */
    public static final int READY = 0;
    /** Exit status: a setting, the profile file or the model choice is wrong. */
    public static final int CONFIGURATION_ERROR = 2;
    /** Exit status: the target is unreachable or lacks a model. */
    public static final int UNREACHABLE = 3;

    private TargetCheckMain() {}

    /** Checks the target of the JVM's {@code ollama.perf.*} properties and environment; exits with the status. */
    public static void main(String[] args) {
        Map<String, String> properties = new HashMap<>();
        System.getProperties().forEach((k, v) -> properties.put(k.toString(), v.toString()));
        System.exit(check(properties, System.getenv(), System.out, System.err));
    }

    /**
     * Reads the integration's settings from its environment as the gateway will (the application's
     * {@code OLLAMA_*} variables), so a setting it would refuse stops the gate here, as a configuration error,
     * instead of as a load step that wrote nothing.
     *
     * @throws IllegalArgumentException naming the variable and what it must be
     */
    static void integrationSettings(Map<String, String> env) {
        try {
            OllamaClientConfig.fromEnvironment(env);
            CacheEnvironment.fromEnvironment(env, Path.of(System.getProperty("user.home")));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the integration's settings: " + e.getMessage(), e);
        }
    }

    /**
     * Checks the target.
     *
     * @return {@link #READY}, {@link #CONFIGURATION_ERROR} or {@link #UNREACHABLE}; the reason is
     *         printed to {@code err} as one {@code error: ...} line
     */
    public static int check(Map<String, String> properties, Map<String, String> env, PrintStream out, PrintStream err) {
        LoadSettings settings;
        LoadTarget target;
        try {
            settings = LoadSettings.from(properties, env);
            // the session workload's own settings (they have valid defaults): a bad one is refused before any load
            Workload.from(properties, settings.mode());
            SessionSettings.from(properties);
            // the capacity sweep's levels and stop rule (valid defaults too), so a bad --levels is a configuration
            // error here instead of a simulation that fails to start
            CapacitySettings.from(properties, settings);
            integrationSettings(Scenarios.integrationEnvironment(env, properties));
            target = LoadTarget.resolve(env, properties);
        } catch (IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            return CONFIGURATION_ERROR;
        }
        try (target) {
            // a fleet is ready when every node is: each is checked (and closed) in turn, the first failure reported
            for (java.net.URI node : target.nodes()) {
                try (Preflight preflight = Preflight.check(node, settings.models(), out)) {
                    out.printf(
                            "target check: %s (%s) is ready for %s%n",
                            node, target.kind(), String.join(", ", settings.models()));
                }
            }
            return READY;
        } catch (PreflightException e) {
            if (!target.kind().equals("emulator")) {
                err.println("error: " + e.getMessage());
                return UNREACHABLE;
            }
            // The embedded emulator always answers, so a failure here is the model choice.
            err.println("error: " + e.getMessage() + " The embedded emulator holds the models of "
                    + (settings.emulatorProfiles().equals(LoadTarget.BUILT_IN_PROFILES)
                            ? "its built-in catalogue"
                            : "the profile file " + settings.emulatorProfiles())
                    + ": pick one with --model NAME (scripts/perf) or -D" + LoadSettings.PREFIX + "models=NAME.");
            return CONFIGURATION_ERROR;
        }
    }
}
