package dev.ollamaperf.results;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.HdrHistogram.Histogram;

/**
 * Fixed, seeded values of every format, for the golden files: each touches every field of its format,
 * optional ones present and absent (a time series point with and without TTFT, a scenario without a
 * series, a scenario with and one without an integration block, a model with and without conversation turns,
 * each model-load state).
 */
final class GoldenValues {

    private GoldenValues() {}

    static EnvironmentInfo environment() {
        return new EnvironmentInfo(
                EnvironmentInfo.VERSION,
                "2026-11-26T10-00-00Z",
                "2026-11-26T10:00:00Z",
                Map.of(
                        "version",
                        "17.0.12",
                        "vendor",
                        "Eclipse Adoptium",
                        "vm",
                        "OpenJDK 64-Bit Server VM",
                        "args",
                        "-Xmx1g"),
                Map.of("model", "Intel(R) Xeon(R) CPU @ 2.20GHz", "cores", "2"),
                Map.of("name", "Linux", "version", "6.8.0", "arch", "amd64"),
                Map.of("commit", "72e41a9", "branch", "main", "dirty", "false"),
                Map.of("kind", "emulator", "endpoints", "http://127.0.0.1:11434"),
                Map.of("OLLAMA_MAX_CONCURRENT", "5", "duration", "30s", "users", "5"));
    }

    static LoadMetrics metrics() {
        Random random = new Random(42);
        ModelMetrics llama = new ModelMetrics(
                "llama3.2:latest",
                new Counters(12, 10, Map.of("http_503", 1L, "timeout", 1L), 9),
                1_000,
                Map.of(
                        "ttft",
                        latencies(random, 10, 150e6),
                        "inter_token",
                        latencies(random, 90, 20e6),
                        "e2e",
                        latencies(random, 10, 2e9),
                        "output_tps",
                        rates(random, 10, 45_000)));
        TimeSeries series = new TimeSeries(
                1_000,
                "2026-11-26T10:00:00Z",
                List.of(
                        new TimeSeries.Point(0, 8, 5, 1, 500, 4, 2, 120_000_000L, 250_000_000L),
                        new TimeSeries.Point(1_000, 4, 5, 1, 500, 4, 0, null, null)));
        ScenarioMetrics steady = new ScenarioMetrics(
                "steady",
                Status.VALID,
                List.of(),
                new Window("2026-11-26T10:00:00Z", "2026-11-26T10:00:02.500Z"),
                new Injection("closed", 0, 4.8, 4),
                new Target("emulator", List.of("http://127.0.0.1:11434")),
                Map.of("ollama.perf.users", "4", "ollama.perf.duration", "PT2.5S"),
                new Objectives(Map.of()),
                List.of(llama),
                series,
                integration());
        ModelMetrics mistral = new ModelMetrics(
                "mistral:7b",
                new Counters(19, 19, Map.of(), 18),
                1_900,
                Map.of(
                        "ttft",
                        latencies(random, 19, 400e6),
                        "e2e",
                        latencies(random, 19, 3e9),
                        "slot_wait",
                        latencies(random, 19, 5e6),
                        "queue_wait",
                        latencies(random, 19, 1e6)));
        ScenarioMetrics arrival = new ScenarioMetrics(
                "arrival",
                Status.INVALID,
                List.of("missed target arrival rate: 19 requests sent, 20 expected at 2.00/s over PT10S"),
                new Window("2026-11-26T10:00:03Z", "2026-11-26T10:00:13Z"),
                new Injection("open", 2.0, 1.9, 3),
                new Target("gateway", List.of("http://127.0.0.1:11435")),
                Map.of("ollama.perf.rate", "2", "ollama.perf.duration", "PT10S"),
                new Objectives(Map.of("ttft", 1_500_000_000L, "e2e", 5_000_000_000L)),
                List.of(mistral));
        return new LoadMetrics(LoadMetrics.VERSION, "injector-1", List.of(steady, arrival, session(random)));
    }

    /** A session workload's scenario: one model with two conversation turns, the second with a longer prompt. */
    private static ScenarioMetrics session(Random random) {
        ModelMetrics llama = new ModelMetrics(
                "llama3.2:latest",
                new Counters(7, 7, Map.of(), 7),
                448,
                Map.of("ttft", latencies(random, 7, 160e6), "e2e", latencies(random, 7, 1.5e9)),
                List.of(
                        new TurnMetrics(
                                1,
                                4,
                                4,
                                Map.of(
                                        "ttft",
                                        latencies(random, 4, 150e6),
                                        "e2e",
                                        latencies(random, 4, 1.4e9),
                                        "prompt_eval",
                                        latencies(random, 4, 40e6),
                                        "prompt_tokens",
                                        counts(random, 4, 120),
                                        "prompt_rate",
                                        rates(random, 4, 3_000_000))),
                        new TurnMetrics(2, 3, 3, Map.of("ttft", latencies(random, 3, 170e6)))));
        return new ScenarioMetrics(
                "session",
                Status.VALID,
                List.of(),
                new Window("2026-11-26T10:00:14Z", "2026-11-26T10:00:16Z"),
                new Injection("closed", 0, 3.5, 2),
                new Target("emulator", List.of("http://127.0.0.1:11434")),
                Map.of("ollama.perf.turns", "2", "ollama.perf.thinkTime", "PT0.5S"),
                new Objectives(Map.of()),
                List.of(llama));
    }

