package dev.ollamaperf.load.capacity;

import java.time.Duration;

/** Durations as the other {@code ollama.perf.*} settings write them: 30s, 500ms, 2m, 1h or PT30S. */
final class Durations {

    private Durations() {
    }

    static Duration parse(String name, String value) {
        String v = value.trim();
        try {
            if (v.regionMatches(true, 0, "PT", 0, 2)) {
                return Duration.parse(v);
            }
            if (v.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
            }
            long amount = Long.parseLong(v.substring(0, v.length() - 1));
            switch (v.charAt(v.length() - 1)) {
                case 's': return Duration.ofSeconds(amount);
                case 'm': return Duration.ofMinutes(amount);
                case 'h': return Duration.ofHours(amount);
                default: break;
            }
        } catch (RuntimeException e) {
            // fall through to the message below
        }
        throw new IllegalArgumentException("'" + name + "' must be a duration such as 30s, 500ms, 2m or PT30S, got: "
                + value);
    }
}
