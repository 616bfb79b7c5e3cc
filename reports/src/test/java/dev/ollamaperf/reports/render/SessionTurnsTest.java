package dev.ollamaperf.reports.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

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
import dev.ollamaperf.results.TurnMetrics;
import dev.ollamaperf.results.Window;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A session workload's turns, from metrics.json to the metrics budgets select and the report's table: turn 1 of 4
 * requests (TTFT 100 ms, 300 prompt tokens evaluated in 60 ms: 5 tokens/ms), turn 2 of 3 (TTFT 140 ms, 600 tokens in
 * 20 ms, as a server that reuses the cached prefix would).
 */
@Timeout(30)
final class SessionTurnsTest {

    private static final String M = "llama3.2:latest";

    private final List<Metric> metrics = new LoadReader().metrics(file());

    @Test
    void loadReader_turns_perTurnMetricsNamedAfterTheModelAndTurn() {
        assertThat(metric("load.session." + M + ".turn1.requests").value()).isEqualTo(4);
        assertThat(metric("load.session." + M + ".turn2.requests").value()).isEqualTo(3);
        Metric ttft = metric("load.session." + M + ".turn2.ttft.p50");
        assertThat(ttft.value()).isCloseTo(140, within(0.2));
        assertThat(ttft.unit()).isEqualTo(Unit.MILLISECONDS);
        assertThat(metric("load.session." + M + ".turn1.ttft.p95").value()).isCloseTo(100, within(0.2));
        assertThat(metric("load.session." + M + ".turn2.e2e.p95").value()).isCloseTo(900, within(1.0));
        assertThat(metric("load.session." + M + ".turn1.prompt_eval.p50").value())
                .isCloseTo(60, within(0.1));
        Metric tokens = metric("load.session." + M + ".turn2.prompt_tokens.p50");
        assertThat(tokens.value()).isEqualTo(600);
        assertThat(tokens.unit()).isEqualTo(Unit.COUNT);
        Metric rate = metric("load.session." + M + ".turn1.prompt_rate.mean");
        assertThat(rate.unit()).isEqualTo(Unit.TOKENS_PER_MILLISECOND);
        assertThat(rate.direction()).isEqualTo(Direction.HIGHER_IS_BETTER);
        assertThat(rate.value()).isCloseTo(5, within(0.01));
        assertThat(metric("load.session." + M + ".turn2.prompt_rate.p50").value())
                .isCloseTo(30, within(0.05));
        // the whole model's metrics stay as they are
        assertThat(metric("load.session." + M + ".ttft.p50").samples()).isEqualTo(7);
    }

    @Test
    void metricNames_turnMetric_isATurnNotAModelNamedAfterIt() {
        Metric ttft = metric("load.session." + M + ".turn2.ttft.p50");

        assertThat(MetricNames.load(ttft)).isEmpty();
        assertThat(MetricNames.added(ttft)).isEmpty();
        assertThat(MetricNames.turn(ttft)).contains(new MetricNames.TurnName("session", M, 2, "ttft", "p50"));
        assertThat(MetricNames.turn(metric("load.session." + M + ".turn1.requests")))
                .contains(new MetricNames.TurnName("session", M, 1, "requests", ""));
        assertThat(MetricNames.turn(metric("load.session." + M + ".ttft.p50"))).isEmpty();
    }

    @Test
    void html_sessionScenario_tableOfTurnsSideBySide() {
        RunResult run = new RunResult(
                "session",
                Instant.parse("2026-12-07T10:00:00Z"),
                Map.of(),
                metrics,
                RunStatus.VALID,
                List.of(),
                Map.of());

        String table = HtmlTurnsTable.render(run, "session");

        assertThat(table)
                .contains("Conversation turns", "<th>TTFT p50</th>", "<th>prompt eval rate, mean</th>", "<td>600</td>");
        assertThat(table)
                .contains("<td>llama3.2:latest</td><td>1</td><td>4</td><td>100 ms</td>")
                .contains("<td>llama3.2:latest</td><td>2</td><td>3</td><td>140.1 ms</td>");
        assertThat(HtmlTurnsTable.render(run, "steady")).isEmpty();
        assertThat(HtmlLoadSection.render(run)).contains("Conversation turns").doesNotContain("latest.turn");
    }

    private Metric metric(String name) {
        return metrics.stream()
                .filter(m -> m.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no metric " + name + " in "
                        + metrics.stream().map(Metric::name).toList()));
    }

    private static LoadMetrics file() {
        TurnMetrics first = new TurnMetrics(
                1,
                4,
                4,
                Map.of(
                        "ttft", ns(4, 100_000_000L),
                        "e2e", ns(4, 800_000_000L),
                        "prompt_eval", ns(4, 60_000_000L),
                        "prompt_tokens", of(4, 300, "tokens"),
                        "prompt_rate", of(4, 5_000_000, "mtok/s")));
        TurnMetrics second = new TurnMetrics(
                2,
                3,
                3,
                Map.of(
                        "ttft", ns(3, 140_000_000L),
                        "e2e", ns(3, 900_000_000L),
                        "prompt_eval", ns(3, 20_000_000L),
                        "prompt_tokens", of(3, 600, "tokens"),
                        "prompt_rate", of(3, 30_000_000, "mtok/s")));
        Histogram ttft = new Histogram(3_600_000_000_000L, 3);
        ttft.recordValueWithCount(100_000_000L, 4);
        ttft.recordValueWithCount(140_000_000L, 3);
        ModelMetrics model = new ModelMetrics(
                M,
                new Counters(7, 7, Map.of(), 7),
                448,
                Map.of("ttft", HistogramData.of(ttft, "ns")),
                List.of(first, second));
        ScenarioMetrics session = new ScenarioMetrics(
                "session",
                Status.VALID,
                List.of(),
                new Window("2026-12-07T10:00:00Z", "2026-12-07T10:00:05Z"),
                new Injection("closed", 0, 1.4, 2),
                new Target("emulator", List.of("http://127.0.0.1:11434")),
                Map.of("ollama.perf.turns", "2"),
                new Objectives(Map.of()),
                List.of(model));
        return new LoadMetrics(LoadMetrics.VERSION, "injector-1", List.of(session));
    }

    private static HistogramData ns(int count, long value) {
        return of(count, value, "ns");
    }

    private static HistogramData of(int count, long value, String unit) {
        Histogram h = new Histogram(3_600_000_000_000L, 3);
        h.recordValueWithCount(value, count);
        return HistogramData.of(h, unit);
    }
}
