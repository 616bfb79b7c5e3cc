package dev.ollamaperf.results;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/** A model's conversation turns: what a turn may hold, and how two injectors' turns add up. */
final class TurnMetricsTest {

    @Test
    void turn_okAboveRequests_isRefusedNamingTheTurn() {
        assertThatThrownBy(() -> new TurnMetrics(2, 3, 4, Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("turn 2 'ok' must be <= requests (3), got: 4");
    }

    @Test
    void turn_zero_isRefused() {
        assertThatThrownBy(() -> new TurnMetrics(0, 1, 1, Map.of())).hasMessage("'turns.turn' must be >= 1, got: 0");
    }

    @Test
    void turn_promptTokensInNanoseconds_isRefusedNamingTheUnit() {
        assertThatThrownBy(() -> new TurnMetrics(1, 1, 1, Map.of("prompt_tokens", histogram("ns", 120))))
                .hasMessage("turn 1 histogram 'prompt_tokens' unit must be 'tokens', got: ns");
    }

    @Test
    void turn_unknownHistogram_isRefused() {
        assertThatThrownBy(() -> new TurnMetrics(1, 1, 1, Map.of("inter_token", histogram("ns", 5))))
                .hasMessageStartingWith("turn 1 histogram name must be one of");
    }

    @Test
    void model_turnsOutOfOrder_isRefused() {
        assertThatThrownBy(() -> new ModelMetrics(
                        "m",
                        new Counters(2, 2, Map.of(), 2),
                        0,
                        Map.of(),
                        List.of(new TurnMetrics(2, 1, 1, Map.of()), new TurnMetrics(1, 1, 1, Map.of()))))
                .hasMessageContaining("'turns' must be in increasing turn order");
    }

    @Test
    void modelPlus_twoInjectors_addsTurnsByIndexAndHistograms() {
        ModelMetrics a = model(
                new TurnMetrics(1, 2, 2, Map.of("prompt_tokens", histogram("tokens", 100, 110))),
                new TurnMetrics(2, 1, 1, Map.of()));
        ModelMetrics b = model(new TurnMetrics(1, 1, 1, Map.of("prompt_tokens", histogram("tokens", 120))));

        List<TurnMetrics> sum = a.plus(b).turns();

        assertThat(sum).extracting(TurnMetrics::turn).containsExactly(1, 2);
        assertThat(sum.get(0).requests()).isEqualTo(3);
        assertThat(sum.get(0).histograms().get("prompt_tokens").decode().getMaxValue())
                .isEqualTo(120);
        assertThat(sum.get(1).requests()).isEqualTo(1);
    }

    @Test
    void model_withoutTurns_hasNone() {
        assertThat(new ModelMetrics("m", new Counters(0, 0, Map.of(), 0), 0, Map.of()).turns())
                .isEmpty();
    }

    private static ModelMetrics model(TurnMetrics... turns) {
        long requests = List.of(turns).stream().mapToLong(TurnMetrics::requests).sum();
        return new ModelMetrics("m", new Counters(requests, requests, Map.of(), 0), 0, Map.of(), List.of(turns));
    }

    private static HistogramData histogram(String unit, long... values) {
        Histogram h = new Histogram(3);
        for (long v : values) {
            h.recordValue(v);
        }
        return HistogramData.of(h, unit);
    }
}
