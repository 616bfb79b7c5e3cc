package dev.ollamaperf.load.session;

import dev.ollamaperf.load.run.LoadMode;
import dev.ollamaperf.load.run.LoadSettings;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What the steady, arrival, capacity and model-comparison scenarios send ({@code ollama.perf.workload}): independent
 * single requests (the default), or chat sessions whose turns carry the growing history (docs/workloads.md).
 */
public enum Workload {
    /** Each request one prompt of the prompt set, independent of the others. */
    SINGLE,
    /**
     * Conversations of {@code turns} turns with {@code thinkTime} between them ({@link SessionSettings}): a closed
     * model's user holds one after another, an open model's arrival starts one.
     */
    SESSION;

    /** The property that chooses it. */
    public static final String PROPERTY = LoadSettings.PREFIX + "workload";

    /** The setting's spelling, e.g. {@code session}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Reads {@code ollama.perf.workload} (default {@code single}).
     *
     * @param mode the run's {@code ollama.perf.mode}: a paired run cannot hold sessions (the two paths of a pair
     *             would need one history)
     * @throws IllegalArgumentException naming the property, the values it takes and the value given
     */
    public static Workload from(Map<String, String> properties, LoadMode mode) {
        String value = properties.getOrDefault(PROPERTY, "").trim();
        Workload workload = value.isEmpty()
                ? SINGLE
                : Arrays.stream(values())
                        .filter(w -> w.label().equals(value))
                        .findFirst()
                        .orElseThrow(() -> new IllegalArgumentException("'" + PROPERTY + "' must be one of "
                                + Arrays.stream(values()).map(Workload::label).collect(Collectors.joining(", "))
                                + ", got: " + value));
        if (workload == SESSION && mode == LoadMode.PAIRED) {
            throw new IllegalArgumentException("'" + PROPERTY + "' session cannot run with '" + LoadSettings.PREFIX
                    + "mode' paired (the two paths of a pair would need one history): use direct or gateway");
        }
        return workload;
    }
}
