package dev.ollamaperf.client.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.ollamaperf.client.error.ErrorKind;
import java.util.Locale;
import org.junit.jupiter.api.Test;

final class ClientMetricsTest {

    @Test
    void snapshot_afterRecording_holdsPercentilesPerModel() {
        ClientMetrics m = new ClientMetrics();
        for (int i = 1; i <= 100; i++) {
            m.recordCall("a", i * 1_000_000L, i * 100_000L, 50.0);
        }
        m.recordCall("b", 5_000_000L, -1, 0);
        MetricsSnapshot s = m.snapshot();
        assertThat(s.models()).containsOnlyKeys("a", "b");
        Distribution latency = s.models().get("a").latencyNanos();
        assertThat(latency.count()).isEqualTo(100);
        assertThat(latency.p50()).isCloseTo(50_000_000L, within(100_000L)); // 3 significant digits
        assertThat(latency.max()).isCloseTo(100_000_000L, within(100_000L));
        assertThat(s.models().get("a").outputTpsMilli().p50()).isCloseTo(50_000L, within(50L));
        assertThat(s.models().get("b").ttftNanos().count()).isZero();
        assertThat(s.models().get("b").outputTpsMilli().count()).isZero();
    }

    @Test
    void snapshot_isCumulativeAndImmutable() {
        ClientMetrics m = new ClientMetrics();
        m.recordCall("a", 1_000, 1, 1);
        MetricsSnapshot first = m.snapshot();
        m.recordCall("a", 2_000, 1, 1);
        MetricsSnapshot second = m.snapshot();
        assertThat(first.models().get("a").latencyNanos().count()).isEqualTo(1);
        assertThat(second.models().get("a").latencyNanos().count()).isEqualTo(2);
    }

    @Test
    void errorsQueueAndCache_areCounted() {
        ClientMetrics m = new ClientMetrics();
        m.recordError("a", ErrorKind.SERVER_BUSY);
        m.recordError("a", ErrorKind.SERVER_BUSY);
        m.recordError("b", ErrorKind.MODEL_NOT_FOUND);
        m.recordQueueWait(3_000_000);
        m.onLookup(CacheMetricsListener.MEMORY, true);
        m.onLookup(CacheMetricsListener.MEMORY, false);
        m.onLookup(CacheMetricsListener.MEMORY, true);
        m.onLookup(CacheMetricsListener.SQLITE, false);
        MetricsSnapshot s = m.snapshot();
        assertThat(s.errors().get("a")).containsEntry(ErrorKind.SERVER_BUSY, 2L);
        assertThat(s.totalErrors()).isEqualTo(3);
        assertThat(s.queueWait().count()).isEqualTo(1);
        assertThat(s.cacheTiers().get("memory").hitRatio()).isCloseTo(2.0 / 3, within(1e-9));
        assertThat(s.cacheTiers().get("sqlite").hitRatio()).isZero();
    }

    @Test
    void recordError_manyUnknownModelNames_keepsAtMostTheCapOfSeriesAndCountsEveryError() {
        ClientMetrics m = new ClientMetrics();
        for (int i = 0; i < 300; i++) {
            m.recordError("typo-" + i, ErrorKind.MODEL_NOT_FOUND);
        }
        m.recordError("typo-0", ErrorKind.MODEL_NOT_FOUND);
        m.recordCall("llama3.2:latest", 1_000_000, 500_000, 50);

        MetricsSnapshot s = m.snapshot();

        assertThat(s.errors()).hasSize(ClientMetrics.MAX_MODELS + 1);
        assertThat(s.errors().get("typo-0"))
                .as("a name with a series keeps it")
                .containsEntry(ErrorKind.MODEL_NOT_FOUND, 2L);
        assertThat(s.errors().get(ClientMetrics.OTHER_MODELS))
                .containsEntry(ErrorKind.MODEL_NOT_FOUND, 300L - ClientMetrics.MAX_MODELS);
        assertThat(s.totalErrors()).isEqualTo(301);
        assertThat(s.models()).as("served models have series of their own").containsKey("llama3.2:latest");
    }

    @Test
    void snapshot_cacheSource_isAddedToListenerCounts() {
        ClientMetrics m = new ClientMetrics();
        m.onLookup("memory", true);
        m.addCacheSource(() -> java.util.Map.of(
                "memory", new MetricsSnapshot.TierCount(3, 1), "sqlite", new MetricsSnapshot.TierCount(0, 1)));
        MetricsSnapshot s = m.snapshot();
        assertThat(s.cacheTiers().get("memory")).isEqualTo(new MetricsSnapshot.TierCount(4, 1));
        assertThat(s.cacheTiers().get("sqlite").misses()).isEqualTo(1);
    }

    @Test
    void render_prometheusAndText_areLocaleIndependentAndWellFormed() {
        ClientMetrics m = new ClientMetrics();
        m.recordCall("llama3.2:latest", 1_500_000_000L, 250_000_000L, 42.5);
        m.recordError("we\"ird", ErrorKind.TIMEOUT);
        m.onLookup("memory", true);
        Locale before = Locale.getDefault();
        try {
            Locale.setDefault(Locale.GERMANY);
            String prom = MetricsFormat.PROMETHEUS.render(m.snapshot());
            String text = MetricsFormat.TEXT.render(m.snapshot());
            assertThat(prom).contains("# TYPE ollama_client_latency_seconds summary\n");
            assertThat(prom)
                    .containsPattern(
                            "ollama_client_latency_seconds\\{model=\"llama3.2:latest\",quantile=\"0.5\"} 1\\.50\\d*\n");
            assertThat(prom).contains("ollama_client_latency_seconds_count{model=\"llama3.2:latest\"} 1\n");
            assertThat(prom).contains("ollama_client_errors_total{model=\"we\\\"ird\",kind=\"timeout\"} 1\n");
            assertThat(prom).contains("ollama_client_cache_lookups_total{tier=\"memory\",result=\"hit\"} 1\n");
            assertThat(prom).contains("ollama_client_queue_wait_seconds_count 0\n");
            for (String line : prom.split("\n")) {
                assertThat(line).matches("# (HELP|TYPE) .*|[a-z_]+(\\{[^}]*})? [0-9.E-]+");
            }
            assertThat(text)
                    .contains("llama3.2:latest latency count=1 p50=1500.")
                    .doesNotContain(",5");
        } finally {
            Locale.setDefault(before);
        }
    }
}
