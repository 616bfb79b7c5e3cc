package dev.ollamaperf.load.run;

import dev.ollamaperf.load.protocol.OllamaApi;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Every parameter of a load scenario, read once from system properties (Gatling's way) with
 * defaults from the Ollama environment variables. {@link #asMap()} is what metrics.json records.
 *
 * @param runFolder     where {@code load/metrics.json} goes
 * @param metricsFile   its file name in {@code load/} (the gate gives each scenario its own:
 *                      {@code metrics-steady.json}...; the reports read {@code metrics*.json})
 * @param models        models to drive (round-robin per request)
 * @param users         closed model: concurrent virtual users
 * @param ratePerSecond open model: arrivals per second
 * @param rampTo        arrival scenario: ramp from {@code ratePerSecond} to this rate (0: constant)
 * @param poisson       arrival scenario: random (Poisson) arrivals instead of evenly spaced ones
 * @param overload      overload scenario: peak rate as a multiple of {@code ratePerSecond}
 * @param duration      how long load is applied
 * @param window        soak scenario: length of each measured window
 * @param repeatShare   cache scenario: share of requests that repeat an earlier prompt (0..1)
 * @param repeatPool    cache scenario: how many distinct prompts the repeats are drawn from
 * @param warmUp        requests per model sent before measuring (excluded from statistics)
 * @param mode          straight at Ollama, through the integration (the gateway in a JVM of its own), or both
 *                      alternating request by request ({@link LoadMode})
 * @param integrationJvmOptions options for the integration's JVM (e.g. {@code -Xmx256m}), space-separated in
 *                      {@code ollama.perf.integrationJvmOptions}
 * @param api           endpoint and wire format
 * @param stream        stream answers (needed for TTFT)
 * @param numPredict    output tokens per request (-1: the model's own length)
 * @param prompts       "builtin", "builtin:&lt;kind&gt;", "synthetic" or a JSONL file (see {@link PromptSet})
 * @param promptTokens  approximate prompt length of the synthetic prompts
 * @param timeout       the longest one request may take
 * @param maxTtft       objective on time to first token (zero: none)
 * @param maxE2e        objective on end-to-end latency (zero: none)
 * @param maxDispatchLag open model: the largest p99 lag of the generator behind its schedule before
 *                       the run calls itself INVALID
 * @param maxLoopLag    any model: how late the harness's stream event loops may run at p99 before the run calls
 *                      itself INVALID (the harness is then past its own capacity; see {@code LoopLag})
 * @param emulatorProfiles the embedded emulator's model catalogue: "builtin", or a profile file (JSON,
 *                       emulator/README.md) such as a calibrated one; read by {@link LoadTarget}
 * @param think         the requests' {@code think}: "" leaves it out (a thinking model then thinks, docs/ollama-api.md
 *                      §1.7), else true, false or a level (low, medium, high, max); see {@link ThinkSetting}
 */
public record LoadSettings(
        Path runFolder,
        String metricsFile,
        List<String> models,
        int users,
        double ratePerSecond,
        double rampTo,
        boolean poisson,
        double overload,
        Duration duration,
        Duration window,
        double repeatShare,
        int repeatPool,
        int warmUp,
        LoadMode mode,
        List<String> integrationJvmOptions,
        OllamaApi api,
        boolean stream,
        int numPredict,
        String prompts,
        int promptTokens,
        Duration timeout,
        Duration maxTtft,
        Duration maxE2e,
        Duration maxDispatchLag,
        Duration maxLoopLag,
        String emulatorProfiles,
        String think) {

    /** Property prefix: {@code -Dollama.perf.users=8}. */
    public static final String PREFIX = "ollama.perf.";

    public LoadSettings {
        Objects.requireNonNull(runFolder, "runFolder");
        if (!metricsFile.matches("metrics(-[A-Za-z0-9_]+)?\\.json")) {
            throw new IllegalArgumentException(
                    "'" + PREFIX + "metricsFile' must be metrics.json or metrics-NAME.json," + " got: " + metricsFile);
        }
        Objects.requireNonNull(mode, "mode");
        integrationJvmOptions = List.copyOf(integrationJvmOptions);
        models = List.copyOf(models);
        if (models.isEmpty()) {
            throw new IllegalArgumentException("'" + PREFIX + "models' must name at least one model");
        }
        range("users", users, 1, 10_000);
        range("warmUp", warmUp, 0, 1000);
        range("numPredict", numPredict, -1, 100_000);
        range("promptTokens", promptTokens, 1, 200_000);
        if (!(ratePerSecond > 0 && ratePerSecond <= 10_000)) {
            throw new IllegalArgumentException(
                    "'" + PREFIX + "rate' must be between 0 (exclusive) and 10000, got: " + ratePerSecond);
        }
        if (!(rampTo >= 0 && rampTo <= 10_000)) {
            throw new IllegalArgumentException(
                    "'" + PREFIX + "rampTo' must be between 0 (no ramp) and 10000, got: " + rampTo);
        }
        if (!(overload >= 1 && overload <= 1000)) {
            throw new IllegalArgumentException("'" + PREFIX + "overload' must be between 1 and 1000, got: " + overload);
        }
        positive("duration", duration);
        positive("window", window);
        if (!(repeatShare >= 0 && repeatShare <= 1)) {
            throw new IllegalArgumentException(
                    "'" + PREFIX + "repeatShare' must be between 0 and 1, got: " + repeatShare);
        }
        range("repeatPool", repeatPool, 1, 100_000);
        positive("timeout", timeout);
        Objects.requireNonNull(api, "api");
        Objects.requireNonNull(prompts, "prompts");
        Objects.requireNonNull(maxTtft, "maxTtft");
        Objects.requireNonNull(maxE2e, "maxE2e");
        positive("maxDispatchLag", maxDispatchLag);
        positive("maxLoopLag", maxLoopLag);
        if (emulatorProfiles == null || emulatorProfiles.isBlank()) {
            throw new IllegalArgumentException("'" + PREFIX + "emulatorProfiles' must be builtin or a profile file,"
                    + " got: '" + emulatorProfiles + "'");
        }
        ThinkSetting.check(PREFIX + "think", think);
    }

    /** Reads {@code ollama.perf.*} from {@code properties}, defaults from {@code env}. */
    public static LoadSettings from(Map<String, String> properties, Map<String, String> env) {
        Function<String, String> p = name -> properties.get(PREFIX + name);
        String defaultModel = env.getOrDefault("OLLAMA_DEFAULT_MODEL", "llama3.2:latest");
        int defaultUsers = parseInt("OLLAMA_MAX_CONCURRENT", env.getOrDefault("OLLAMA_MAX_CONCURRENT", "5"));
        return new LoadSettings(
                Path.of(or(p.apply("run"), "target/perf/load")),
                or(p.apply("metricsFile"), "metrics.json"),
                Arrays.stream(or(p.apply("models"), defaultModel).split(","))
                        .map(String::trim)
                        .filter(s -> !s.isEmpty())
                        .toList(),
                parseInt(PREFIX + "users", or(p.apply("users"), Integer.toString(defaultUsers))),
                parseDouble(PREFIX + "rate", or(p.apply("rate"), "2")),
                parseDouble(PREFIX + "rampTo", or(p.apply("rampTo"), "0")),
                parseBoolean(PREFIX + "poisson", or(p.apply("poisson"), "false")),
                parseDouble(PREFIX + "overload", or(p.apply("overload"), "5")),
                parseDuration(PREFIX + "duration", or(p.apply("duration"), "30s")),
                parseDuration(PREFIX + "window", or(p.apply("window"), "10m")),
                parseDouble(PREFIX + "repeatShare", or(p.apply("repeatShare"), "0.5")),
                parseInt(PREFIX + "repeatPool", or(p.apply("repeatPool"), "10")),
                parseInt(PREFIX + "warmUp", or(p.apply("warmUp"), "1")),
                LoadMode.parse(PREFIX + "mode", or(p.apply("mode"), "direct")),
                Arrays.stream(or(p.apply("integrationJvmOptions"), "").split("\\s+"))
                        .filter(s -> !s.isEmpty())
                        .toList(),
                OllamaApi.fromSetting(or(p.apply("api"), "chat")),
                parseBoolean(PREFIX + "stream", or(p.apply("stream"), "true")),
                parseInt(PREFIX + "numPredict", or(p.apply("numPredict"), "64")),
                or(p.apply("prompts"), "builtin"),
                parseInt(PREFIX + "promptTokens", or(p.apply("promptTokens"), "64")),
                parseDuration(PREFIX + "timeout", or(p.apply("timeout"), "120s")),
                parseDuration(PREFIX + "objective.ttft", or(p.apply("objective.ttft"), "0s")),
                parseDuration(PREFIX + "objective.e2e", or(p.apply("objective.e2e"), "0s")),
                parseDuration(PREFIX + "maxDispatchLag", or(p.apply("maxDispatchLag"), "100ms")),
                parseDuration(PREFIX + "maxLoopLag", or(p.apply("maxLoopLag"), "100ms")),
                or(p.apply("emulatorProfiles"), LoadTarget.BUILT_IN_PROFILES),
                or(p.apply("think"), ""));
    }

    /** From the JVM's system properties and environment. */
    public static LoadSettings fromSystem() {
        Map<String, String> properties = new LinkedHashMap<>();
        System.getProperties().forEach((k, v) -> properties.put(k.toString(), v.toString()));
        return from(properties, System.getenv());
    }

    /** Whether the load goes through the integration (alone or paired with the direct path). */
    public boolean throughGateway() {
        return mode != LoadMode.DIRECT;
    }

    /** Every setting by its property name, for metrics.json and the console. */
    public Map<String, String> asMap() {
        Map<String, String> map = new LinkedHashMap<>();
        map.put(PREFIX + "run", runFolder.toString());
        map.put(PREFIX + "metricsFile", metricsFile);
        map.put(PREFIX + "models", String.join(",", models));
        map.put(PREFIX + "users", Integer.toString(users));
        map.put(PREFIX + "rate", Double.toString(ratePerSecond));
        map.put(PREFIX + "rampTo", Double.toString(rampTo));
        map.put(PREFIX + "poisson", Boolean.toString(poisson));
        map.put(PREFIX + "overload", Double.toString(overload));
        map.put(PREFIX + "duration", duration.toString());
        map.put(PREFIX + "window", window.toString());
        map.put(PREFIX + "repeatShare", Double.toString(repeatShare));
        map.put(PREFIX + "repeatPool", Integer.toString(repeatPool));
        map.put(PREFIX + "warmUp", Integer.toString(warmUp));
        map.put(PREFIX + "mode", mode.label());
        map.put(PREFIX + "integrationJvmOptions", String.join(" ", integrationJvmOptions));
        map.put(PREFIX + "api", api.setting());
        map.put(PREFIX + "stream", Boolean.toString(stream));
        map.put(PREFIX + "numPredict", Integer.toString(numPredict));
        map.put(PREFIX + "prompts", prompts);
        map.put(PREFIX + "promptTokens", Integer.toString(promptTokens));
        map.put(PREFIX + "timeout", timeout.toString());
        map.put(PREFIX + "objective.ttft", maxTtft.toString());
        map.put(PREFIX + "objective.e2e", maxE2e.toString());
        map.put(PREFIX + "maxDispatchLag", maxDispatchLag.toString());
        map.put(PREFIX + "maxLoopLag", maxLoopLag.toString());
        map.put(PREFIX + "emulatorProfiles", emulatorProfiles);
        map.put(PREFIX + "think", think);
        return map;
    }

    @Override
    public String toString() {
        return asMap().toString();
    }

    private static String or(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value.trim();
    }

    private static int parseInt(String name, String value) {
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + name + "' must be a whole number, got: " + value);
        }
    }

    private static double parseDouble(String name, String value) {
        try {
            return Double.parseDouble(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + name + "' must be a number, got: " + value);
        }
    }

    /** Durations as {@code 30s}, {@code 500ms}, {@code 2m}, {@code 1h} or ISO-8601 ({@code PT30S}). */
    public static Duration parseDuration(String name, String value) {
        String v = value.trim();
        try {
            if (v.startsWith("PT") || v.startsWith("pt")) {
                return Duration.parse(v);
            }
            if (v.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
            }
            long amount = Long.parseLong(v.substring(0, v.length() - 1));
            switch (v.charAt(v.length() - 1)) {
                case 's':
                    return Duration.ofSeconds(amount);
                case 'm':
                    return Duration.ofMinutes(amount);
                case 'h':
                    return Duration.ofHours(amount);
                default:
                    break;
            }
        } catch (RuntimeException e) {
            // fall through to the message below
        }
        throw new IllegalArgumentException(
                "'" + name + "' must be a duration such as 30s, 500ms, 2m or PT30S, got: " + value);
    }

    private static boolean parseBoolean(String name, String value) {
        if (value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(value);
        }
        throw new IllegalArgumentException("'" + name + "' must be true or false, got: " + value);
    }

    private static void range(String name, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(
                    "'" + PREFIX + name + "' must be between " + min + " and " + max + ", got: " + value);
        }
    }

    private static void positive(String name, Duration value) {
        if (value == null || value.isZero() || value.isNegative()) {
            throw new IllegalArgumentException("'" + PREFIX + name + "' must be > 0, got: " + value);
        }
    }
}
