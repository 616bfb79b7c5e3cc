package dev.ollamaperf.reports.power;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ollamaperf.reports.metric.Direction;
import dev.ollamaperf.reports.metric.Unit;
import org.junit.jupiter.api.Test;

/** How an MDR line reads: in the largest unit that keeps the number at least 1, never a smaller one. */
final class DetectableTest {

    private static Detectable of(String metric, Unit unit, double value, double mdr) {
        return new Detectable(
                metric,
                unit,
                Direction.LOWER_IS_BETTER,
                value,
                new Noise(mdr / 4.48, NoiseSource.HISTORY, 5),
                0.0,
                null,
                mdr,
                Double.NaN);
    }

    @Test
    void describe_bytesAndNanosecondsInLargerUnits() {
        assertThat(of("load.steady.integration.alloc_per_request", Unit.BYTES_PER_OP, 126_000, 30_600)
                        .describe())
                .isEqualTo("load.steady.integration.alloc_per_request +29.9 KB/op (+24%; history, 5 runs)");
        assertThat(of("jmh.B.m.time", Unit.NANOSECONDS_PER_OP, 350_000, 921_000).describe())
                .isEqualTo("jmh.B.m.time +921 us/op (history, 5 runs)");
        assertThat(of("load.steady.integration.heap_after_gc.bytes", Unit.BYTES, 20e6, 97_900)
                        .describe())
                .startsWith("load.steady.integration.heap_after_gc.bytes +95.6 KB (");
    }

    @Test
    void describe_neverASmallerUnit_norAnotherDimension() {
        assertThat(of("load.steady.m.added.inter_token.p50", Unit.MILLISECONDS, 0.1, 0.598)
                        .describe())
                .startsWith("load.steady.m.added.inter_token.p50 +0.598 ms (");
        assertThat(of("jmh.B.m.alloc", Unit.BYTES_PER_OP, 16, 3.84).describe())
                .startsWith("jmh.B.m.alloc +3.84 B/op (");
        assertThat(of("load.steady.m.output_tps.mean", Unit.TOKENS_PER_SECOND, 20, 2000)
                        .describe())
                .startsWith("load.steady.m.output_tps.mean +2000 tokens/s (");
    }
}
