package dev.ollamaperf.client.internal.cache;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Ollama's {@code created_at} format: RFC 3339 in UTC with nanoseconds, trailing zeros dropped. */
public final class OllamaTime {

    private static final DateTimeFormatter SECONDS =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC);

    private OllamaTime() {}

    /** {@code 2025-03-01T10:00:00.51Z} for 510 ms past the second; no fraction when it is zero. */
    public static String format(Instant instant) {
        StringBuilder text = new StringBuilder(32).append(SECONDS.format(instant));
        int nanos = instant.getNano();
        if (nanos != 0) {
            String fraction = String.format("%09d", nanos);
            int end = fraction.length();
            while (fraction.charAt(end - 1) == '0') {
                end--;
            }
            text.append('.').append(fraction, 0, end);
        }
        return text.append('Z').toString();
    }
}
