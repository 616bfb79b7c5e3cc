package dev.ollamaperf.emulator.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The scheduling benchmark's two kinds of level, small and short, against a real in-process emulator: what it counts
 * (not how fast this machine is, which is the benchmark's own job).
 */
class SchedulingErrorBenchmarkTest {

    private static final int STREAMS = 5;

    @Test
    void aSteadyLevelRepeatsEveryUsersRequestAndTimesOnlyTheTokensOfItsTimedSeconds() throws Exception {
        Run run = run(2, 2);

        String[] row = run.row();
        assertThat(run.valid()).isTrue();
        assertThat(row[row.length - 1].trim()).isEqualTo("ok");
        // A stream is 40 tokens, 2 s, and the users start over its first 2 s; the timed seconds are 2-4 s after the
        // start. Without a second request per user about 80 tokens would arrive in them; with it about 39 a user (the
        // new streams' first tokens are anchors, not timed).
        assertThat(Long.parseLong(row[2].trim())).isBetween(30L * STREAMS, 40L * STREAMS);
        assertThat(Double.parseDouble(row[6].trim())).as("the timed seconds").isBetween(1.9, 2.2);
        assertThat(run.output()).contains("2 s to settle, then 2 s timed");
    }

    @Test
    void aBurstLevelTimesEveryTokenOfOneStreamPerUser() throws Exception {
        Run run = run(0, 1);

        assertThat(run.valid()).isTrue();
        assertThat(Long.parseLong(run.row()[2].trim()))
                .as("39 tokens after the first of each stream")
                .isEqualTo(39L * STREAMS);
        assertThat(run.output()).contains("burst levels").contains(STREAMS + " streams, client ramp");
    }

    @Test
    void refusesANegativeSettleTimeAndAnEmptyTimedWindow() {
        assertThatThrownBy(() -> new SchedulingErrorBenchmark(System.out, 0, -1, 10))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("scheduling.settle");
        assertThatThrownBy(() -> new SchedulingErrorBenchmark(System.out, 0, 15, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("scheduling.measure");
    }

    /** What a run printed, and whether it was valid. */
    private record Run(boolean valid, String output) {

        /** The result table's row of the level, split on its cell bars (cell 1 is the streams, 2 the tokens timed). */
        String[] row() {
            return Arrays.stream(output.split("\n"))
                    .filter(line -> line.startsWith("| " + STREAMS + " |"))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no result row in:\n" + output))
                    .split("\\|");
        }
    }

    /** One level of {@value #STREAMS} streams, no warm-up level. */
    private static Run run(int settleSeconds, int measureSeconds) throws Exception {
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        boolean valid = new SchedulingErrorBenchmark(
                        new PrintStream(text, true, StandardCharsets.UTF_8), 0, settleSeconds, measureSeconds)
                .run(List.of(STREAMS));
        return new Run(valid, text.toString(StandardCharsets.UTF_8));
    }
}
