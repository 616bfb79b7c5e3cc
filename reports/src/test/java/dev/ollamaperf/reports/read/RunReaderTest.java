package dev.ollamaperf.reports.read;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.ollamaperf.reports.metric.Direction;
import dev.ollamaperf.reports.metric.Metric;
import dev.ollamaperf.reports.metric.RunResult;
import dev.ollamaperf.reports.metric.RunStatus;
import dev.ollamaperf.reports.metric.Unit;
import dev.ollamaperf.results.FormatException;
import dev.ollamaperf.results.TimeSeries;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reads the fixture run folder {@code run1}: a hand-made JMH file in JMH 1.37's format, an environment, a
 * server file, and a {@code metrics.json} with exactly known distributions (98 ok requests of llama3.2 with
 * TTFT 200, 202, ... 394 ms; e2e = TTFT + 2 s; 2 errors; gemma2 with 2 errors and nothing else).
 */
@Timeout(30)
final class RunReaderTest {

    @TempDir
    Path dir;

    private Path run;

    @BeforeEach
    void copyFixture() throws IOException, URISyntaxException {
        Path source = Path.of(getClass().getResource("run1").toURI());
        run = dir.resolve("run1");
        try (Stream<Path> files = Files.walk(source)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                Path target = run.resolve(source.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    @Test
    void read_jmhPrimaryMetric_namedWithParamsAndIntervalFromConfidence() {
        Metric time = read().metric("jmh.CacheBenchmark.get_memoryHit[payload=1k,tier=memory].time")
                .orElseThrow();

        assertThat(time.value()).isEqualTo(48.21716305105183);
        assertThat(time.unit()).isEqualTo(Unit.NANOSECONDS_PER_OP);
        assertThat(time.direction()).isEqualTo(Direction.LOWER_IS_BETTER);
        assertThat(time.uncertainty().low()).isEqualTo(45.30345458403209);
        assertThat(time.uncertainty().high()).isEqualTo(51.13087151807157);
        assertThat(time.uncertainty().confidence()).isEqualTo(0.999);
        assertThat(time.samples()).isEqualTo(6);
    }

    @Test
    void read_jmhAllocation_isBytesPerOpLowerIsBetter() {
        Metric alloc = read().metric("jmh.CacheBenchmark.get_memoryHit[payload=1k,tier=memory].alloc")
                .orElseThrow();

        assertThat(alloc.unit()).isEqualTo(Unit.BYTES_PER_OP);
        assertThat(alloc.value()).isCloseTo(64.0, within(0.001));
        assertThat(alloc.direction()).isEqualTo(Direction.LOWER_IS_BETTER);
    }

    @Test
    void read_jmhThroughputWithNaNError_higherIsBetterWithoutInterval() {
        Metric thrpt =
                read().metric("jmh.NdjsonDecodeBenchmark.decode_perChunk.thrpt").orElseThrow();

        assertThat(thrpt.unit()).isEqualTo(Unit.OPS_PER_MILLISECOND);
        assertThat(thrpt.direction()).isEqualTo(Direction.HIGHER_IS_BETTER);
        assertThat(thrpt.interval()).isEmpty();
    }

    @Test
    void read_loadTtftP95_isRank94OfKnownDistribution() {
        // ceil(0.95 * 98) = 94th smallest = 200 + 2 * 93 = 386 ms; HdrHistogram (3 digits) rounds up by < 0.3 ms here.
        Metric p95 = read().metric("load.steady.llama3.2:latest.ttft.p95").orElseThrow();

        assertThat(p95.value()).isCloseTo(386.0, within(0.3));
        assertThat(p95.unit()).isEqualTo(Unit.MILLISECONDS);
        assertThat(p95.samples()).isEqualTo(98);
        assertThat(p95.uncertainty().low()).isLessThan(386.0);
        assertThat(p95.uncertainty().high()).isGreaterThan(386.0);
        assertThat(p95.distribution()).isPresent();
    }

    @Test
    void read_loadScenarioRatesAndRatios_fromCounters() {
        RunResult result = read();

        assertThat(value(result, "load.steady.throughput.rps")).isCloseTo(0.98, within(1e-12));
        assertThat(value(result, "load.steady.errors.ratio")).isCloseTo(4.0 / 102, within(1e-12));
        assertThat(value(result, "load.steady.errors.http_503.ratio"))
                .as("errors by kind, over both models")
                .isCloseTo(4.0 / 102, within(1e-12));
        assertThat(value(result, "load.steady.goodput.ratio")).isCloseTo(91.0 / 102, within(1e-12));
        assertThat(value(result, "load.steady.output_tokens.tps")).isCloseTo(49.0, within(1e-12));
        assertThat(value(result, "load.steady.llama3.2:latest.output_tps.mean")).isCloseTo(25.0, within(0.01));
        assertThat(value(result, "load.steady.llama3.2:latest.e2e.p50")).isCloseTo(2296.0, within(1.0));
    }

    @Test
    void read_modelWithOnlyErrors_hasRatiosButNoLatencies() {
        RunResult result = read();

        assertThat(value(result, "load.steady.gemma2:latest.errors.ratio")).isEqualTo(1.0);
        assertThat(result.metric("load.steady.gemma2:latest.ttft.p95")).isEmpty();
    }

    @Test
    void read_server_memoryBytesPerModel() {
        assertThat(value(read(), "server.llama3.2:latest.memory.bytes")).isEqualTo(3.32e9);
    }

    @Test
    void read_environment_flattenedWithSources() {
        RunResult result = read();

        assertThat(result.runId()).isEqualTo("2026-11-26T10-00-00Z-abc1234");
        assertThat(result.status()).isEqualTo(RunStatus.VALID);
        assertThat(result.environment())
                .containsEntry("git.commit", "abc1234")
                .containsEntry("run.sources", "jmh,load,server")
                .containsEntry("server.0.ollama_version", "0.12.6");
    }

    @Test
    void read_secondInjectorFile_mergedIntoOneScenario() throws IOException {
        Files.copy(run.resolve("load/metrics.json"), run.resolve("load/metrics-b.json"));

        RunResult result = read();

        assertThat(value(result, "load.steady.requests")).isEqualTo(204);
        assertThat(value(result, "load.steady.throughput.rps")).isCloseTo(1.96, within(1e-12));
        assertThat(value(result, "load.steady.llama3.2:latest.ttft.p95")).isCloseTo(386.0, within(0.3));
        assertThat(result.environment()).containsEntry("load.injectors", "injector-a+injector-a");
        TimeSeries series = result.timeSeries().get("steady");
        assertThat(series.ok()).as("the two files' buckets added").isEqualTo(196);
        assertThat(series.points()).hasSize(100);
        assertThat(series.points().get(0).activeMax()).isEqualTo(4);
    }

    @Test
    void read_loadWithTimeSeries_carriesItToTheResult() {
        RunResult result = read();

        TimeSeries series = result.timeSeries().get("steady");
        assertThat(series.stepMs()).isEqualTo(1_000);
        assertThat(series.started()).isEqualTo((long) value(result, "load.steady.requests"));
        assertThat(series.outputTokens()).isEqualTo(4_900);
        assertThat(series.points().get(1).ttftP50Ns()).isEqualTo(336_130_371L);
    }

    @Test
    void read_invalidScenario_runInvalidWithReason() throws IOException {
        Path metrics = run.resolve("load/metrics.json");
        Files.writeString(
                metrics,
                Files.readString(metrics)
                        .replace(
                                "\"status\" : \"VALID\",\n    \"reasons\" : [ ]",
                                "\"status\" : \"INVALID\",\n    \"reasons\" : [ \"achieved 0.8 rps of target 1.0\" ]"));

        RunResult result = read();

        assertThat(result.status()).isEqualTo(RunStatus.INVALID);
        assertThat(result.reasons()).containsExactly("load scenario 'steady': achieved 0.8 rps of target 1.0");
    }

    @Test
    void read_missingEnvironment_failsNamingFile() throws IOException {
        Files.delete(run.resolve("environment.json"));

        assertThatThrownBy(this::read)
                .isInstanceOf(FormatException.class)
                .hasMessageContaining("environment.json: missing");
    }

    @Test
    void read_jmhUnknownUnit_failsNamingFileBenchmarkAndUnit() throws IOException {
        Path jmh = run.resolve("jmh/results.json");
        Files.writeString(jmh, Files.readString(jmh).replace("\"ops/ms\"", "\"ops/fortnight\""));

        assertThatThrownBy(this::read)
                .isInstanceOf(FormatException.class)
                .hasMessageContaining(
                        "results.json: benchmark 'dev.ollamaperf.benchmarks.NdjsonDecodeBenchmark.decode_perChunk'")
                .hasMessageContaining("unknown unit 'ops/fortnight'");
    }

    @Test
    void read_corruptHistogram_failsNamingCount() throws IOException {
        Path metrics = run.resolve("load/metrics.json");
        Files.writeString(metrics, Files.readString(metrics).replaceFirst("\"count\" : 98", "\"count\" : 97"));

        assertThatThrownBy(this::read).hasMessageContaining("'count' says 97 but the histogram holds 98");
    }

    @Test
    void read_histogramDamagedInside_failsAsInputNamingTheFolder() throws IOException {
        Path metrics = run.resolve("load/metrics.json");
        String text = Files.readString(metrics);
        int hdr = text.indexOf("\"hdr\" : \"") + 9;
        // A few characters of the base64 payload changed: still base64, no longer a histogram.
        Files.writeString(metrics, text.substring(0, hdr + 8) + "AAAA////" + text.substring(hdr + 16));

        assertThatThrownBy(this::read)
                .isInstanceOf(dev.ollamaperf.results.FormatException.class)
                .hasMessageContaining(metrics.toString())
                .hasMessageContaining("'hdr' is not a base64 compressed HdrHistogram");
    }

    private RunResult read() {
        return new RunReader().read(run);
    }

    private static double value(RunResult result, String name) {
        return result.metric(name)
                .orElseThrow(() -> new AssertionError("no metric " + name + " in "
                        + result.metrics().stream().map(Metric::name).toList()))
                .value();
    }
}