    /**
     * The integration block of the golden 'steady': two latencies (one difference negative: the integration was
     * faster in that pair), a cache, memory with samples, and four users' answered requests.
     */
    static IntegrationMetrics integration() {
        return new IntegrationMetrics(
                "steady_direct",
                List.of(
                        new IntegrationMetrics.PairedLatency(
                                "llama3.2:latest", "ttft", List.of(3_100_000L, -250_000L, 2_900_000L)),
                        new IntegrationMetrics.PairedLatency(
                                "llama3.2:latest", "e2e", List.of(4_200_000L, 3_800_000L, 5_000_000L))),
                10,
                8,
                3,
                new IntegrationMetrics.JvmMemory(
                        12_000_000L,
                        12_500_000L,
                        13_000_000L,
                        3_100_000L,
                        95_000_000L,
                        2,
                        4_000_000L,
                        6_000_000L,
                        31,
                        List.of(
                                new IntegrationMetrics.Sample(0, 20_000_000L, 90_000_000L, 30),
                                new IntegrationMetrics.Sample(1_000, 35_000_000L, 95_000_000L, 31))),
                List.of(3L, 2L, 3L, 2L));
    }

    static ServerInfo server() {
        return new ServerInfo(
                ServerInfo.VERSION,
                "2026-11-26T10:00:14Z",
                List.of(new ServerInfo.Endpoint(
                        "http://127.0.0.1:11434",
                        "0.32.15",
                        List.of(
                                new ServerInfo.LoadedModel(
                                        "llama3.2:latest",
                                        3_320_000_000L,
                                        3_320_000_000L,
                                        4096,
                                        "llama",
                                        "3.2B",
                                        "Q4_K_M"),
                                new ServerInfo.LoadedModel("mistral:7b", 4_400_000_000L, 0, 0, "", "", "")),
                        List.of(
                                new ServerInfo.ModelLoad("gemma3:latest", ServerInfo.ModelLoad.NOT_MEASURED, null),
                                new ServerInfo.ModelLoad(
                                        "llama3.2:latest", ServerInfo.ModelLoad.LOADED_BY_RUN, 1_500_000_000L),
                                new ServerInfo.ModelLoad("mistral:7b", ServerInfo.ModelLoad.ALREADY_LOADED, null)))));
    }

    static CapacitySweep sweep() {
        return new CapacitySweep(
                CapacitySweep.VERSION,
                "2026-11-26T10:05:00Z",
                CapacitySweep.RATE,
                List.of(1.0, 2.0, 2.5),
                30.0,
                new CapacitySweep.StopRule(0.05, 2.0, 0.2, 2),
                true,
                "saturated: capacity_r2 gained 12% of the proportional throughput (< 20%) twice",
                "4",
                List.of(
                        new CapacitySweep.Step("capacity_r1", 1.0, 30, 0, 30.2, 410.5, 3_320_000_000L, 0),
                        new CapacitySweep.Step("capacity_r2", 2.0, 60, 1, 30.4, 820.25, 3_450_000_000L, 0)),
                List.of(new CapacitySweep.ModelPlan(
                        "llama3.2:latest", 2_019_393_189L, 4096, 131_072, 28, 8, 128, 128, 114_688)));
    }

    /** Three lines: a first turn, its second turn (same session) and a cache hit; the last with its text. */
    static List<TrafficRecord> traffic() {
        TrafficRecord.TrafficOptions options = new TrafficRecord.TrafficOptions(64L, 4096L, 0.0, 42L);
        return List.of(
                new TrafficRecord(
                        1,
                        "2026-11-26T10:00:00.125Z",
                        "/api/chat",
                        "llama3.2:1b",
                        true,
                        options,
                        31L,
                        64L,
                        2,
                        "8f2d1c0a9b7e6d54",
                        "llama3.2:1b",
                        false,
                        "ok",
                        200,
                        41.5,
                        912.25,
                        null),
                new TrafficRecord(
                        1,
                        "2026-11-26T10:00:02.500Z",
                        "/api/chat",
                        "llama3.2:1b",
                        true,
                        options,
                        null,
                        null,
                        4,
                        "8f2d1c0a9b7e6d54",
                        null,
                        false,
                        "error",
                        503,
                        null,
                        3.0,
                        null),
                new TrafficRecord(
                        1,
                        "2026-11-26T10:00:03Z",
                        "/v1/chat/completions",
                        "qwen2.5:0.5b",
                        false,
                        new TrafficRecord.TrafficOptions(16L, null, null, null),
                        12L,
                        5L,
                        1,
                        "0c1f5a4e3d2b1a09",
                        "qwen2.5:0.5b",
                        true,
                        "ok",
                        200,
                        0.75,
                        0.75,
                        new TrafficRecord.TrafficText(
                                List.of(new TrafficRecord.TrafficMessage("user", "Say \"hi\" in five words")),
                                "Hi there, how are you?")));
    }

