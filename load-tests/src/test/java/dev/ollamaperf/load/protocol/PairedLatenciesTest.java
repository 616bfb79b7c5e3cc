package dev.ollamaperf.load.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ollamaperf.results.IntegrationMetrics.PairedLatency;
import java.util.List;
import org.junit.jupiter.api.Test;

final class PairedLatenciesTest {

    @Test
    void route_pairsConsecutiveRequestsAndAlternatesWhichPathGoesFirst() {
        assertThat(List.of(Route.of(0), Route.of(1), Route.of(2), Route.of(3), Route.of(4)))
                .containsExactly(
                        new Route(0, false),
                        new Route(0, true),
                        new Route(1, true),
                        new Route(1, false),
                        new Route(2, false));
    }

    @Test
    void record_bothHalvesInEitherOrder_keepsIntegrationMinusDirect() {
        PairedLatencies pairs = new PairedLatencies();

        pairs.record(new Route(0, true), ok(100, 1_000, new long[] {10, 12, 14}));
        pairs.record(new Route(0, false), ok(130, 1_050, new long[] {11, 13, 15}));
        pairs.record(new Route(1, false), ok(120, 1_000, new long[] {10}));
        pairs.record(new Route(1, true), ok(100, 1_010, new long[] {10}));

        assertThat(pairs.snapshot())
                .containsExactly(
                        new PairedLatency("m", "e2e", List.of(50L, -10L)),
                        new PairedLatency("m", "inter_token", List.of(1L, 0L)),
                        new PairedLatency("m", "ttft", List.of(30L, 20L)));
    }

    @Test
    void record_aFailedHalfOrAPairStillWaiting_countsNoDifference() {
        PairedLatencies pairs = new PairedLatencies();

        pairs.record(new Route(0, true), ok(100, 1_000, new long[] {10}));
        pairs.record(new Route(0, false), failed());
        pairs.record(new Route(1, false), ok(100, 1_000, new long[] {10}));

        assertThat(pairs.snapshot()).isEmpty();
    }

    private static StreamObservation ok(long ttft, long e2e, long[] gaps) {
        return new StreamObservation("m", 0, 0, ttft, e2e, gaps.length + 1, gaps, null, RequestOutcome.OK, 200, null);
    }

    private static StreamObservation failed() {
        return new StreamObservation("m", 0, 0, -1, 5, 0, new long[0], null, RequestOutcome.HTTP_ERROR, 503, "busy");
    }
}
