package dev.ollamaperf.load.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ollamaperf.load.protocol.LlmMetricsRecorder.ModelSnapshot;
import dev.ollamaperf.load.protocol.TimeSeriesRecorder;
import dev.ollamaperf.results.FormatFiles;
import dev.ollamaperf.results.LoadMetrics;
import dev.ollamaperf.results.ModelMetrics;
import dev.ollamaperf.results.ScenarioMetrics;
import dev.ollamaperf.results.Status;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The load tests write {@code metrics.json} through results-format's typed writer: what they write is what
 * the reports read, field for field (the field names themselves are pinned by results-format's golden file).
 */
@Timeout(30)
final class MetricsFileTest {

    private static final Instant START = Instant.parse("2026-11-26T10:00:00Z");

    @TempDir
    Path dir;

    @Test
    void write_scenarioRun_readsBackThroughTheReportsReader() {
        Path file = dir.resolve("load/metrics.json");

        List<String> warnings = MetricsFile.write(file, "injector-1", List.of(run(series(1)), closed()));

        assertThat(warnings).isEmpty();
        LoadMetrics read = FormatFiles.readLoadMetrics(file);
        assertThat(read)
                .isEqualTo(
                        MetricsFile.toLoadMetrics("injector-1", List.of(run(series(1)), closed()), new ArrayList<>()));
        ScenarioMetrics arrival = read.scenarios().get(0);
        assertThat(arrival.status()).isEqualTo(Status.INVALID);
        assertThat(arrival.reasons()).containsExactly("missed target arrival rate");
        assertThat(arrival.injection().model()).isEqualTo("open");
        assertThat(arrival.injection().achievedRps()).isEqualTo(1.0);
        assertThat(arrival.objectives().maxNs()).containsEntry("ttft", 1_500_000_000L);
        ModelMetrics model = arrival.models().get(0);
        assertThat(model.counters().errors()).containsEntry("http_503", 1L);
        assertThat(model.histograms().get("ttft").unit()).isEqualTo("ns");
        assertThat(model.histograms().get("output_tps").unit()).isEqualTo("mtok/s");
        assertThat(model.histograms().get("ttft").decode().getMaxValue())
                .isEqualTo(new Histogram(3_600_000_000_000L, 3).highestEquivalentValue(120_000_000L));
        assertThat(arrival.timeseries().points()).hasSize(1);
        assertThat(read.scenarios().get(1).timeseries()).isNull();
    }

    @Test
    void write_seriesThatDoesNotAddUp_leavesItOutWithAWarning() throws Exception {
        Path file = dir.resolve("metrics.json");

        List<String> warnings = MetricsFile.write(file, "injector-1", List.of(run(series(0))));

        assertThat(warnings)
                .singleElement()
                .asString()
                .startsWith("the time series of scenario 'arrival' is left out of metrics.json: ");
        assertThat(FormatFiles.readLoadMetrics(file).scenarios().get(0).timeseries())
                .isNull();
        assertThat(Files.readString(file)).doesNotContain("timeseries");
    }

    @Test
    void write_scenarioNameWithADot_failsNamingScenarioAndRuleAndWritesNothing() {
        Path file = dir.resolve("metrics.json");
        MetricsFile.ScenarioRun dotted = new MetricsFile.ScenarioRun(
                "capacity_r2.5",
                List.of(),
                START,
                START.plusSeconds(1),
                true,
                2.5,
                1,
                "emulator",
                List.of("http://127.0.0.1:11434"),
                Map.of(),
                Map.of(),
                Map.of("tiny:latest", snapshot()));

        assertThatThrownBy(() -> MetricsFile.write(file, "injector-1", List.of(dotted)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("scenario 'capacity_r2.5' cannot be written to metrics.json: 'scenario' must not contain"
                        + " dots or whitespace, got: 'capacity_r2.5'");
        assertThat(file).doesNotExist();
    }

    /** An open scenario of 3 requests in 3 s (2 ok, one 503) with objectives and, when given, a series. */
    private static MetricsFile.ScenarioRun run(TimeSeriesRecorder.Series series) {
        return new MetricsFile.ScenarioRun(
                "arrival",
                List.of("missed target arrival rate"),
                START,
                START.plusSeconds(3),
                true,
                2.0,
                3,
                "emulator",
                List.of("http://127.0.0.1:11434"),
                Map.of("ollama.perf.rate", "2"),
                Map.of("ttft", 1_500_000_000L),
                Map.of("tiny:latest", snapshot()),
                series,
                null,
                Map.of());
    }

    private static MetricsFile.ScenarioRun closed() {
        return new MetricsFile.ScenarioRun(
                "steady",
                List.of(),
                START,
                START.plusSeconds(2),
                false,
                0,
                1,
                "emulator",
                List.of("http://127.0.0.1:11434"),
                Map.of("ollama.perf.users", "1"),
                Map.of(),
                Map.of("tiny:latest", snapshot()));
    }

    private static ModelSnapshot snapshot() {
        Histogram ttft = new Histogram(3_600_000_000_000L, 3);
        ttft.recordValue(100_000_000L);
        ttft.recordValue(120_000_000L);
        Histogram tps = new Histogram(100_000_000L, 3);
        tps.recordValue(45_000);
        tps.recordValue(46_000);
        return new ModelSnapshot(3, 2, Map.of("http_503", 1L), 2, 20, Map.of("ttft", ttft, "output_tps", tps));
    }

    /** One bucket with 3 starts, 2 ok and {@code errors} failures: it adds up only when {@code errors} is 1. */
    private static TimeSeriesRecorder.Series series(long errors) {
        return new TimeSeriesRecorder.Series(
                START,
                1_000,
                List.of(new TimeSeriesRecorder.Point(0, 3, 2, errors, 20, 3, 1 - errors, 110_000_000L, 120_000_000L)));
    }
}
