package dev.ollamaperf.load.session;

import dev.ollamaperf.load.run.LoadSettings;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The session workload's own parameters (models, prompts, users, duration and the rest are the usual
 * {@link LoadSettings}), read once from {@code ollama.perf.*} properties. A range {@code a-b} is drawn uniformly.
 *
 * @param minTurns           {@code ollama.perf.turns}: the fewest turns a conversation has (1..1000)
 * @param maxTurns           the most (at least {@code minTurns}; equal for a fixed count)
 * @param minThink           {@code ollama.perf.thinkTime}: the shortest pause of a user between an answer and its next
 *                           turn (zero: none)
 * @param maxThink           the longest (at least {@code minThink})
 * @param systemPromptTokens {@code ollama.perf.systemPromptTokens}: length of the system prompt every conversation of
 *                           every user starts with, in tokens (about one per word); 0: none
 */
public record SessionSettings(
        int minTurns, int maxTurns, Duration minThink, Duration maxThink, int systemPromptTokens) {

    /** The default of {@code ollama.perf.turns}. */
    public static final String DEFAULT_TURNS = "5";
    /** The default of {@code ollama.perf.thinkTime}. */
    public static final String DEFAULT_THINK_TIME = "1s";

    private static final int MAX_TURNS = 1000;

    public SessionSettings {
        if (minTurns < 1 || maxTurns > MAX_TURNS || maxTurns < minTurns) {
            throw new IllegalArgumentException("'" + LoadSettings.PREFIX + "turns' must be a count or a range a-b"
                    + " with 1 <= a <= b <= " + MAX_TURNS + ", got: " + turnsText(minTurns, maxTurns));
        }
        if (minThink.isNegative() || maxThink.compareTo(minThink) < 0) {
            throw new IllegalArgumentException("'" + LoadSettings.PREFIX + "thinkTime' must be a duration or a range"
                    + " a-b with 0 <= a <= b, got: " + minThink + "-" + maxThink);
        }
        if (systemPromptTokens < 0 || systemPromptTokens > 200_000) {
            throw new IllegalArgumentException("'" + LoadSettings.PREFIX
                    + "systemPromptTokens' must be between 0 and 200000, got: " + systemPromptTokens);
        }
    }

    /** Reads {@code ollama.perf.turns}, {@code thinkTime} and {@code systemPromptTokens} from {@code properties}. */
    public static SessionSettings from(Map<String, String> properties) {
        String turns = get(properties, "turns", DEFAULT_TURNS);
        String think = get(properties, "thinkTime", DEFAULT_THINK_TIME);
        String[] t = range(turns);
        String[] d = range(think);
        String systemPrompt = get(properties, "systemPromptTokens", "0");
        try {
            return new SessionSettings(
                    Integer.parseInt(t[0]),
                    Integer.parseInt(t[1]),
                    LoadSettings.parseDuration(LoadSettings.PREFIX + "thinkTime", d[0]),
                    LoadSettings.parseDuration(LoadSettings.PREFIX + "thinkTime", d[1]),
                    Integer.parseInt(systemPrompt));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + LoadSettings.PREFIX + "turns' must be a count such as 5 or a"
                    + " range such as 3-8, and 'systemPromptTokens' a whole number, got: turns=" + turns
                    + ", systemPromptTokens=" + systemPrompt);
        }
    }

    /** How many turns a conversation has, drawn from {@code random}. */
    public int drawTurns(SplittableRandom random) {
        return minTurns == maxTurns ? minTurns : minTurns + random.nextInt(maxTurns - minTurns + 1);
    }

    /** The settings by property name, for metrics.json and the console (the range's form as typed). */
    public Map<String, String> asMap() {
        Map<String, String> map = new LinkedHashMap<>();
        map.put(LoadSettings.PREFIX + "turns", turnsText(minTurns, maxTurns));
        map.put(
                LoadSettings.PREFIX + "thinkTime",
                minThink.equals(maxThink) ? minThink.toString() : minThink + "-" + maxThink);
        map.put(LoadSettings.PREFIX + "systemPromptTokens", Integer.toString(systemPromptTokens));
        return map;
    }

    @Override
    public String toString() {
        return asMap().toString();
    }

    private static String turnsText(int min, int max) {
        return min == max ? Integer.toString(min) : min + "-" + max;
    }

    /** {@code "a-b"} as {@code [a, b]}, a single value as {@code [v, v]}. */
    private static String[] range(String value) {
        int dash = value.indexOf('-');
        return dash <= 0
                ? new String[] {value, value}
                : new String[] {
                    value.substring(0, dash).trim(), value.substring(dash + 1).trim()
                };
    }

    private static String get(Map<String, String> properties, String name, String fallback) {
        String value = properties.get(LoadSettings.PREFIX + name);
        return value == null || value.isBlank() ? fallback : value.trim();
    }
}
