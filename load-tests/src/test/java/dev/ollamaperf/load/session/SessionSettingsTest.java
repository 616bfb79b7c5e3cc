package dev.ollamaperf.load.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

final class SessionSettingsTest {

    @Test
    void from_nothingSet_fiveTurnsOneSecondNoSystemPrompt() {
        SessionSettings settings = SessionSettings.from(Map.of());

        assertThat(settings).isEqualTo(new SessionSettings(5, 5, Duration.ofSeconds(1), Duration.ofSeconds(1), 0));
        assertThat(settings.asMap())
                .containsEntry("ollama.perf.turns", "5")
                .containsEntry("ollama.perf.thinkTime", "PT1S")
                .containsEntry("ollama.perf.systemPromptTokens", "0");
    }

    @Test
    void from_ranges_readsBothEnds() {
        SessionSettings settings = SessionSettings.from(Map.of(
                "ollama.perf.turns", "3-8",
                "ollama.perf.thinkTime", "500ms-3s",
                "ollama.perf.systemPromptTokens", "400"));

        assertThat(settings).isEqualTo(new SessionSettings(3, 8, Duration.ofMillis(500), Duration.ofSeconds(3), 400));
        assertThat(settings.asMap())
                .containsEntry("ollama.perf.turns", "3-8")
                .containsEntry("ollama.perf.thinkTime", "PT0.5S-PT3S");
    }

    @Test
    void drawTurns_range_staysInItAndReachesBothEnds() {
        SessionSettings settings = SessionSettings.from(Map.of("ollama.perf.turns", "3-5"));
        Set<Integer> drawn = new HashSet<>();
        for (long n = 0; n < 200; n++) {
            drawn.add(settings.drawTurns(new SplittableRandom(n)));
        }
        assertThat(drawn).containsExactlyInAnyOrder(3, 4, 5);
    }

    @Test
    void from_turnsBackwards_isRefusedNamingTheSetting() {
        assertThatThrownBy(() -> SessionSettings.from(Map.of("ollama.perf.turns", "8-3")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'ollama.perf.turns' must be a count or a range a-b with 1 <= a <= b <= 1000, got: 8-3");
    }

    @Test
    void from_turnsNotANumber_isRefused() {
        assertThatThrownBy(() -> SessionSettings.from(Map.of("ollama.perf.turns", "many")))
                .hasMessageStartingWith("'ollama.perf.turns' must be a count such as 5 or a range such as 3-8");
    }

    @Test
    void from_thinkTimeBadDuration_isRefusedNamingTheSetting() {
        assertThatThrownBy(() -> SessionSettings.from(Map.of("ollama.perf.thinkTime", "1s-soon")))
                .hasMessageStartingWith("'ollama.perf.thinkTime' must be a duration");
    }
}
