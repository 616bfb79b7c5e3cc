package dev.ollamaperf.reports.render;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ollamaperf.reports.metric.Direction;
import dev.ollamaperf.reports.metric.Metric;
import dev.ollamaperf.reports.metric.Unit;
import org.junit.jupiter.api.Test;

final class MetricNamesTest {

    @Test
    void load_addedLatency_isNotAModelLatencyButAnAddedOne() {
        Metric added = Metric.of(
                "load.steady.llama3.2:latest.added.ttft.p50", Unit.MILLISECONDS, Direction.LOWER_IS_BETTER, 3, "load");

        assertThat(MetricNames.load(added)).isEmpty();
        assertThat(MetricNames.added(added))
                .contains(new MetricNames.LoadName("steady", "llama3.2:latest", "ttft", "p50"));
    }

    @Test
    void load_modelLatency_isNotAnAddedOne() {
        Metric ttft = Metric.of(
                "load.steady.llama3.2:latest.ttft.p95", Unit.MILLISECONDS, Direction.LOWER_IS_BETTER, 3, "load");

        assertThat(MetricNames.load(ttft))
                .contains(new MetricNames.LoadName("steady", "llama3.2:latest", "ttft", "p95"));
        assertThat(MetricNames.added(ttft)).isEmpty();
    }
}
