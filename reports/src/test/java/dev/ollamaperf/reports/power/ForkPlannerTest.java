package dev.ollamaperf.reports.power;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ollamaperf.reports.metric.RunResult;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Which budgeted benchmarks get more forks, from JMH runs written through {@code HistoryStore} into a real file. */
@Timeout(60)
final class ForkPlannerTest {

    private static final double[] ADDED = {10, 11, 12, 13, 14};

    @TempDir
    Path dir;

    private List<String> methods(double[] alloc) throws Exception {
        PowerHistory.write(dir.resolve("history.db"), "20s", java.util.Arrays.copyOf(ADDED, alloc.length), alloc);
        RunResult next = PowerHistory.run("next", 99, "20s", List.of());
        return new ForkPlanner().methods(PowerHistory.budgets(dir), PowerHistory.past(dir.resolve("history.db"), next));
    }

    @Test
    void forksThatDisagreedBeyondTheTolerance_getMoreForks() throws Exception {
        // 40 - 16 = 24 B/op > 10% of 16
        assertThat(methods(new double[] {16, 16, 40, 16, 16})).containsExactly("CacheBenchmark.get_hit");
        assertThat(ForkPlanner.regex(List.of("CacheBenchmark.get_hit"))).contains("\\.CacheBenchmark\\.get_hit$");
    }

    @Test
    void forksWithinTheTolerance_keepTheModesForks() throws Exception {
        // 17.5 - 16 = 1.5 B/op <= 1.6
        assertThat(methods(new double[] {16, 16, 17.5, 16, 16})).isEmpty();
    }

    @Test
    void fewerThanFiveRuns_sayNothing() throws Exception {
        assertThat(methods(new double[] {16, 40, 16, 40})).isEmpty();
    }
}
