package dev.ollamaperf.emulator.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The token thread's grid: a token's deadline runs at the first tick at or after it, never before it, together with
 * every other deadline of that tick (one wake-up hands them all over); a prefill end keeps its own time.
 */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
final class TokenDeadlinesTest {

    /**
     * A tick long enough that the test's own scheduling delays cannot blur it (40 ms was not always: the token thread
     * woke 20 ms late in CI).
     */
    private static final long TICK = TimeUnit.MILLISECONDS.toNanos(100);

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
        try (RecordingDeadlines recording = new RecordingDeadlines()) {
            List<Job> jobs = List.of(job(), job(), job());
            // the start of a tick two ticks ahead, then a quarter and three quarters into it
            long tickStart = recording.deadlines.tick(System.nanoTime()) + TICK + 1;
            recording.locked(() -> {
                recording.add(jobs.get(0), tickStart + 3 * TICK / 4, true);
                recording.add(jobs.get(1), tickStart, true);
                recording.add(jobs.get(2), tickStart + TICK / 4, true);
                return null;
            });

            List<Long> ranAt = recording.awaitRuns(3);

            assertThat(recording.ran).as("earliest first").containsExactly(jobs.get(1), jobs.get(2), jobs.get(0));
            long tick = recording.deadlines.tick(tickStart);
            assertThat(ranAt)
                    .as("none before the tick that holds every deadline")
                    .allMatch(t -> t >= tick);
            assertThat(ranAt.get(2) - ranAt.get(0))
                    .as("all three in one wake-up, not a quarter tick apart")
                    .isLessThan(TICK / 4);
        }
    }

    @Test
    void run_deadlineOffTheGrid_runsAtItsOwnTimeBeforeTheTick() throws Exception {
        try (RecordingDeadlines recording = new RecordingDeadlines()) {
            Job token = job();
            Job prefillEnd = job();
            long tickStart = recording.deadlines.tick(System.nanoTime()) + TICK + 1;
            // Added under one hold of the lock: on a busy machine the test thread once stalled between the two adds
            // past the token's tick, and the token ran before the prefill end was even added. The token's deadline is
            // most of a tick after the prefill end's: a thread that wakes late for the prefill end runs every deadline
            // already passed in the same pass (by design), which a token due soon after would be.
            recording.locked(() -> {
                recording.add(token, tickStart + 3 * TICK / 4, true);
                recording.add(prefillEnd, tickStart + TICK / 8, false);
                return null;
            });

            List<Long> ranAt = recording.awaitRuns(2);

            long tick = recording.deadlines.tick(tickStart);
            assertThat(recording.ran).as("the one off the grid first").containsExactly(prefillEnd, token);
            assertThat(ranAt.get(0)).as("off the grid: before the tick").isLessThan(tick);
            assertThat(ranAt.get(1)).as("on the grid: at the tick").isGreaterThanOrEqualTo(tick);
        }
    }

    @Test
    void run_tokenAlreadyDueWhenAdded_runsAtOnceNotAtItsTick() throws Exception {
        try (RecordingDeadlines recording = new RecordingDeadlines()) {
            // just past a tick: its own tick is almost a whole tick away
            long due = recording.deadlines.tick(System.nanoTime()) + 1;
            while (System.nanoTime() < due) {
                Thread.onSpinWait();
            }
            recording.add(job(), due, true);

            List<Long> ranAt = recording.awaitRuns(1);

            assertThat(ranAt.get(0))
                    .as("an overdue token does not wait for its tick")
                    .isLessThan(recording.deadlines.tick(due));
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

    /** A started token thread on a {@link #TICK} grid that records which job ran and when; calls take its lock. */
    private static final class RecordingDeadlines implements AutoCloseable {
        final ReentrantLock lock = new ReentrantLock();
        final TokenDeadlines deadlines = new TokenDeadlines(lock, System::nanoTime, TICK);
        final List<Job> ran = new ArrayList<>();
        private final List<Long> ranAt = new ArrayList<>();

        RecordingDeadlines() {
            deadlines.start((job, epoch) -> {
                ran.add(job);
                ranAt.add(System.nanoTime());
            });
        }

        void add(Job job, long nanos, boolean onGrid) {
            locked(() -> {
                deadlines.add(job, job.epoch, nanos, onGrid);
                return null;
            });
        }

        /** Waits until {@code count} deadlines ran; returns when each ran ({@code System.nanoTime()}). */
        List<Long> awaitRuns(int count) throws InterruptedException {
            Await.until(count + " deadlines run", () -> locked(ran::size) == count, Duration.ofSeconds(5));
            return locked(() -> List.copyOf(ranAt));
        }

        @Override
        public void close() {
            locked(() -> {
                deadlines.close();
                return null;
            });
        }

        /** Runs {@code action} holding the token thread's lock (reentrant: calls of this class take it again). */
        <T> T locked(Supplier<T> action) {
            lock.lock();
            try {
                return action.get();
            } finally {
                lock.unlock();
            }
        }
    }
}
