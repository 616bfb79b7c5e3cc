package dev.ollamaperf.reports.read;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.ollamaperf.reports.metric.Direction;
import dev.ollamaperf.reports.metric.Metric;
import dev.ollamaperf.reports.metric.RunResult;
import dev.ollamaperf.reports.metric.Statistic;
import dev.ollamaperf.reports.metric.Unit;
import dev.ollamaperf.reports.modelcomparison.ModelComparer;
import dev.ollamaperf.results.IntegrationMetrics;
import dev.ollamaperf.results.LoadMetrics;
import dev.ollamaperf.results.ScenarioMetrics;
import dev.ollamaperf.results.Window;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
final class IntegrationReaderTest {

    private static final String M = PairedRunFixture.MODEL;
    private static final double MIB = PairedRunFixture.MIB;

    private final RunResult run = PairedRunFixture.run();

    @Test
    void added_medianOfDifferencesInMsWithOrderStatisticInterval() {
        Metric ttft = metric("load.steady." + M + ".added.ttft.p50");

        assertThat(ttft.value()).isCloseTo(2.95, within(1e-9));
        assertThat(ttft.unit()).isEqualTo(Unit.MILLISECONDS);
        assertThat(ttft.direction()).isEqualTo(Direction.LOWER_IS_BETTER);
        assertThat(ttft.statistic()).isEqualTo(Statistic.percentile(50));
        assertThat(ttft.samples()).isEqualTo(20);
        assertThat(ttft.histogram()).isNull();
        assertThat(ttft.source()).isEqualTo("load");
        // n = 20: ranks 6 and 15 (exact binomial), i.e. 2.5 and 3.4 ms
        assertThat(ttft.uncertainty().low()).isCloseTo(2.5, within(1e-9));
        assertThat(ttft.uncertainty().high()).isCloseTo(3.4, within(1e-9));
        assertThat(ttft.uncertainty().confidence()).isEqualTo(0.95);
        assertThat(metric("load.steady." + M + ".added.e2e.p50").value()).isCloseTo(4.0, within(1e-9));
    }

    @Test
    void added_fewerThanSixPairs_noIntervalAndNoPairsNoMetric() {
        IntegrationMetrics few = new IntegrationMetrics(
                "steady_direct",
                List.of(
                        new IntegrationMetrics.PairedLatency(M, "ttft", List.of(-1_000_000L, 2_000_000L, 3_000_000L)),
                        new IntegrationMetrics.PairedLatency(M, "e2e", List.of())),
                3,
                0,
                0,
                null);
        List<Metric> metrics = new LoadReader().metrics(withIntegration(few));

        Metric ttft = find(metrics, "load.steady." + M + ".added.ttft.p50");
        assertThat(ttft.value()).isEqualTo(2.0);
        assertThat(ttft.uncertainty()).isNull();
        assertThat(metrics).noneMatch(m -> m.name().contains(".added.e2e"));
        // no lookups: no ratio; no memory: no memory metrics
        assertThat(metrics)
                .noneMatch(m -> m.name().contains("cache") || m.name().contains("heap"));
        assertThat(find(metrics, "load.steady.integration.requests").value()).isEqualTo(3);
    }

    @Test
    void fairness_userRequests_jainIndexHigherIsBetterOverTheUsers() {
        IntegrationMetrics starved =
                new IntegrationMetrics("steady_direct", List.of(), 10, 0, 0, null, List.of(5L, 5L, 0L, 0L));
        List<Metric> metrics = new LoadReader().metrics(withIntegration(starved));

        Metric jain = find(metrics, "load.steady.integration.fairness.jain");
        assertThat(jain.value()).isCloseTo(0.5, within(1e-12));
        assertThat(jain.unit()).isEqualTo(Unit.RATIO);
        assertThat(jain.direction()).isEqualTo(Direction.HIGHER_IS_BETTER);
        assertThat(jain.samples()).isEqualTo(4);
        assertThat(metric("load.steady.integration.requests")).isNotNull();
        assertThat(run.metrics())
                .as("a file without user_requests")
                .noneMatch(m -> m.name().contains("fairness"));
    }

    @Test
    void cache_hitRatioWithWilsonIntervalOverTheRequestsServed() {
        Metric ratio = metric("load.steady.integration.cache.hit.ratio");

        assertThat(ratio.value()).isEqualTo(0.2);
        assertThat(ratio.samples()).isEqualTo(20);
        assertThat(ratio.direction()).isEqualTo(Direction.HIGHER_IS_BETTER);
        assertThat(ratio.uncertainty().low()).isLessThan(0.2);
        assertThat(ratio.uncertainty().high()).isGreaterThan(0.2);
    }

