package dev.ollamaperf.emulator.http;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/** Shared JSON plumbing: one thread-safe mapper, Go-style timestamps, Ollama's error body. */
final class JsonSupport {

    /** Thread-safe once configured; never reconfigured after class initialisation. */
    static final ObjectMapper MAPPER = new ObjectMapper();

    private JsonSupport() {}

    /** Writes one JSON value with a generator; the lambda does the field-by-field work. */
    interface Writer {
        void write(JsonGenerator g) throws IOException;
    }

    static byte[] bytes(Writer writer) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator g = MAPPER.getFactory().createGenerator(out)) {
            writer.write(g);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** {@code {"error":"message"}}, Ollama's error body. */
    static byte[] error(String message) {
        return bytes(g -> {
            g.writeStartObject();
            g.writeStringField("error", message);
            g.writeEndObject();
        });
    }

    /**
     * Go's {@code time.RFC3339Nano} in UTC: nanoseconds with trailing zeros dropped, and no
     * fraction at all when it is zero ({@code 2025-03-01T10:00:00.51Z}). Hand-written because it
     * runs once per streamed token: {@code String.format} and {@code DateTimeFormatter} showed up
     * in profiles of 1,000 concurrent streams.
     */
    static String rfc3339(Instant instant) {
        LocalDateTime t = LocalDateTime.ofEpochSecond(instant.getEpochSecond(), 0, ZoneOffset.UTC);
        StringBuilder sb = new StringBuilder(30);
        pad(sb, t.getYear(), 4).append('-');
        pad(sb, t.getMonthValue(), 2).append('-');
        pad(sb, t.getDayOfMonth(), 2).append('T');
        pad(sb, t.getHour(), 2).append(':');
        pad(sb, t.getMinute(), 2).append(':');
        pad(sb, t.getSecond(), 2);
        int nanos = instant.getNano();
        if (nanos != 0) {
            int digits = 9;
            while (nanos % 10 == 0) {
                nanos /= 10;
                digits--;
            }
            pad(sb.append('.'), nanos, digits);
        }
        return sb.append('Z').toString();
    }

    private static StringBuilder pad(StringBuilder sb, int value, int width) {
        String digits = Integer.toString(value);
        for (int i = digits.length(); i < width; i++) {
            sb.append('0');
        }
        return sb.append(digits);
    }

    /** Go's {@code %q} for the printable strings that reach it here. */
    static String goQuote(String s) {
        return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    /** Writes a field only when non-zero, as Go's {@code omitempty} does for numbers. */
    static void nonZero(JsonGenerator g, String field, long value) throws IOException {
        if (value != 0) {
            g.writeNumberField(field, value);
        }
    }
}
