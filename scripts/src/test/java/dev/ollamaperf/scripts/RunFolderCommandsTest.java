package dev.ollamaperf.scripts;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every command that writes a run folder writes its {@code environment.json} too, so that
 * {@code perf report} can read any run folder, not only the gate's.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
final class RunFolderCommandsTest {

    private static final Duration LIMIT = Duration.ofMinutes(2);

    @TempDir
    Path dir;

    @Test
    void load_runFolderOfOneScenario_canBeReported() throws Exception {
        Path run = dir.resolve("load-run");
        PerfScript load = new PerfScript(dir.resolve("load.out"), Map.of("OLLAMA_MAX_CONCURRENT", "1"));

        int loaded = load.run(LIMIT, "load", "steady", "--run", run.toString(), "-Dollama.perf.duration=2s",
                "-Dollama.perf.numPredict=8");

        assertThat(loaded).as(load.output()).isZero();
        assertThat(run.resolve("environment.json")).isNotEmptyFile();
        assertReportable(run, "load.steady.");
    }

    @Test
    void bench_runFolder_canBeReported() throws Exception {
        Path run = dir.resolve("bench-run");
        PerfScript bench = new PerfScript(dir.resolve("bench.out"), Map.of());

        int benched = bench.run(LIMIT, "bench", "--mode", "smoke", "--run", run.toString(), "--include",
                "LimiterBenchmark.check_rateLimiter");

        assertThat(benched).as(bench.output()).isZero();
        assertThat(run.resolve("environment.json")).isNotEmptyFile();
        assertReportable(run, "jmh.LimiterBenchmark.check_rateLimiter");
    }

    private void assertReportable(Path run, String metric) throws InterruptedException {
        PerfScript report = new PerfScript(dir.resolve("report.out"), Map.of());

        int status = report.run(LIMIT, "report", run.toString(), "--no-history");

        assertThat(status).as(report.output()).isZero();
        assertThat(PerfScript.read(run.resolve("summary.md"))).startsWith("# Performance gate: PASS");
        assertThat(PerfScript.read(run.resolve("results.json"))).contains(metric);
    }
}
