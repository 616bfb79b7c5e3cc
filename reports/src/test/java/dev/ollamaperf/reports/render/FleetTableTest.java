package dev.ollamaperf.reports.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.ollamaperf.reports.metric.Metric;
import dev.ollamaperf.reports.metric.RunResult;
import dev.ollamaperf.reports.metric.RunStatus;
import dev.ollamaperf.reports.read.LoadReader;
import dev.ollamaperf.results.Counters;
import dev.ollamaperf.results.HistogramData;
import dev.ollamaperf.results.Injection;
import dev.ollamaperf.results.LoadMetrics;
import dev.ollamaperf.results.ModelMetrics;
import dev.ollamaperf.results.NodeLoad;
import dev.ollamaperf.results.Objectives;
import dev.ollamaperf.results.ScenarioMetrics;
import dev.ollamaperf.results.Status;
import dev.ollamaperf.results.Target;
import dev.ollamaperf.results.Window;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A scenario against a fleet of two nodes over 10 s: node 1 served 6 requests (e2e 200 ms, 60 tokens), node 2
 * served 2 (e2e 400 ms, one failed): its metrics, and the report's one table per node with the balance under it.
 */
@Timeout(30)
final class FleetTableTest {

    private static final String A = "http://127.0.0.1:1001";
    private static final String B = "http://127.0.0.1:1002";

    private final LoadReader reader = new LoadReader();
    private final List<Metric> metrics = reader.metrics(file());

    @Test
    void loadReader_fleet_perNodeMetricsAndBalance() {
        assertThat(metric("load.steady.fleet.node1.requests").value()).isEqualTo(6);
        assertThat(metric("load.steady.fleet.node2.errors.ratio").value()).isEqualTo(0.5);
        assertThat(metric("load.steady.fleet.node1.e2e.p95").value()).isCloseTo(200, within(0.2));
        assertThat(metric("load.steady.fleet.node1.output_tokens.tps").value()).isCloseTo(6, within(1e-9));
        assertThat(metric("load.steady.fleet.balance.max_over_mean").value()).isCloseTo(1.5, within(1e-9));
        assertThat(metric("load.steady.fleet.balance.jain").value()).isCloseTo(64.0 / 80, within(1e-9));
        assertThat(MetricNames.load(metric("load.steady.fleet.node1.e2e.p95")))
                .as("a node's latency is not a model's")
                .isEmpty();
        assertThat(reader.environment(file())).containsEntry("load.steady.fleet.node2.endpoint", B);
    }

    @Test
    void html_fleetScenario_oneRowPerNodeAndTheBalance() {
        RunResult run = new RunResult(
                "fleet",
                Instant.parse("2026-12-07T10:00:00Z"),
                reader.environment(file()),
                metrics,
                RunStatus.VALID,
                List.of(),
                Map.of());

        String table = HtmlFleetTable.render(run, "steady");

        assertThat(table).contains("Fleet: load per node", "<th>TTFT p95</th>", "<th>output tokens/s</th>");
        assertThat(table).contains("<td>" + A + "</td><td>6</td>").contains("<td>" + B + "</td><td>2</td>");
        assertThat(table).contains("max/mean 1.5, Jain's index 0.8");
        assertThat(HtmlFleetTable.render(run, "other")).isEmpty();
        assertThat(HtmlLoadSection.render(run)).contains("Fleet: load per node");
    }

    private Metric metric(String name) {
        return metrics.stream()
                .filter(m -> m.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no metric " + name));
    }

    private static LoadMetrics file() {
        Histogram e2e = new Histogram(3_600_000_000_000L, 3);
        e2e.recordValueWithCount(200_000_000L, 6);
        e2e.recordValueWithCount(400_000_000L, 1);
        ModelMetrics model = new ModelMetrics(
                "llama3.2:latest",
                new Counters(8, 7, Map.of("http_500", 1L), 7),
                70,
                Map.of("e2e", HistogramData.of(e2e, "ns")));
        ScenarioMetrics steady = new ScenarioMetrics(
                        "steady",
                        Status.VALID,
                        List.of(),
                        new Window("2026-12-07T10:00:00Z", "2026-12-07T10:00:10Z"),
                        new Injection("closed", 0, 0.8, 2),
                        new Target("emulator", List.of(A, B)),
                        Map.of(),
                        new Objectives(Map.of()),
                        List.of(model))
                .withNodes(List.of(node(A, 6, 0, 200_000_000L), node(B, 2, 1, 400_000_000L)));
        return new LoadMetrics(1, "injector-1", List.of(steady));
    }

    private static NodeLoad node(String endpoint, long requests, long errors, long e2eNanos) {
        Histogram e2e = new Histogram(3_600_000_000_000L, 3);
        e2e.recordValueWithCount(e2eNanos, requests - errors);
        Histogram ttft = new Histogram(3_600_000_000_000L, 3);
        ttft.recordValueWithCount(e2eNanos / 4, requests - errors);
        return new NodeLoad(
                endpoint,
                requests,
                errors,
                10 * (requests - errors),
                HistogramData.of(ttft, "ns"),
                HistogramData.of(e2e, "ns"));
    }
}
