package dev.ollamaperf.results;

import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/** Builds small, exactly known {@link LoadMetrics} values for tests. */
final class LoadMetricsFixtures {

    private LoadMetricsFixtures() {}

    /** One scenario 'steady', one model, {@code ok} requests all with TTFT {@code ttftNs}, {@code errors} 503s. */
    static LoadMetrics file(String injector, long ttftNs, int ok, int errors) {
        Histogram ttft = new Histogram(3_600_000_000_000L, 3);
        ttft.recordValueWithCount(ttftNs, ok);
        Histogram tps = new Histogram(3);
        tps.recordValueWithCount(45_000, ok);
        ModelMetrics model = new ModelMetrics(
                "llama3.2:latest",
                new Counters(ok + errors, ok, errors == 0 ? Map.of() : Map.of("http_503", (long) errors), ok),
                ok * 100L,
                Map.of("ttft", HistogramData.of(ttft, "ns"), "output_tps", HistogramData.of(tps, "mtok/s")));
        ScenarioMetrics scenario = new ScenarioMetrics(
                "steady",
                Status.VALID,
                List.of(),
                new Window("2026-11-26T10:00:00Z", "2026-11-26T10:01:40Z"),
                new Injection("open", 10, 9.9, 4),
                new Target("emulator", List.of("http://127.0.0.1:11434")),
                Map.of("users", "4"),
                new Objectives(Map.of("ttft", 1_500_000_000L)),
                List.of(model));
        return new LoadMetrics(1, injector, List.of(scenario));
    }

    /** The file with its one scenario given a time series (which must add up to the scenario's counters). */
    static LoadMetrics withSeries(LoadMetrics file, TimeSeries series) {
        return new LoadMetrics(
                1, file.injector(), List.of(file.scenarios().get(0).withTimeseries(series)));
    }

    /** The file with its one scenario given the integration's measurements. */
    static LoadMetrics withIntegration(LoadMetrics file, IntegrationMetrics integration) {
        return new LoadMetrics(
                1, file.injector(), List.of(file.scenarios().get(0).withIntegration(integration)));
    }

    /** Memory of an integration JVM whose heap after collection went from {@code start} to {@code end}. */
    static IntegrationMetrics.JvmMemory memory(long start, long end, long allocated, int threads) {
        return new IntegrationMetrics.JvmMemory(
                start,
                end,
                end,
                allocated,
                80_000_000L,
                3,
                2_000_000L,
                5_000_000L,
                threads,
                List.of(new IntegrationMetrics.Sample(0, start, 80_000_000L, threads)));
    }

    /** A point; TTFT {@code p50, p95} when {@code ttft} is given as two values. */
    static TimeSeries.Point point(
            long t, long started, long ok, long errors, long tokens, long max, long end, Long... ttft) {
        return new TimeSeries.Point(
                t,
                started,
                ok,
                errors,
                tokens,
                max,
                end,
                ttft.length == 0 ? null : ttft[0],
                ttft.length == 0 ? null : ttft[1]);
    }
}
