package dev.ollamaperf.emulator.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The pre-encoded token chunk must be the field-by-field chunk, byte for byte, for any token and time. */
final class TokenChunkTemplateTest {

    private static final List<String> TOKENS = List.of(
            "Hello",
            " world",
            "",
            "a\"b",
            "back\\slash",
            "line\nbreak\ttab\r",
            "\u0001\u001f",
            "café",
            "日本",
            "😀",
            "</script>&",
            "\u2028");

    private static final List<String> INSTANTS = List.of(
            "2025-03-01T10:00:00Z",
            "2025-03-01T10:00:00.51Z",
            "2025-03-01T10:00:00.000000001Z",
            "2025-03-01T10:00:00.999999999Z",
            "2025-03-01T10:00:01.1Z", // a new second: the cached date part is rebuilt
            "2025-03-01T10:00:00.123456Z", // and an earlier one again
            "0999-12-31T23:59:59.5Z",
            "+10000-01-01T00:00:00.25Z");

    @ParameterizedTest
    @EnumSource(NativeFormat.Shape.class)
    void tokenChunk_anyTokenAndInstant_isTheGeneratorsChunkByteForByte(NativeFormat.Shape shape) {
        for (String model : List.of("llama3.2:latest", "od\"d/model\\x")) {
            MutableClock clock = new MutableClock();
            NativeFormat format = new NativeFormat(shape, model, clock, true);
            for (String instant : INSTANTS) {
                clock.now = Instant.parse(instant);
                for (String token : TOKENS) {
                    String fast = new String(format.tokenChunk(token, false), StandardCharsets.UTF_8);
                    String reference =
                            new String(format.chunk(new Reply(token, "", List.of())), StandardCharsets.UTF_8);
                    assertThat(fast)
                            .as("%s %s %s", shape, instant, token)
                            .isEqualTo(reference)
                            .endsWith("\"done\":false}\n");
                }
            }
        }
    }

    /** A clock the test moves, also backwards. */
    private static final class MutableClock extends Clock {
        Instant now = Instant.EPOCH;

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
