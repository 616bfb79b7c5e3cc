package dev.ollamaperf.reports.read;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ollamaperf.reports.compare.BaselineComparator;
import dev.ollamaperf.reports.compare.Change;
import dev.ollamaperf.reports.metric.Direction;
import dev.ollamaperf.reports.metric.Interval;
import dev.ollamaperf.reports.metric.Metric;
import dev.ollamaperf.reports.metric.Statistic;
import dev.ollamaperf.reports.metric.Unit;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A benchmark whose forks disagree (a memory-tier cache hit: one JVM's JIT reads 16 B/op, another's 40,
 * docs/comparison-rules.md) must get an interval that holds both, so the swing is no regression against a baseline
 * of 16. JMH's own interval pools the 40 iterations as if independent and holds neither fork.
 */
@Timeout(60)
final class JmhForksTest {

    private static final String NAME = "jmh.CacheBenchmark.get_hit[payload=1024,tier=MEMORY].alloc";

    @TempDir
    Path dir;

    /**
     * Two forks of 20 iterations, at 16 and at 40 B/op. The score and scoreConfidence are what JMH computes from
     * that rawData: mean 28, sd 12.153, 99.9% Student t with 39 degrees of freedom (3.558), so 28 +- 6.837.
     */
    private Path results() throws Exception {
        String fork16 = String.join(", ", Collections.nCopies(20, "16.0"));
        String fork40 = String.join(", ", Collections.nCopies(20, "40.0"));
        String json = """
                [
                  {
                    "jmhVersion": "1.37",
                    "benchmark": "dev.ollamaperf.benchmarks.CacheBenchmark.get_hit",
                    "mode": "avgt",
                    "forks": 2,
                    "params": { "payload": "1024", "tier": "MEMORY" },
                    "primaryMetric": {
                      "score": 50.0, "scoreError": 1.0, "scoreConfidence": [49.0, 51.0], "scoreUnit": "ns/op",
                      "rawData": [[50.0, 50.0], [50.0, 50.0]]
                    },
                    "secondaryMetrics": {
                      "gc.alloc.rate.norm": {
                        "score": 28.0, "scoreError": 6.837, "scoreConfidence": [21.163, 34.837], "scoreUnit": "B/op",
                        "rawData": [[%s], [%s]]
                      }
                    }
                  }
                ]
                """.formatted(fork16, fork40);
        Path file = dir.resolve("jmh/results.json");
        Files.createDirectories(file.getParent());
        Files.writeString(file, json);
        return file;
    }

    private static Metric alloc(double value, Interval interval) {
        return new Metric(
                NAME, Unit.BYTES_PER_OP, Direction.LOWER_IS_BETTER, value, interval, 20, Statistic.SCORE, null, "jmh");
    }

    @Test
    void forksThatDisagree_widenTheIntervalToHoldEveryFork() throws Exception {
        Metric read = new JmhReader()
                .read(results()).stream()
                        .filter(m -> m.name().equals(NAME))
                        .findFirst()
                        .orElseThrow();

        assertThat(read.value()).isEqualTo(28.0);
        assertThat(read.uncertainty()).isEqualTo(new Interval(16.0, 40.0, JmhReader.JMH_CONFIDENCE));
    }

    @Test
    void theSwing_isNoRegression_whileJmhsOwnIntervalWouldFailIt() throws Exception {
        Metric read = new JmhReader()
                .read(results()).stream()
                        .filter(m -> m.name().equals(NAME))
                        .findFirst()
                        .orElseThrow();
        // a baseline run whose one fork read 16 B/op every iteration (JMH: [16, 16])
        Metric baseline = alloc(16, new Interval(16, 16, JmhReader.JMH_CONFIDENCE));

        assertThat(BaselineComparator.classify(baseline, read, 0.10).change()).isNotEqualTo(Change.REGRESSED);
        // the interval JMH wrote, alone: 21.163 - 16 is beyond the 10% band (1.6), a false regression
        Metric jmhOnly = alloc(28, new Interval(21.163, 34.837, JmhReader.JMH_CONFIDENCE));
        assertThat(BaselineComparator.classify(baseline, jmhOnly, 0.10).change())
                .isEqualTo(Change.REGRESSED);
    }

    @Test
    void oneFork_keepsJmhsInterval() {
        Interval jmh = new Interval(15.9, 16.1, 0.999);

        assertThat(JmhReader.withForkRange(jmh, java.util.List.of(16.0))).isEqualTo(jmh);
        assertThat(JmhReader.withForkRange(null, java.util.List.of(16.0, 40.0, 16.0)))
                .isEqualTo(new Interval(16.0, 40.0, 0.75));
    }
}
