package dev.ollamaperf.emulator.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The token thread's grid: a token's deadline runs at the first tick at or after it, never before it, together with
 * every other deadline of that tick (one wake-up hands them all over); a prefill end keeps its own time.
 */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
final class TokenDeadlinesTest {

    /** A tick long enough that the test's own scheduling delays cannot blur it. */
    private static final long TICK = TimeUnit.MILLISECONDS.toNanos(40);

    @Test
    void tick_anyTime_isTheFirstGridPointAtOrAfterIt() {
        TokenDeadlines deadlines = new TokenDeadlines(new ReentrantLock(), System::nanoTime, 10);

        assertThat(deadlines.tick(0)).isZero();
        assertThat(deadlines.tick(1)).isEqualTo(10);
        assertThat(deadlines.tick(10)).isEqualTo(10);
        assertThat(deadlines.tick(11)).isEqualTo(20);
        assertThat(deadlines.tick(-1)).isZero();
        assertThat(deadlines.tick(-10)).isEqualTo(-10);
        assertThat(deadlines.tick(-11)).isEqualTo(-10);
    }

    @Test
    void constructor_resolutionBelowOne_isRejected() {
        assertThatThrownBy(() -> new TokenDeadlines(new ReentrantLock(), System::nanoTime, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'resolution' must be 1 ns or more, got: 0");
    }

    @Test
    void run_deadlinesWithinOneTick_runTogetherAtTheTickAndNeverEarly() throws Exception {
        ReentrantLock lock = new ReentrantLock();
        TokenDeadlines deadlines = new TokenDeadlines(lock, System::nanoTime, TICK);
        List<Job> ran = new ArrayList<>();
        List<Long> ranAt = new ArrayList<>();
        deadlines.start((job, epoch) -> {
            ran.add(job);
            ranAt.add(System.nanoTime());
        });
        List<Job> jobs = List.of(job(), job(), job());
        long[] due = new long[3];
        lock.lock();
        try {
            // the start of a tick two ticks ahead, then a quarter and three quarters into it
            long tickStart = deadlines.tick(System.nanoTime()) + TICK + 1;
            due[0] = tickStart + 3 * TICK / 4;
            due[1] = tickStart;
            due[2] = tickStart + TICK / 4;
            for (int i = 0; i < 3; i++) {
                deadlines.add(jobs.get(i), jobs.get(i).epoch, due[i], true);
            }
        } finally {
            lock.unlock();
        }
        Await.until("three deadlines run", () -> runCount(lock, ran) == 3, Duration.ofSeconds(5));
        lock.lock();
        try {
            deadlines.close();
            assertThat(ran).as("earliest first").containsExactly(jobs.get(1), jobs.get(2), jobs.get(0));
            long tick = deadlines.tick(due[0]);
            assertThat(ranAt)
                    .as("none before the tick that holds every deadline")
                    .allMatch(t -> t >= tick);
            assertThat(ranAt.get(2) - ranAt.get(0))
                    .as("all three in one wake-up, not a quarter tick apart")
                    .isLessThan(TICK / 4);
        } finally {
            lock.unlock();
        }
    }

    @Test
    void run_deadlineOffTheGrid_runsAtItsOwnTimeBeforeTheTick() throws Exception {
        ReentrantLock lock = new ReentrantLock();
        TokenDeadlines deadlines = new TokenDeadlines(lock, System::nanoTime, TICK);
        List<Job> ran = new ArrayList<>();
        List<Long> ranAt = new ArrayList<>();
        deadlines.start((job, epoch) -> {
            ran.add(job);
            ranAt.add(System.nanoTime());
        });
        Job token = job();
        Job prefillEnd = job();
        long tick;
        lock.lock();
        try {
            long tickStart = deadlines.tick(System.nanoTime()) + TICK + 1;
            tick = deadlines.tick(tickStart);
            deadlines.add(token, token.epoch, tickStart + TICK / 4, true);
            deadlines.add(prefillEnd, prefillEnd.epoch, tickStart + TICK / 8, false);
        } finally {
            lock.unlock();
        }
        Await.until("both deadlines run", () -> runCount(lock, ran) == 2, Duration.ofSeconds(5));
        lock.lock();
        try {
            deadlines.close();
            assertThat(ran).as("the one off the grid first").containsExactly(prefillEnd, token);
            assertThat(ranAt.get(0)).as("off the grid: before the tick").isLessThan(tick);
            assertThat(ranAt.get(1)).as("on the grid: at the tick").isGreaterThanOrEqualTo(tick);
        } finally {
            lock.unlock();
        }
    }

    @Test
    void run_tokenAlreadyDueWhenAdded_runsAtOnceNotAtItsTick() throws Exception {
        ReentrantLock lock = new ReentrantLock();
        TokenDeadlines deadlines = new TokenDeadlines(lock, System::nanoTime, TICK);
        List<Long> ranAt = new ArrayList<>();
        deadlines.start((job, epoch) -> ranAt.add(System.nanoTime()));
        Job token = job();
        long tick;
        lock.lock();
        try {
            // just past a tick: its own tick is almost a whole tick away
            long due = deadlines.tick(System.nanoTime()) + 1;
            while (System.nanoTime() < due) {
                Thread.onSpinWait();
            }
            tick = deadlines.tick(due);
            deadlines.add(token, token.epoch, due, true);
        } finally {
            lock.unlock();
        }
        Await.until("the token run", () -> runCount(lock, ranAt) == 1, Duration.ofSeconds(5));
        lock.lock();
        try {
            deadlines.close();
            assertThat(ranAt.get(0))
                    .as("an overdue token does not wait for its tick")
                    .isLessThan(tick);
        } finally {
            lock.unlock();
        }
    }

    private static int runCount(ReentrantLock lock, List<?> ran) {
        lock.lock();
        try {
            return ran.size();
        } finally {
            lock.unlock();
        }
    }

    private static Job job() {
        ModelProfile profile = TestProfiles.model("tiny", Duration.ofMillis(1), 100);
        return new Job(
                null,
                0,
                TestProfiles.generate("tiny", 3),
                profile,
                new RecordingTokenSink(),
                0,
                4096,
                1,
                Job.Faults.NONE);
    }
}
