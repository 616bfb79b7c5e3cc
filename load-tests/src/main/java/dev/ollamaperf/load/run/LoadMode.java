package dev.ollamaperf.load.run;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Where a scenario's requests go ({@code ollama.perf.mode}). */
public enum LoadMode {
    /** Straight at Ollama: what the server alone does. */
    DIRECT,
    /** Through the integration (the gateway, in a JVM of its own): what the application's users see. */
    GATEWAY,
    /**
     * Both, alternating request by request with the same prompt (which goes first alternates too), so machine
     * drift hits both alike: each phase {@code x} then measures the integration, {@code x_direct} the direct path,
     * and each pair's difference is what the integration adds.
     */
    PAIRED;

    /** The setting's spelling, e.g. {@code paired}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    static LoadMode parse(String setting, String value) {
        return Arrays.stream(values())
                .filter(mode -> mode.label().equals(value))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("'" + setting + "' must be one of "
                        + Arrays.stream(values()).map(LoadMode::label).collect(Collectors.joining(", "))
                        + ", got: " + value));
    }
}
