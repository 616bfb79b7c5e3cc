package dev.ollamaperf.results;

import static dev.ollamaperf.results.LoadMetricsFixtures.point;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The optional {@code timeseries} of a scenario: reading, strict validation, and merging injectors by time. */
@Timeout(30)
final class TimeSeriesTest {

    /** Injector a: 100 ok requests, 10,000 tokens, in two 1 s buckets from 10:00:00. */
    private static final TimeSeries A = new TimeSeries(
            1_000,
            "2026-11-26T10:00:00Z",
            List.of(
                    point(0, 60, 50, 0, 5_000, 10, 10, 1_000_000L, 1_200_000L),
                    point(1_000, 40, 50, 0, 5_000, 10, 0, 1_000_000L, 1_000_000L)));
    /** Injector b: 50 ok and 5 failed requests, 5,000 tokens, from 10:00:01. */
    private static final TimeSeries B = new TimeSeries(
            1_000,
            "2026-11-26T10:00:01Z",
            List.of(point(0, 55, 25, 5, 2_500, 30, 25, 9_000_000L, 9_000_000L), point(1_000, 0, 25, 0, 2_500, 25, 0)));

    @TempDir
    Path dir;

    @Test
    void loadMetrics_withTimeseries_roundTripsAndOmitsAbsentTtft() throws IOException {
        LoadMetrics written = LoadMetricsFixtures.withSeries(LoadMetricsFixtures.file("a", 1_000_000, 100, 0), A);
        Path file = dir.resolve("metrics.json");

        FormatFiles.writeLoadMetrics(written, file);

        assertThat(FormatFiles.readLoadMetrics(file)).isEqualTo(written);
        assertThat(Files.readString(file))
                .contains(
                        "\"timeseries\"",
                        "\"step_ms\" : 1000",
                        "\"t_ms\" : 1000",
                        "\"active_max\"",
                        "\"ttft_p95_ns\" : 1200000");
    }

    @Test
    void loadMetrics_withoutTimeseries_readsAsNoneAndWritesNoField() throws IOException {
        Path file = dir.resolve("metrics.json");
        FormatFiles.writeLoadMetrics(LoadMetricsFixtures.file("a", 1_000_000, 100, 0), file);

        assertThat(Files.readString(file)).doesNotContain("timeseries");
        assertThat(FormatFiles.readLoadMetrics(file).scenarios().get(0).timeseries())
                .isNull();
    }

    @Test
    void readLoadMetrics_activeEndNotMatchingTheCounts_failsNamingFileAndPoint() throws IOException {
        Path file = dir.resolve("metrics.json");
        FormatFiles.writeLoadMetrics(
                LoadMetricsFixtures.withSeries(LoadMetricsFixtures.file("a", 1_000_000, 100, 0), A), file);
        Files.writeString(file, Files.readString(file).replace("\"active_end\" : 0", "\"active_end\" : 3"));

        assertThatThrownBy(() -> FormatFiles.readLoadMetrics(file))
                .isInstanceOf(FormatException.class)
                .hasMessageStartingWith(file + ":")
                .hasMessageContaining("'timeseries.points[1].active_end' must equal the requests still in flight"
                        + " (started - ok - errors up to it) = 0, got: 3");
    }

    @Test
    void readLoadMetrics_negativeCount_failsNamingTheField() throws IOException {
        Path file = dir.resolve("metrics.json");
        FormatFiles.writeLoadMetrics(
                LoadMetricsFixtures.withSeries(LoadMetricsFixtures.file("a", 1_000_000, 100, 0), A), file);
        Files.writeString(file, Files.readString(file).replace("\"output_tokens\" : 5000", "\"output_tokens\" : -1"));

        assertThatThrownBy(() -> FormatFiles.readLoadMetrics(file))
                .isInstanceOf(FormatException.class)
                .hasMessageContaining("'timeseries.points.output_tokens' must be >= 0, got: -1");
    }

    @Test
    void readLoadMetrics_missingBucketField_failsNamingIt() throws IOException {
        Path file = dir.resolve("metrics.json");
        FormatFiles.writeLoadMetrics(
                LoadMetricsFixtures.withSeries(LoadMetricsFixtures.file("a", 1_000_000, 100, 0), A), file);
        Files.writeString(file, Files.readString(file).replaceFirst("\"started\" : 60,", ""));

        assertThatThrownBy(() -> FormatFiles.readLoadMetrics(file))
                .isInstanceOf(FormatException.class)
                .hasMessageContaining("'started'");
    }

