package dev.ollamaperf.emulator.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Go's time.ParseDuration and Duration.String. */
final class GoDurationTest {

    @ParameterizedTest
    @CsvSource({
        "10m, PT10M",
        "1h30m, PT1H30M",
        "300ms, PT0.3S",
        "6.2s, PT6.2S",
        "-1m, PT-1M",
        "0, PT0S",
        "1.5h, PT1H30M",
        "2us, PT0.000002S",
        "1\u00b5s, PT0.000001S",
        "+5s, PT5S",
        ".5s, PT0.5S"
    })
    void parse_goDurations_giveTheSameValueAsGo(String text, String expected) {
        assertThat(GoDuration.parse(text)).isEqualTo(Duration.parse(expected));
    }

    @ParameterizedTest
    @CsvSource({
        "3600, 'time: missing unit in duration \"3600\"'",
        "-1, 'time: missing unit in duration \"-1\"'",
        "5x, 'time: unknown unit \"x\" in duration \"5x\"'",
        "'', 'time: invalid duration \"\"'",
        "s, 'time: invalid duration \"s\"'",
        "1..2s, 'time: invalid duration \"1..2s\"'"
    })
    void parse_notAGoDuration_failsWithGosMessage(String text, String message) {
        assertThatThrownBy(() -> GoDuration.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(message);
    }

    @ParameterizedTest
    @CsvSource({
        "PT6.2S, 6.2s",
        "PT0.15S, 150ms",
        "PT5M, 5m0s",
        "PT1H30M, 1h30m0s",
        "PT0S, 0s",
        "PT-1M, -1m0s",
        "PT0.0000015S, 1.5\u00b5s"
    })
    void format_durations_spellThemAsGoDoes(String iso, String expected) {
        assertThat(GoDuration.format(Duration.parse(iso))).isEqualTo(expected);
        assertThat(GoDuration.parse(expected)).isEqualTo(Duration.parse(iso));
    }
}
