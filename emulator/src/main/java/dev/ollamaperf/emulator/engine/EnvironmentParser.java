package dev.ollamaperf.emulator.engine;

import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Ollama's {@code envconfig} parsing rules (docs/ollama-api.md §3.1), kept apart from the record
 * they fill. {@code Var} strips spaces, then quotes; {@code Uint} variables use Go's
 * {@code strconv.ParseUint} and fall back to the default with a warning; {@code KeepAlive} tries a
 * Go duration, then bare integer seconds, else keeps 5m.
 */
final class EnvironmentParser {

    private EnvironmentParser() {}

    static EngineSettings parse(Map<String, String> env, EngineSettings.Builder builder) {
        List<String> warnings = new ArrayList<>();
        int numParallel = uint(env, EngineSettings.NUM_PARALLEL, EngineSettings.DEFAULT_NUM_PARALLEL, warnings);
        builder.numParallel(Math.max(1, numParallel));
        builder.maxQueue(uint(env, EngineSettings.MAX_QUEUE, EngineSettings.DEFAULT_MAX_QUEUE, warnings));
        builder.maxLoadedModels(
                uint(env, EngineSettings.MAX_LOADED_MODELS, EngineSettings.DEFAULT_MAX_LOADED_MODELS, warnings));
        builder.contextLength(
                uint(env, EngineSettings.CONTEXT_LENGTH, EngineSettings.DEFAULT_CONTEXT_LENGTH, warnings));
        builder.defaultKeepAlive(keepAlive(env, warnings));
        return builder.warnings(warnings).build();
    }

    /** Ollama's {@code envconfig.Var}: trim spaces, then quotes. */
    static String var(Map<String, String> env, String key) {
        String raw = env.get(key);
        if (raw == null) {
            return "";
        }
        return trim(raw.strip(), "\"'");
    }

    private static String trim(String s, String cut) {
        int start = 0;
        int end = s.length();
        while (start < end && cut.indexOf(s.charAt(start)) >= 0) {
            start++;
        }
        while (end > start && cut.indexOf(s.charAt(end - 1)) >= 0) {
            end--;
        }
        return s.substring(start, end);
    }

    private static int uint(Map<String, String> env, String key, int defaultValue, List<String> warnings) {
        String s = var(env, key);
        if (s.isEmpty()) {
            return defaultValue;
        }
        if (!s.chars().allMatch(c -> c >= '0' && c <= '9')) {
            warnings.add(invalid(key, s, defaultValue, "must be a whole number of 0 or more"));
            return defaultValue;
        }
        BigInteger value = new BigInteger(s);
        if (value.compareTo(BigInteger.valueOf(Integer.MAX_VALUE)) > 0) {
            warnings.add(invalid(key, s, defaultValue, "must be at most " + Integer.MAX_VALUE));
            return defaultValue;
        }
        return value.intValue();
    }

    private static Duration keepAlive(Map<String, String> env, List<String> warnings) {
        String s = var(env, EngineSettings.KEEP_ALIVE);
        Duration result = EngineSettings.DEFAULT_KEEP_ALIVE;
        if (!s.isEmpty()) {
            try {
                result = GoDuration.parse(s);
            } catch (IllegalArgumentException notDuration) {
                try {
                    result = Duration.ofSeconds(Long.parseLong(s));
                } catch (NumberFormatException | ArithmeticException notSeconds) {
                    warnings.add(invalid(
                            EngineSettings.KEEP_ALIVE,
                            s,
                            "5m",
                            "must be a Go duration such as \"10m\" or whole seconds such as \"3600\""));
                }
            }
        }
        return result.isNegative() ? GoDuration.FOREVER : result;
    }

    private static String invalid(String key, String value, Object defaultValue, String rule) {
        return "invalid environment variable, using default: '" + key + "' " + rule + ", got: \"" + value
                + "\"; default: " + defaultValue;
    }
}
