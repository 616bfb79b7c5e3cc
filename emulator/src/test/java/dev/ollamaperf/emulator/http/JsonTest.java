package dev.ollamaperf.emulator.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

final class JsonTest {

    @ParameterizedTest
    @CsvSource({
        "2025-03-01T10:00:00.510000000Z, 2025-03-01T10:00:00.51Z",
        "2025-03-01T10:00:00Z,           2025-03-01T10:00:00Z",
        "2025-03-01T10:00:00.000000001Z, 2025-03-01T10:00:00.000000001Z",
        "2025-03-01T10:00:00.123456Z,    2025-03-01T10:00:00.123456Z",
        "2318-01-09T08:05:03.000000100Z, 2318-01-09T08:05:03.0000001Z",
        "0999-12-31T23:59:59.5Z,         0999-12-31T23:59:59.5Z",
    })
    void rfc3339_anyInstant_isGoRfc3339NanoInUtcWithTrailingZerosDropped(String instant, String expected) {
        assertThat(JsonSupport.rfc3339(Instant.parse(instant))).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {"x|\"x\"", "a\"b|\"a\\\"b\""})
    void goQuote_text_isQuotedAndEscapedLikeGo(String text, String expected) {
        assertThat(JsonSupport.goQuote(text)).isEqualTo(expected);
    }
}
