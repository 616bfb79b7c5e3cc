package dev.ollamaperf.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openjdk.jmh.runner.BenchmarkList;
import org.openjdk.jmh.runner.BenchmarkListEntry;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * Every benchmark of the suite runs, with every {@code @Param} combination the quick mode uses, so a
 * benchmark that cannot run (a fixture that expired, a peer that cannot connect) fails {@code verify}
 * instead of the gate. Smoke mode: in-process, no warm-up, one 10 ms iteration per configuration; the
 * numbers are not looked at, only that each configuration produced one.
 */
final class BenchmarkSmokeTest {

    @Test
    @Timeout(value = 300, unit = TimeUnit.SECONDS)
    void smokeMode_wholeSuite_runsEveryBenchmarkInEveryParamCombination(@TempDir Path run) throws Exception {
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        BenchmarkSuite suite = new BenchmarkSuite(new PrintStream(console, true, StandardCharsets.UTF_8));

        int exit = BenchmarkSuite.commandLine(suite).execute("--mode", "smoke", "--run", run.toString());

        assertThat(exit).as(console.toString(StandardCharsets.UTF_8)).isZero();
        JsonNode results =
                new ObjectMapper().readTree(run.resolve("jmh/results.json").toFile());
        Map<String, Integer> ran = new TreeMap<>();
        for (JsonNode row : results) {
            ran.merge(row.path("benchmark").asText(), 1, Integer::sum);
            assertThat(row.path("primaryMetric").path("score").asDouble())
                    .as(row.path("benchmark").asText())
                    .isPositive();
            assertThat(row.path("secondaryMetrics").has("gc.alloc.rate.norm")).isTrue();
        }
        assertThat(ran).isEqualTo(configurationsPerBenchmark()).hasSizeGreaterThan(10);
    }

    /** What the annotation processor registered: each benchmark method with its number of @Param combinations. */
    private static Map<String, Integer> configurationsPerBenchmark() {
        Map<String, Integer> expected = new TreeMap<>();
        var silent = OutputFormatFactory.createFormatInstance(System.out, VerboseMode.SILENT);
        for (BenchmarkListEntry entry : BenchmarkList.defaultList().getAll(silent, List.of())) {
            int combinations = 1;
            if (entry.getParams().hasValue()) {
                for (String[] values : entry.getParams().get().values()) {
                    combinations *= values.length;
                }
            }
            expected.put(entry.getUsername(), combinations);
        }
        return expected;
    }
}
