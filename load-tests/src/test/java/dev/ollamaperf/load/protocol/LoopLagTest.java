package dev.ollamaperf.load.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.EventLoopGroup;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The event-loop lag probe sees a stalled loop, and only then. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
final class LoopLagTest {

    private static final long LATE_NANOS = 100_000_000L;

    private final EventLoopGroup loops = StreamLoops.newGroup(1);

    @AfterEach
    void stopLoops() {
        loops.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }

    @Test
    void counts_loopStalledFor400ms_areLateWithTheStall() throws Exception {
        LoopLag lag = LoopLag.probe(loops, LATE_NANOS, System::nanoTime);
        LoopLag.Counts before = lag.counts();
        // the loop's thread is held as an overloaded handler would hold it
        loops.next().submit(() -> sleep(400)).get();
        sleep(50); // the late probe runs right after the stall

        LoopLag.Counts stalled = lag.counts().since(before);

        assertThat(stalled.p99Late()).isTrue();
        assertThat(stalled.maxNanos()).isGreaterThanOrEqualTo(350_000_000L);
        assertThat(stalled.late())
                .as("the probes the stall swallowed count too: one per 5 ms of the stall beyond 100 ms")
                .isGreaterThanOrEqualTo((stalled.maxNanos() - LATE_NANOS) / LoopLag.PERIOD_NANOS - 1)
                .isGreaterThanOrEqualTo(55);
        assertThat(lag.snapshot().getMaxValue()).isGreaterThanOrEqualTo(350_000_000L);
    }

    @Test
    void counts_idleLoop_areNotLate() throws Exception {
        // the loop's thread started and the probe's classes loaded, as a run's warm-up does
        loops.next().submit(() -> sleep(0)).get();
        LoopLag lag = LoopLag.probe(loops, LATE_NANOS, System::nanoTime);
        sleep(50);
        LoopLag.Counts before = lag.counts();
        sleep(300);

        LoopLag.Counts idle = lag.counts().since(before);

        assertThat(idle.probes()).as("a probe every 5 ms for 300 ms").isGreaterThan(20);
        assertThat(idle.p99Late()).isFalse();
    }

    private static Object sleep(long millis) throws InterruptedException {
        Thread.sleep(millis);
        return null;
    }
}
