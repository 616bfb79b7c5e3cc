package dev.ollamaperf.reports.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.ollamaperf.reports.gate.GateOutcome;
import dev.ollamaperf.reports.gate.GateVerdict;
import dev.ollamaperf.reports.gate.Report;
import dev.ollamaperf.reports.metric.Direction;
import dev.ollamaperf.reports.metric.Metric;
import dev.ollamaperf.reports.metric.RunResult;
import dev.ollamaperf.reports.metric.RunStatus;
import dev.ollamaperf.reports.metric.Unit;
import dev.ollamaperf.reports.read.LoadReader;
import dev.ollamaperf.results.Counters;
import dev.ollamaperf.results.HistogramData;
import dev.ollamaperf.results.Injection;
import dev.ollamaperf.results.LoadMetrics;
import dev.ollamaperf.results.ModelMetrics;
import dev.ollamaperf.results.Objectives;
import dev.ollamaperf.results.ScenarioMetrics;
import dev.ollamaperf.results.Status;
import dev.ollamaperf.results.Target;
import dev.ollamaperf.results.Window;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A thinking model's metrics, from metrics.json to results.json and index.html: 5 requests, the first thinking chunk
 * at 120 ms, 300 ms of thinking, the answer's first chunk at 420 ms.
 */
@Timeout(30)
final class ThinkingMetricsTest {

    private static final String M = "deepseek-r1:8b";

    private final List<Metric> metrics = new LoadReader().metrics(file());

    @Test
    void loadReader_thinkingHistograms_becomeLatencyMetricsInMilliseconds() {
        Metric toThinking = metric("load.steady." + M + ".ttft_thinking.p50");
        assertThat(toThinking.value()).isCloseTo(120, within(0.2));
        assertThat(toThinking.unit()).isEqualTo(Unit.MILLISECONDS);
        assertThat(toThinking.direction()).isEqualTo(Direction.LOWER_IS_BETTER);
        assertThat(metric("load.steady." + M + ".thinking.p95").value()).isCloseTo(300, within(0.3));
        assertThat(metric("load.steady." + M + ".ttft.p50").value()).isCloseTo(420, within(0.5));
        assertThat(MetricNames.load(toThinking))
                .contains(new MetricNames.LoadName("steady", M, "ttft_thinking", "p50"));
        assertThat(MetricNames.load(metric("load.steady." + M + ".thinking.p99")))
                .contains(new MetricNames.LoadName("steady", M, "thinking", "p99"));
    }

    @Test
    void resultsJsonAndHtml_carryTheThinkingMetrics(@TempDir Path dir) throws IOException {
        RunResult run = new RunResult(
                "thinking", Instant.parse("2026-12-07T10:00:00Z"), Map.of(), metrics, RunStatus.VALID, List.of());
        Report report =
                new Report(run, "none", List.of(), null, new GateVerdict(GateOutcome.PASS, List.of(), List.of()));

        String results = Files.readString(ReportFormat.JSON.writeTo(dir, report));
        String html = HtmlLoadSection.render(run);

        assertThat(results).contains("load.steady." + M + ".ttft_thinking.p95", "load.steady." + M + ".thinking.p50");
        assertThat(html)
                .contains("ttft_thinking by percentile, steady", "thinking by percentile, steady")
                .contains("ttft_thinking.p95 by model", "thinking.p50 by model");
    }

    private Metric metric(String name) {
        return metrics.stream()
                .filter(m -> m.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no metric " + name + " in "
                        + metrics.stream().map(Metric::name).toList()));
    }

    private static LoadMetrics file() {
        ModelMetrics model = new ModelMetrics(
                M,
                new Counters(5, 5, Map.of(), 5),
                125,
                Map.of(
                        "ttft", ns(5, 420_000_000L),
                        "ttft_thinking", ns(5, 120_000_000L),
                        "thinking", ns(5, 300_000_000L)));
        ScenarioMetrics steady = new ScenarioMetrics(
                "steady",
                Status.VALID,
                List.of(),
                new Window("2026-12-07T10:00:00Z", "2026-12-07T10:00:05Z"),
                new Injection("closed", 0, 1, 2),
                new Target("emulator", List.of("http://127.0.0.1:11434")),
                Map.of("ollama.perf.think", "true"),
                new Objectives(Map.of()),
                List.of(model));
        return new LoadMetrics(LoadMetrics.VERSION, "injector-1", List.of(steady));
    }

    private static HistogramData ns(int count, long value) {
        Histogram h = new Histogram(3_600_000_000_000L, 3);
        h.recordValueWithCount(value, count);
        return HistogramData.of(h, "ns");
    }
}
