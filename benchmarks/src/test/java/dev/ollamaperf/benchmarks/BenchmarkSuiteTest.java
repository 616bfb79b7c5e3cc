package dev.ollamaperf.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keeps the benchmark wiring from rotting: one real benchmark, forked and measured by the same entry
 * point the gate uses, must produce JMH JSON with a time score and the GC profiler's B/op.
 */
final class BenchmarkSuiteTest {

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void run_oneBenchmarkQuickMode_writesJsonWithAllocationPerOperation(@TempDir Path run) throws Exception {
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        BenchmarkSuite suite = new BenchmarkSuite(new PrintStream(console, true, StandardCharsets.UTF_8));

        int exit = BenchmarkSuite.commandLine(suite)
                .execute(
                        "--mode",
                        "quick",
                        "--run",
                        run.toString(),
                        "--include",
                        "ChatEncodeBenchmark.encode_chatRequest",
                        "--param",
                        "encoder=OURS",
                        "--param",
                        "messages=1");

        assertThat(exit).as(console.toString(StandardCharsets.UTF_8)).isZero();
        JsonNode results =
                new ObjectMapper().readTree(run.resolve("jmh/results.json").toFile());
        assertThat(results).hasSize(1);
        JsonNode result = results.get(0);
        assertThat(result.path("benchmark").asText()).endsWith("ChatEncodeBenchmark.encode_chatRequest");
        assertThat(result.path("forks").asInt()).isEqualTo(1);
        assertThat(result.path("primaryMetric").path("score").asDouble()).isPositive();
        assertThat(result.path("primaryMetric").path("scoreUnit").asText()).isEqualTo("ns/op");
        JsonNode allocation = result.path("secondaryMetrics").path("gc.alloc.rate.norm");
        assertThat(allocation.path("scoreUnit").asText()).isEqualTo("B/op");
        // Encoding allocates at least the output array: a zero here means the profiler is not wired.
        assertThat(allocation.path("score").asDouble()).isGreaterThan(16.0);
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void run_jmhOptionsAfterDoubleDash_winOverThePreset(@TempDir Path run) throws Exception {
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        BenchmarkSuite suite = new BenchmarkSuite(new PrintStream(console, true, StandardCharsets.UTF_8));

        int exit = BenchmarkSuite.commandLine(suite)
                .execute(
                        "--mode",
                        "full",
                        "--run",
                        run.toString(),
                        "--",
                        "-f",
                        "0",
                        "-wi",
                        "1",
                        "-w",
                        "20ms",
                        "-i",
                        "2",
                        "-r",
                        "20ms",
                        "-p",
                        "encoder=OURS",
                        "-p",
                        "messages=1",
                        "ChatEncodeBenchmark");

        assertThat(exit).as(console.toString(StandardCharsets.UTF_8)).isZero();
        JsonNode results =
                new ObjectMapper().readTree(run.resolve("jmh/results.json").toFile());
        assertThat(results).hasSize(1);
        JsonNode result = results.get(0);
        assertThat(result.path("forks").asInt()).isZero();
        assertThat(result.path("warmupIterations").asInt()).isEqualTo(1);
        assertThat(result.path("measurementIterations").asInt()).isEqualTo(2);
        assertThat(result.path("measurementTime").asText()).isEqualTo("20 ms");
        // The preset's profiler is still added when the options name none.
        assertThat(result.path("secondaryMetrics").has("gc.alloc.rate.norm")).isTrue();
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void run_optionJmhDoesNotKnow_exitsWithUsageErrorNamingIt(@TempDir Path run) {
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        BenchmarkSuite suite = new BenchmarkSuite(new PrintStream(console, true, StandardCharsets.UTF_8));

        int exit = BenchmarkSuite.commandLine(suite).execute("--run", run.toString(), "--", "-bogus", "1");

        assertThat(exit).isEqualTo(2);
        assertThat(console.toString(StandardCharsets.UTF_8))
                .contains("JMH does not accept")
                .contains("bogus");
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void run_unknownMode_exitsWithUsageError() {
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        BenchmarkSuite suite = new BenchmarkSuite(new PrintStream(console, true, StandardCharsets.UTF_8));

        int exit = BenchmarkSuite.commandLine(suite)
                .setErr(new java.io.PrintWriter(new java.io.OutputStreamWriter(console, StandardCharsets.UTF_8), true))
                .execute("--mode", "slow");

        assertThat(exit).isEqualTo(2);
        assertThat(console.toString(StandardCharsets.UTF_8)).contains("--mode").contains("slow");
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void run_includeThatIsNotARegex_exitsWithUsageErrorNamingIt(@TempDir Path run) {
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        BenchmarkSuite suite = new BenchmarkSuite(new PrintStream(console, true, StandardCharsets.UTF_8));

        int exit = BenchmarkSuite.commandLine(suite).execute("--run", run.toString(), "--include", "Cache(");
        int jmhExclude = BenchmarkSuite.commandLine(
                        new BenchmarkSuite(new PrintStream(console, true, StandardCharsets.UTF_8)))
                .execute("--run", run.toString(), "--", "-e", "[a");

        assertThat(exit).isEqualTo(2);
        assertThat(jmhExclude).isEqualTo(2);
        assertThat(console.toString(StandardCharsets.UTF_8))
                .contains("perf bench: 'Cache(' is not a regular expression (Unclosed group")
                .contains("perf bench: '[a' is not a regular expression")
                .doesNotContain("at java.base");
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void run_includeThatMatchesNothing_exitsWithUsageErrorSayingHowToList(@TempDir Path run) {
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        BenchmarkSuite suite = new BenchmarkSuite(new PrintStream(console, true, StandardCharsets.UTF_8));

        int exit = BenchmarkSuite.commandLine(suite)
                .execute("--run", run.toString(), "--include", "NoSuchBenchmarkAnywhere");

        assertThat(exit).isEqualTo(2);
        assertThat(console.toString(StandardCharsets.UTF_8))
                .contains("perf bench: no benchmark matches 'NoSuchBenchmarkAnywhere'; list them with java -jar"
                        + " benchmarks/target/ollama-perf-benchmarks.jar -l")
                .doesNotContain("failed: null");
    }
}
