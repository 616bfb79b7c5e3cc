package dev.ollamaperf.load.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The back-off's schedule and the watch's notion of silence, without a network. */
final class TargetWatchTest {

    private static final Instant T0 = Instant.parse("2026-11-26T16:05:05Z");

    @Test
    void delayMillis_failuresInARow_doublesFrom100msUpTo1s() {
        assertThat(IntStream.rangeClosed(0, 7)
                        .mapToLong(ConnectionBackoff::delayMillis)
                        .toArray())
                .containsExactly(0, 100, 200, 400, 800, 1_000, 1_000, 1_000);
        assertThat(ConnectionBackoff.delayMillis(Integer.MAX_VALUE)).isEqualTo(1_000);
    }

    @Test
    void silence_failuresAfterAnAnswer_startsAtTheFirstAndCountsThemByKind() {
        TargetWatch watch = new TargetWatch(Clock.fixed(T0, ZoneOffset.UTC));
        watch.record(RequestOutcome.OK);
        assertThat(watch.silence()).isEmpty();

        watch.record(RequestOutcome.DROPPED);
        watch.record(RequestOutcome.CONNECTION);
        watch.record(RequestOutcome.CONNECTION);

        assertThat(watch.silence()).contains(new TargetWatch.Silence(T0, 2, 1));
        assertThat(watch.silence().orElseThrow().describe()).isEqualTo("2 connection failures, 1 dropped or timed out");
    }

    @Test
    void silence_anyAnswerEvenAnHttpError_endsIt() {
        TargetWatch watch = new TargetWatch(Clock.fixed(T0, ZoneOffset.UTC));
        watch.record(RequestOutcome.CONNECTION);
        watch.record(RequestOutcome.HTTP_ERROR);

        assertThat(watch.silence()).isEmpty();
    }
}