    @Test
    void scenario_seriesNotAddingUpToTheCounters_failsWithBothNumbers() {
        LoadMetrics file = LoadMetricsFixtures.file("a", 1_000_000, 90, 0);

        assertThatThrownBy(() -> LoadMetricsFixtures.withSeries(file, A))
                .hasMessage("scenario 'steady' 'timeseries.points[].ok' must add up to the models' total 90, got: 100");
    }

    @Test
    void timeSeries_gapBetweenBuckets_failsNamingTheExpectedTime() {
        assertThatThrownBy(() -> new TimeSeries(
                        1_000,
                        "2026-11-26T10:00:00Z",
                        List.of(point(0, 1, 1, 0, 0, 1, 0), point(2_000, 1, 1, 0, 0, 1, 0))))
                .hasMessage(
                        "'timeseries.points[1].t_ms' must be 1 * step_ms = 1000 (buckets are consecutive), got: 2000");
    }

    @Test
    void point_activeMaxBelowActiveEnd_failsWithTheValues() {
        assertThatThrownBy(() -> point(0, 5, 0, 0, 0, 2, 5))
                .hasMessage("'timeseries.points.active_max' must be >= active_end (5), got: 2");
    }

    @Test
    void merge_twoInjectorsWithSeries_addsBucketsByAbsoluteTime() {
        LoadMetrics a = LoadMetricsFixtures.withSeries(LoadMetricsFixtures.file("a", 1_000_000, 100, 0), A);
        LoadMetrics b = LoadMetricsFixtures.withSeries(LoadMetricsFixtures.file("b", 9_000_000, 50, 5), B);

        TimeSeries merged =
                LoadMetricsMerger.merge(List.of(a, b)).scenarios().get(0).timeseries();

        assertThat(merged.start()).isEqualTo("2026-11-26T10:00:00Z");
        assertThat(merged.points())
                .containsExactly(
                        point(0, 60, 50, 0, 5_000, 10, 10, 1_000_000L, 1_200_000L),
                        // b's first bucket lands on a's second: counts and active requests add; both had TTFT, so none
                        // is kept
                        point(1_000, 95, 75, 5, 7_500, 40, 25),
                        point(2_000, 0, 25, 0, 2_500, 25, 0));
        assertThat(merged.ok() + merged.errors()).isEqualTo(155);
    }

    @Test
    void merge_oneInjectorWithoutSeries_dropsTheSeries() {
        LoadMetrics a = LoadMetricsFixtures.withSeries(LoadMetricsFixtures.file("a", 1_000_000, 100, 0), A);
        LoadMetrics b = LoadMetricsFixtures.file("b", 9_000_000, 50, 5);

        assertThat(LoadMetricsMerger.merge(List.of(a, b)).scenarios().get(0).timeseries())
                .isNull();
        assertThat(LoadMetricsMerger.merge(List.of(b, a)).scenarios().get(0).timeseries())
                .isNull();
    }

    @Test
    void plus_stepsAMultipleApart_coarsensTheFinerSeries() {
        TimeSeries coarse = new TimeSeries(2_000, "2026-11-26T10:00:00Z", List.of(point(0, 1, 1, 0, 4, 1, 0)));

        TimeSeries sum = A.plus(coarse);

        assertThat(sum.stepMs()).isEqualTo(2_000);
        assertThat(sum.points()).containsExactly(point(0, 101, 101, 0, 10_004, 11, 0));
    }

    @Test
    void plus_stepsNotMultiples_failsNamingBoth() {
        TimeSeries two = new TimeSeries(2_000, "2026-11-26T10:00:00Z", List.of(point(0, 1, 1, 0, 0, 1, 0)));
        TimeSeries five = new TimeSeries(5_000, "2026-11-26T10:00:00Z", List.of(point(0, 1, 1, 0, 0, 1, 0)));

        assertThatThrownBy(() -> two.plus(five))
                .hasMessage("'timeseries.step_ms' 2000 and 5000 cannot merge: one must be a multiple of the other");
    }
}
