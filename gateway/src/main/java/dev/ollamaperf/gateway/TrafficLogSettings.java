package dev.ollamaperf.gateway;

import java.nio.file.Path;
import java.util.Map;

/**
 * Whether and where the gateway logs its model requests ({@link TrafficLog}): off unless {@value #FILE_VARIABLE}
 * names a file.
 *
 * @param file where to append one line per model request; null when the log is off
 * @param text whether the lines carry the messages and the answer text ({@value #TEXT_VARIABLE}); default false, so
 *             a traffic log holds no prompt or answer unless asked
 */
public record TrafficLogSettings(Path file, boolean text) {

    /** The environment variable naming the traffic log file; unset or empty: no log. */
    public static final String FILE_VARIABLE = "OLLAMA_TRAFFIC_LOG";
    /** The environment variable switching the text on: {@code true} or {@code false}. */
    public static final String TEXT_VARIABLE = "OLLAMA_TRAFFIC_LOG_TEXT";

    public static final boolean DEFAULT_TEXT = false;
    /** No traffic log. */
    public static final TrafficLogSettings OFF = new TrafficLogSettings(null, DEFAULT_TEXT);

    public TrafficLogSettings {
        if (file == null && text) {
            throw new IllegalArgumentException(
                    "'" + TEXT_VARIABLE + "' is true but '" + FILE_VARIABLE + "' is not set: name the log file too");
        }
    }

    /** Whether a log is written. */
    public boolean enabled() {
        return file != null;
    }

    /**
     * The settings {@code env} gives.
     *
     * @throws IllegalArgumentException naming the variable and the value when it is not understood
     */
    public static TrafficLogSettings fromEnvironment(Map<String, String> env) {
        String file = env.get(FILE_VARIABLE);
        String text = env.get(TEXT_VARIABLE);
        boolean withText = DEFAULT_TEXT;
        if (text != null && !text.isEmpty()) {
            if (!text.equals("true") && !text.equals("false")) {
                throw new IllegalArgumentException(
                        "'" + TEXT_VARIABLE + "' must be true or false, got: '" + text + "'");
            }
            withText = Boolean.parseBoolean(text);
        }
        return new TrafficLogSettings(file == null || file.isEmpty() ? null : Path.of(file), withText);
    }

    @Override
    public String toString() {
        return enabled() ? "traffic log " + file + (text ? " (with prompt and answer text)" : " (no text)") : "off";
    }
}
