package dev.ollamaperf.results;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ollamaperf.results.IntegrationMetrics.JvmMemory;
import dev.ollamaperf.results.IntegrationMetrics.PairedLatency;
import dev.ollamaperf.results.IntegrationMetrics.Sample;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(30)
final class IntegrationMetricsTest {

    private static final String MODEL = "llama3.2:latest";

    @TempDir
    Path dir;

    @Test
    void cacheHits_aboveLookups_failsNamingBothNumbers() {
        assertThatThrownBy(() -> new IntegrationMetrics("steady_direct", List.of(), 10, 4, 5, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'integration.cache_hits' must be <= cache_lookups (4), got: 5");
    }

    @Test
    void reference_absent_readsAsTheIntegrationAloneAndRefusesPairs(@TempDir Path dir) {
        IntegrationMetrics alone = new IntegrationMetrics(null, List.of(), 10, 10, 4, null);
        Path file = dir.resolve("metrics.json");
        LoadMetrics withAlone =
                LoadMetricsFixtures.withIntegration(LoadMetricsFixtures.file("injector-1", 1_000_000, 5, 0), alone);

        FormatFiles.writeLoadMetrics(withAlone, file);

        assertThat(FormatFiles.readLoadMetrics(file)).isEqualTo(withAlone);
        assertThatThrownBy(() -> new IntegrationMetrics(
                        null, List.of(new PairedLatency(MODEL, "ttft", List.of(1L))), 10, 0, 0, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("needs a 'reference'");
    }

    @Test
    void pairedLatency_unknownLatency_failsNamingTheKnownOnes() {
        assertThatThrownBy(() -> new PairedLatency(MODEL, "ttft_server", List.of(1L)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("'integration.added.latency' must be one of [")
                .hasMessageContaining("ttft")
                .hasMessageContaining("e2e")
                .hasMessageContaining("inter_token")
                .hasMessageEndingWith("], got: ttft_server");
    }

    @Test
    void memory_peakBelowEnd_failsNamingBothNumbers() {
        assertThatThrownBy(() -> new JvmMemory(100, 300, 200, 0, 0, 0, 0, 0, 1, List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'integration.memory.heap_after_gc_peak_bytes' must be >= heap_after_gc_end_bytes (300),"
                        + " got: 200");
    }

    @Test
    void memory_samplesOutOfOrder_failsNamingTheTimes() {
        List<Sample> samples = List.of(new Sample(2_000, 1, 1, 1), new Sample(1_000, 1, 1, 1));

        assertThatThrownBy(() -> new JvmMemory(100, 100, 100, 0, 0, 0, 0, 0, 1, samples))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'integration.memory.samples' must be in time order, got t_ms 2000 before 1000");
    }

    @Test
    void added_sameModelAndLatencyTwice_fails() {
        List<PairedLatency> twice =
                List.of(new PairedLatency(MODEL, "ttft", List.of(1L)), new PairedLatency(MODEL, "ttft", List.of(2L)));

        assertThatThrownBy(() -> new IntegrationMetrics("steady_direct", twice, 0, 0, 0, null))
                .hasMessage("'integration.added' lists a model and latency twice");
    }

    @Test
    void merge_twoInjectors_poolsDifferencesAndSumsCounts() {
        IntegrationMetrics a = new IntegrationMetrics(
                "steady_direct",
                List.of(
                        new PairedLatency(MODEL, "ttft", List.of(1_000L, 2_000L)),
                        new PairedLatency(MODEL, "e2e", List.of(5_000L))),
                100,
                40,
                10,
                LoadMetricsFixtures.memory(10_000_000L, 11_000_000L, 50_000_000L, 30));
        IntegrationMetrics b = new IntegrationMetrics(
                "steady_direct",
                List.of(new PairedLatency(MODEL, "ttft", List.of(-500L))),
                50,
                20,
                15,
                LoadMetricsFixtures.memory(20_000_000L, 20_500_000L, 25_000_000L, 12));

        LoadMetrics merged = LoadMetricsMerger.merge(List.of(
                LoadMetricsFixtures.withIntegration(LoadMetricsFixtures.file("a", 1_000_000, 100, 0), a),
                LoadMetricsFixtures.withIntegration(LoadMetricsFixtures.file("b", 1_000_000, 50, 0), b)));

        IntegrationMetrics both = merged.scenarios().get(0).integration();
        assertThat(both.reference()).isEqualTo("steady_direct");
        assertThat(both.added())
                .containsExactly(
                        new PairedLatency(MODEL, "ttft", List.of(1_000L, 2_000L, -500L)),
                        new PairedLatency(MODEL, "e2e", List.of(5_000L)));
        assertThat(both.requests()).isEqualTo(150);
        assertThat(both.cacheLookups()).isEqualTo(60);
        assertThat(both.cacheHits()).isEqualTo(25);
        // two JVMs hold their heaps side by side: the memory adds up, and the per-JVM samples are dropped
        assertThat(both.memory().heapGrowthBytes()).isEqualTo(1_500_000L);
        assertThat(both.memory().allocatedBytes()).isEqualTo(75_000_000L);
        assertThat(both.memory().threadsPeak()).isEqualTo(42);
        assertThat(both.memory().samples()).isEmpty();
    }

    @Test
    void merge_oneInjectorWithoutTheBlock_dropsIt() {
        IntegrationMetrics a = new IntegrationMetrics("steady_direct", List.of(), 100, 0, 0, null);

        LoadMetrics merged = LoadMetricsMerger.merge(List.of(
                LoadMetricsFixtures.withIntegration(LoadMetricsFixtures.file("a", 1_000_000, 100, 0), a),
                LoadMetricsFixtures.file("b", 1_000_000, 50, 0)));

        assertThat(merged.scenarios().get(0).integration()).isNull();
    }

    @Test
    void merge_differentReferences_failsNamingTheScenario() {
        IntegrationMetrics a = new IntegrationMetrics("steady_direct", List.of(), 100, 0, 0, null);
        IntegrationMetrics b = new IntegrationMetrics("other_direct", List.of(), 100, 0, 0, null);

        assertThatThrownBy(() -> LoadMetricsMerger.merge(List.of(
                        LoadMetricsFixtures.withIntegration(LoadMetricsFixtures.file("a", 1_000_000, 100, 0), a),
                        LoadMetricsFixtures.withIntegration(LoadMetricsFixtures.file("b", 1_000_000, 50, 0), b))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("scenario 'steady' cannot merge: 'integration.reference' differs between injectors:"
                        + " steady_direct vs other_direct");
    }

    @Test
    void written_usesSnakeCaseNamesOfTheRecords() throws Exception {
        Path file = dir.resolve("metrics.json");
        IntegrationMetrics integration = new IntegrationMetrics(
                "steady_direct",
                List.of(new PairedLatency(MODEL, "inter_token", List.of(7L))),
                1,
                1,
                1,
                LoadMetricsFixtures.memory(1, 2, 3, 4));
        LoadMetrics written =
                LoadMetricsFixtures.withIntegration(LoadMetricsFixtures.file("a", 1_000_000, 1, 0), integration);

        FormatFiles.writeLoadMetrics(written, file);

        assertThat(Files.readString(file))
                .contains(
                        "\"differences_ns\"",
                        "\"cache_lookups\"",
                        "\"heap_after_gc_peak_bytes\"",
                        "\"gc_pause_p99_ns\"",
                        "\"t_ms\"",
                        "\"rss_bytes\"");
        assertThat(FormatFiles.readLoadMetrics(file)).isEqualTo(written);
    }
}
