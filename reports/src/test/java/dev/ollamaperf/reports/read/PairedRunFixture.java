package dev.ollamaperf.reports.read;

import dev.ollamaperf.reports.metric.RunResult;
import dev.ollamaperf.reports.metric.RunStatus;
import dev.ollamaperf.results.Counters;
import dev.ollamaperf.results.HistogramData;
import dev.ollamaperf.results.Injection;
import dev.ollamaperf.results.IntegrationMetrics;
import dev.ollamaperf.results.IntegrationMetrics.JvmMemory;
import dev.ollamaperf.results.IntegrationMetrics.PairedLatency;
import dev.ollamaperf.results.IntegrationMetrics.Sample;
import dev.ollamaperf.results.LoadMetrics;
import dev.ollamaperf.results.ModelMetrics;
import dev.ollamaperf.results.Objectives;
import dev.ollamaperf.results.ScenarioMetrics;
import dev.ollamaperf.results.Status;
import dev.ollamaperf.results.Target;
import dev.ollamaperf.results.Window;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * A paired-mode load run with exactly known numbers: {@code steady} through the integration and
 * {@code steady_direct} beside it, one model, 20 pairs, over a 20-minute window (long enough for a heap slope).
 *
 * <p>TTFT differences are 2.0, 2.1, ... 3.9 ms (median 2.95 ms, 95% interval [X(6), X(15)] = [2.5, 3.4] ms);
 * e2e differences are 4 ms each. The integration served 20 requests, looked up its cache 10 times with 4 hits;
 * its heap after collection went from 10 MiB to 12 MiB (peak 13 MiB), it allocated 20 MiB, RSS peaked at
 * 150 MiB, 3 collections with a 2.5 ms p99 pause, 40 threads at most.
 */
public final class PairedRunFixture {

    public static final String MODEL = "llama3.2:latest";
    public static final long MIB = 1024 * 1024;

    private PairedRunFixture() {}

    /** The file as the load tests write it. */
    public static LoadMetrics file() {
        List<Long> ttft = new ArrayList<>();
        List<Long> e2e = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            ttft.add(2_000_000L + 100_000L * i);
            e2e.add(4_000_000L);
        }
        JvmMemory memory = new JvmMemory(
                10 * MIB,
                12 * MIB,
                13 * MIB,
                20 * MIB,
                150 * MIB,
                3,
                2_500_000L,
                4_000_000L,
                40,
                List.of(
                        new Sample(0, 30 * MIB, 120 * MIB, 35),
                        new Sample(600_000, 60 * MIB, 150 * MIB, 40),
                        new Sample(1_200_000, 45 * MIB, 140 * MIB, 38)));
        IntegrationMetrics integration = new IntegrationMetrics(
                "steady_direct",
                List.of(new PairedLatency(MODEL, "ttft", ttft), new PairedLatency(MODEL, "e2e", e2e)),
                20,
                10,
                4,
                memory);
        return new LoadMetrics(
                LoadMetrics.VERSION,
                "injector-1",
                List.of(
                        scenario("steady", 303_000_000L).withIntegration(integration),
                        scenario("steady_direct", 300_000_000L)));
    }

    /** The run the reports see: the file's metrics, its environment and its memory samples. */
    public static RunResult run() {
        LoadReader reader = new LoadReader();
        LoadMetrics file = file();
        return new RunResult(
                "paired",
                Instant.parse("2026-11-26T10:00:00Z"),
                reader.environment(file),
                reader.metrics(file),
                RunStatus.VALID,
                List.of(),
                reader.timeSeries(file),
                reader.memorySamples(file));
    }

    private static ScenarioMetrics scenario(String name, long ttftNs) {
        Histogram ttft = new Histogram(3_600_000_000_000L, 3);
        ttft.recordValueWithCount(ttftNs, 20);
        ModelMetrics model = new ModelMetrics(
                MODEL, new Counters(20, 20, Map.of(), 20), 2_000, Map.of("ttft", HistogramData.of(ttft, "ns")));
        return new ScenarioMetrics(
                name,
                Status.VALID,
                List.of(),
                new Window("2026-11-26T10:00:00Z", "2026-11-26T10:20:00Z"),
                new Injection("open", 1, 1, 2),
                new Target("gateway", List.of("http://127.0.0.1:11435")),
                Map.of("ollama.perf.paired", "true"),
                new Objectives(Map.of()),
                List.of(model));
    }
}
