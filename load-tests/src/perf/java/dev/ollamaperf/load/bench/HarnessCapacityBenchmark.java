package dev.ollamaperf.load.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ollamaperf.emulator.Emulator;
import dev.ollamaperf.emulator.EmulatorConfig;
import dev.ollamaperf.emulator.engine.EngineSettings;
import dev.ollamaperf.emulator.engine.EngineStats;
import dev.ollamaperf.emulator.engine.ModelCatalogue;
import dev.ollamaperf.emulator.engine.ModelProfile;
import dev.ollamaperf.load.simulations.SteadySimulation;
import io.gatling.app.Gatling$;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import org.HdrHistogram.Histogram;

/**
 * How many concurrent streams, and streamed tokens per second, the harness can drive on this
 * machine before its own overhead distorts what it measures. Not a test: run it by hand.
 *
 * <p>For each concurrency it runs the steady scenario (closed model, N users) through Gatling against
 * the embedded emulator, whose profile emits one token every 50 ms per stream with no jitter and no
 * batching penalty, and as many slots as users. It prints the inter-token latency the harness
 * measured (p50, p99) next to the emulator's own scheduling lateness (p50, p99): what the harness
 * adds on top of the emulator is the difference. Both run on the same cores, as in CI.
 *
 * <p>Run: {@code MAVEN_OPTS=--add-opens=java.base/java.lang=ALL-UNNAMED ./mvnw -B -q -pl load-tests exec:java@harness-capacity, after ./mvnw -B -q -pl load-tests -am install -DskipTests} (optional
 * args: concurrency levels, default {@code 10 100 500 1000}; seconds per level, default 10).
 */
public final class HarnessCapacityBenchmark {

    private static final long INTERVAL_MS = 50;

    private HarnessCapacityBenchmark() {}

    public static void main(String[] args) throws Exception {
        int[] levels = args.length > 0
                ? java.util.Arrays.stream(args[0].split(","))
                        .mapToInt(Integer::parseInt)
                        .toArray()
                : new int[] {10, 100, 500, 1000};
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        System.out.printf(
                "machine: %d cores, %s %s%n",
                Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.vm.name"),
                System.getProperty("java.version"));
        System.out.println(
                "| streams | tokens/s driven | harness inter-token p50 / p99 (ms) | emulator lateness p50 / p99 (ms) | errors |");
        System.out.println("|---|---|---|---|---|");
        for (int users : levels) {
            System.out.println(level(users, seconds));
        }
        System.exit(0);
    }

    private static String level(int users, int seconds) throws Exception {
        ModelProfile profile = new ModelProfile(
                "bench:latest",
                "llama",
                "1B",
                "Q4_K_M",
                700_000_000L,
                8192,
                1024,
                Duration.ofMillis(10),
                1_000_000,
                Duration.ofMillis(1),
                1000.0 / INTERVAL_MS,
                0,
                0,
                40,
                0,
                List.of("completion"),
                0,
                "benchmark profile");
        Path run = Files.createTempDirectory("harness-capacity");
        try (Emulator emulator = Emulator.start(EmulatorConfig.of(EngineSettings.builder()
                .catalogue(new ModelCatalogue(List.of(profile)))
                .numParallel(users)
                .build()))) {
            System.setProperty("ollama.perf.endpoint", emulator.baseUri().toString());
            System.setProperty("ollama.perf.models", "bench:latest");
            System.setProperty("ollama.perf.users", Integer.toString(users));
            System.setProperty("ollama.perf.duration", seconds + "s");
            System.setProperty("ollama.perf.numPredict", "40");
            System.setProperty("ollama.perf.prompts", "synthetic");
            System.setProperty("ollama.perf.promptTokens", "8");
            System.setProperty("ollama.perf.run", run.toString());
            Gatling$.MODULE$.fromArgs(new String[] {
                "--simulation",
                SteadySimulation.class.getName(),
                "--results-folder",
                run.resolve("gatling").toString(),
                "--no-reports"
            });
            EngineStats.SchedulingLateness lateness = emulator.engine().stats().schedulingLateness();
            JsonNode scenario = new ObjectMapper()
                    .readTree(run.resolve("load/metrics.json").toFile())
                    .path("scenarios")
                    .get(0);
            JsonNode model = scenario.path("models").get(0);
            Histogram gaps = decode(
                    model.path("histograms").path("inter_token").path("hdr").asText());
            double windowSeconds = Duration.between(
                                    java.time.Instant.parse(scenario.path("window")
                                            .path("start")
                                            .asText()),
                                    java.time.Instant.parse(
                                            scenario.path("window").path("end").asText()))
                            .toNanos()
                    / 1e9;
            double tokensPerSecond = model.path("output_tokens").asLong() / windowSeconds;
            long errors = model.path("counters").path("requests").asLong()
                    - model.path("counters").path("ok").asLong();
            return String.format(
                    Locale.ROOT,
                    "| %d | %.0f | %.1f / %.1f | %.1f / %.1f | %d |",
                    users,
                    tokensPerSecond,
                    gaps.getValueAtPercentile(50) / 1e6,
                    gaps.getValueAtPercentile(99) / 1e6,
                    lateness.p50Nanos() / 1e6,
                    lateness.p99Nanos() / 1e6,
                    errors);
        }
    }

    private static Histogram decode(String base64) throws Exception {
        return Histogram.decodeFromCompressedByteBuffer(
                ByteBuffer.wrap(Base64.getDecoder().decode(base64)), 0);
    }
}