    static ProfileFile profiles() {
        return new ProfileFile(
                List.of(
                        "Emulator profiles recorded by ollama-perf record-profile at 2026-11-26T10:00:00Z.",
                        "Each profile's 'source' says which parameters were measured."),
                List.of(
                        new ProfileFile.Profile(
                                "rec:latest",
                                "llama",
                                "3.2B",
                                "Q4_K_M",
                                2_019_393_189L,
                                131_072,
                                114_688,
                                "312.456789ms",
                                1987.654321,
                                "41.234567ms",
                                59.87654,
                                0.1034,
                                0.2871,
                                31,
                                8,
                                0,
                                0,
                                List.of("completion", "tools"),
                                0,
                                "recorded \"here\", with a quote",
                                0.0734),
                        new ProfileFile.Profile(
                                "nomic-embed-text:latest",
                                "nomic-bert",
                                "137M",
                                "F16",
                                274_302_450L,
                                2048,
                                0,
                                "1.2s",
                                4000.0,
                                "5ms",
                                1.0,
                                0.0,
                                0.0,
                                1,
                                0,
                                0,
                                0,
                                List.of("embedding"),
                                768,
                                "nomic.ai model card",
                                0)));
    }

    /** The two benchmarks of {@code golden-jmh.json}, as the reader must see them. */
    static List<JmhResult> jmh() {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("tier", "memory");
        params.put("payload", "1k");
        Map<String, JmhScore> secondary = new LinkedHashMap<>();
        secondary.put(
                "gc.alloc.rate",
                new JmhScore(
                        1265.2049196384428,
                        1188.0895353122788,
                        1342.3203039646068,
                        "MB/sec",
                        6,
                        List.of(1248.314911162486, 1282.0684042395517)));
        secondary.put(
                JmhResult.ALLOC_NORM,
                new JmhScore(64.00001, 63.99999, 64.00003, "B/op", 6, List.of(64.00000333333334, 64.00001666666667)));
        return List.of(
                new JmhResult(
                        "dev.ollamaperf.benchmarks.CacheBenchmark.get_memoryHit",
                        "avgt",
                        params,
                        new JmhScore(
                                48.21716305105183,
                                45.30345458403209,
                                51.13087151807157,
                                "ns/op",
                                6,
                                List.of(47.49240461971677, 48.941921482386896)),
                        secondary),
                new JmhResult(
                        "dev.ollamaperf.benchmarks.JsonBenchmark.decode_chunk",
                        "thrpt",
                        Map.of(),
                        new JmhScore(1234567.5, Double.NaN, Double.NaN, "ops/s", 1, List.of(1234567.5)),
                        Map.of()));
    }

    /** {@code n} latencies around {@code meanNanos}, in a recorder's histogram (integer ns, 3 digits, up to 1 h). */
    private static HistogramData latencies(Random random, int n, double meanNanos) {
        Histogram h = new Histogram(3_600_000_000_000L, 3);
        for (int i = 0; i < n; i++) {
            h.recordValue(Math.max(1, Math.round(meanNanos * (1 + 0.2 * random.nextGaussian()))));
        }
        return HistogramData.of(h, "ns");
    }

    /** {@code n} token counts around {@code mean}. */
    private static HistogramData counts(Random random, int n, double mean) {
        Histogram h = new Histogram(1_000_000L, 3);
        for (int i = 0; i < n; i++) {
            h.recordValue(Math.max(1, Math.round(mean * (1 + 0.1 * random.nextGaussian()))));
        }
        return HistogramData.of(h, "tokens");
    }

    /** {@code n} output rates around {@code meanMilliTps}, in thousandths of a token per second. */
    private static HistogramData rates(Random random, int n, double meanMilliTps) {
        Histogram h = new Histogram(100_000_000L, 3);
        for (int i = 0; i < n; i++) {
            h.recordValue(Math.max(1, Math.round(meanMilliTps * (1 + 0.1 * random.nextGaussian()))));
        }
        return HistogramData.of(h, "mtok/s");
    }
}