    @Test
    void memory_figuresInTheirUnitsAllLowerIsBetter() {
        assertThat(metric("load.steady.integration.heap_after_gc.bytes").value())
                .isEqualTo(13 * MIB);
        assertThat(metric("load.steady.integration.heap_growth.bytes").value()).isEqualTo(2 * MIB);
        assertThat(metric("load.steady.integration.alloc_per_request").value()).isEqualTo(MIB);
        assertThat(metric("load.steady.integration.alloc_per_request").unit()).isEqualTo(Unit.BYTES_PER_OP);
        assertThat(metric("load.steady.integration.retained_per_request").value())
                .isEqualTo(MIB / 10);
        assertThat(metric("load.steady.integration.rss.bytes").value()).isEqualTo(150 * MIB);
        assertThat(metric("load.steady.integration.gc_pause.p99").value()).isEqualTo(2.5);
        assertThat(metric("load.steady.integration.threads").value()).isEqualTo(40);
        // 2 MiB over 20 minutes
        assertThat(metric("load.steady.integration.heap_slope").value()).isCloseTo(6.0, within(1e-9));
        assertThat(metric("load.steady.integration.heap_slope").unit()).isEqualTo(Unit.MEGABYTES_PER_HOUR);
        assertThat(run.metrics())
                .filteredOn(m -> m.name().startsWith("load.steady.integration.")
                        && !m.name().endsWith("requests")
                        && !m.name().contains("cache"))
                .allMatch(m -> m.direction() == Direction.LOWER_IS_BETTER)
                .hasSize(8);
    }

    @Test
    void memory_shortWindowNoSlope_shrinkingHeapNegativeGrowth() {
        IntegrationMetrics shrinking = new IntegrationMetrics(
                "steady_direct",
                List.of(),
                0,
                0,
                0,
                new IntegrationMetrics.JvmMemory(5_000_000, 4_000_000, 6_000_000, 1_000, 0, 0, 0, 0, 9, List.of()));
        ScenarioMetrics s = PairedRunFixture.file().scenarios().get(0).withIntegration(shrinking);
        ScenarioMetrics shortWindow = new ScenarioMetrics(
                s.scenario(),
                s.status(),
                s.reasons(),
                new Window("2026-11-26T10:00:00Z", "2026-11-26T10:09:59Z"),
                s.injection(),
                s.target(),
                s.settings(),
                s.objectives(),
                s.models(),
                null,
                shrinking);

        List<Metric> metrics = new LoadReader().metrics(new LoadMetrics(1, "i", List.of(shortWindow)));

        assertThat(find(metrics, "load.steady.integration.heap_growth.bytes").value())
                .isEqualTo(-1_000_000);
        // no requests, no RSS, no pauses: no per-request figures, RSS or pause; under 10 minutes: no slope
        assertThat(metrics)
                .noneMatch(m -> m.name().endsWith("per_request")
                        || m.name().contains("rss")
                        || m.name().contains("gc_pause")
                        || m.name().contains("slope"));
    }

    @Test
    void environment_namesTheReferenceAndSamplesReachTheRun() {
        assertThat(run.environment()).containsEntry("load.steady.integration.reference", "steady_direct");
        assertThat(run.environment()).doesNotContainKey("load.steady_direct.integration.reference");
        assertThat(run.memorySamples()).containsOnlyKeys("steady");
        assertThat(run.memorySamples().get("steady")).hasSize(3);
        assertThat(metric("load.steady_direct." + M + ".ttft.p50").value()).isCloseTo(300, within(0.5));
    }

    @Test
    void modelComparer_integrationRequestsAreNoModel() {
        assertThat(ModelComparer.models(run, "steady")).containsExactly(M);
    }

    private static LoadMetrics withIntegration(IntegrationMetrics integration) {
        LoadMetrics file = PairedRunFixture.file();
        return new LoadMetrics(1, "i", List.of(file.scenarios().get(0).withIntegration(integration)));
    }

    private Metric metric(String name) {
        return find(run.metrics(), name);
    }

    private static Metric find(List<Metric> metrics, String name) {
        return metrics.stream()
                .filter(m -> m.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no metric " + name));
    }
}
