package dev.ollamaperf.load.run;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The replay scenario's own settings, read from system properties beside {@link LoadSettings} (kept apart so the
 * shared settings record does not grow fields only one scenario reads).
 *
 * @param trace    the traffic log to replay ({@code ollama.perf.replay.trace}; {@code perf load replay --trace})
 * @param speed    how much faster than recorded: each line's offset from the first is divided by it, 0.01..1000;
 *                 default 1
 * @param limit    the replay stops sending at this offset (after dividing by speed); zero: the whole trace
 * @param modelMap recorded model name to the model to ask instead ({@code a=b,c=d}); others are asked as recorded
 */
public record ReplaySettings(Path trace, double speed, Duration limit, Map<String, String> modelMap) {

    public static final String TRACE = LoadSettings.PREFIX + "replay.trace";
    public static final String SPEED = LoadSettings.PREFIX + "replay.speed";
    public static final String LIMIT = LoadSettings.PREFIX + "replay.limit";
    public static final String MODEL_MAP = LoadSettings.PREFIX + "replay.modelMap";
    public static final double DEFAULT_SPEED = 1.0;
    public static final Duration DEFAULT_LIMIT = Duration.ZERO;

    public ReplaySettings {
        Objects.requireNonNull(trace, "trace");
        if (!(speed >= 0.01 && speed <= 1000)) {
            throw new IllegalArgumentException("'" + SPEED + "' must be between 0.01 and 1000, got: " + speed);
        }
        Objects.requireNonNull(limit, "limit");
        if (limit.isNegative()) {
            throw new IllegalArgumentException("'" + LIMIT + "' must be 0 (no limit) or more, got: " + limit);
        }
        modelMap = Map.copyOf(modelMap);
    }

    /**
     * Reads the settings from {@code properties}.
     *
     * @throws IllegalArgumentException naming the property, the rule and the value
     */
    public static ReplaySettings from(Map<String, String> properties) {
        String trace = properties.get(TRACE);
        if (trace == null || trace.isBlank()) {
            throw new IllegalArgumentException(
                    "the replay scenario needs a trace: '" + TRACE + "' (perf load replay --trace FILE) must name a"
                            + " traffic log (gateway/README.md, OLLAMA_TRAFFIC_LOG)");
        }
        String speed =
                properties.getOrDefault(SPEED, Double.toString(DEFAULT_SPEED)).trim();
        double parsedSpeed;
        try {
            parsedSpeed = Double.parseDouble(speed);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + SPEED + "' must be a number, got: " + speed, e);
        }
        String limit = properties.get(LIMIT);
        return new ReplaySettings(
                Path.of(trace.trim()),
                parsedSpeed,
                limit == null || limit.isBlank() ? DEFAULT_LIMIT : LoadSettings.parseDuration(LIMIT, limit),
                modelMap(properties.getOrDefault(MODEL_MAP, "")));
    }

    /** {@code a=b,c=d} as a map; blank: empty. */
    static Map<String, String> modelMap(String setting) {
        Map<String, String> map = new LinkedHashMap<>();
        for (String pair : setting.split(",", -1)) {
            if (pair.isBlank()) {
                continue;
            }
            int eq = pair.indexOf('=');
            if (eq <= 0 || eq == pair.length() - 1 || pair.indexOf('=', eq + 1) >= 0) {
                throw new IllegalArgumentException(
                        "'" + MODEL_MAP + "' must be RECORDED=REPLAYED pairs separated by commas, got: '" + pair + "'");
            }
            map.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
        }
        return map;
    }

    /** The model to ask for a recorded one. */
    public String mapped(String recorded) {
        return modelMap.getOrDefault(recorded, recorded);
    }

    /** The settings by property name, for the console. */
    public Map<String, String> asMap() {
        Map<String, String> map = new LinkedHashMap<>();
        map.put(TRACE, trace.toString());
        map.put(SPEED, Double.toString(speed));
        map.put(LIMIT, limit.toString());
        map.put(
                MODEL_MAP,
                String.join(
                        ",",
                        modelMap.entrySet().stream()
                                .map(e -> e.getKey() + "=" + e.getValue())
                                .sorted()
                                .toList()));
        return map;
    }
}
