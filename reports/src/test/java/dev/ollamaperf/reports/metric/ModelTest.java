package dev.ollamaperf.reports.metric;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

final class ModelTest {

    @ParameterizedTest
    @CsvSource({
        "1500, ms, s, 1.5",
        "1, s, ns, 1e9",
        "2, KB, B, 2048",
        "1, ops/ms, ops/s, 1000",
        "250, us/op, ns/op, 250000",
        "5, %, ratio, 0.05",
        "45300, mtok/s, tokens/s, 45.3"
    })
    void convert_sameDimension_scales(double value, String from, String to, double expected) {
        assertThat(Unit.parse(from).convert(value, Unit.parse(to))).isCloseTo(expected, within(1e-9 * expected));
    }

    @Test
    void convert_differentDimensions_failsNamingBoth() {
        assertThatThrownBy(() -> Unit.MILLISECONDS.convert(1, Unit.BYTES))
                .hasMessage("unit 'ms' (TIME) cannot be converted to 'B' (BYTES)");
    }

    @Test
    void parse_unknownUnit_failsListingKnown() {
        assertThatThrownBy(() -> Unit.parse("furlongs"))
                .hasMessageStartingWith("unknown unit 'furlongs'; known: ns, us");
    }

    @Test
    void statistic_codes_roundTrip() {
        assertThat(Statistic.parse("p99.9").code()).isEqualTo("p99.9");
        assertThat(Statistic.parse("p95")).isEqualTo(Statistic.percentile(95));
        assertThat(Statistic.parse("mean")).isEqualTo(Statistic.MEAN);
        assertThatThrownBy(() -> Statistic.parse("median")).hasMessageContaining("'median'");
    }

    @Test
    void z_knownConfidences_matchTables() {
        assertThat(Intervals.z(0.95)).isCloseTo(1.95996, within(1e-4));
        assertThat(Intervals.z(0.99)).isCloseTo(2.57583, within(1e-4));
        assertThat(Intervals.z(0.999)).isCloseTo(3.29053, within(1e-4));
    }

    @Test
    void wilson_zeroOfThousand_upperBoundAboveZero() {
        Interval i = Intervals.wilson(0, 1000, 0.99);
        assertThat(i.low()).isZero();
        assertThat(i.high()).isBetween(0.001, 0.01);
    }

    @Test
    void percentileInterval_uniformSamples_bracketsTrueQuantile() {
        Histogram h = new Histogram(1_000_000, 3);
        for (int v = 1; v <= 100_000; v++) {
            h.recordValue(v);
        }
        Interval i = Intervals.percentile(h, 95, 0.99);
        assertThat(i.low()).isLessThanOrEqualTo(95_000).isGreaterThan(94_000);
        assertThat(i.high()).isGreaterThanOrEqualTo(95_000).isLessThan(96_000);
    }

    @Test
    void histogram_encodeDecode_roundTrips() {
        Histogram h = new Histogram(3);
        h.recordValue(12_345);
        h.recordValue(67_890);
        Histogram back = EncodedHistogram.encode(h, Unit.NANOSECONDS).decode();
        assertThat(back).isEqualTo(h);
    }

    @Test
    void runResult_duplicateNames_fails() {
        Metric m = Metric.of("a.b", Unit.COUNT, Direction.HIGHER_IS_BETTER, 1, "x");
        assertThatThrownBy(() -> new RunResult("r", Instant.EPOCH, Map.of(), List.of(m, m), RunStatus.VALID, List.of()))
                .hasMessage("run 'r' has two metrics named 'a.b'");
    }

    @Test
    void runResult_invalidWithoutReason_fails() {
        assertThatThrownBy(() -> new RunResult("r", Instant.EPOCH, Map.of(), List.of(), RunStatus.INVALID, List.of()))
                .hasMessageContaining("INVALID");
    }
}
