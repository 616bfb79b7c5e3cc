package dev.ollamaperf.load.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Buckets, active requests and coarsening of {@link TimeSeriesRecorder}, on a scripted clock. */
final class TimeSeriesRecorderTest {

    private static final Instant T0 = Instant.parse("2026-11-26T10:00:00.123456Z");
    private static final long MS = 1_000_000L;

    @Test
    void snapshot_scriptedRequests_countsEachInTheBucketOfItsSendAndItsEnd() {
        TimeSeriesRecorder series = new TimeSeriesRecorder(1_000, Clock.fixed(T0, ZoneOffset.UTC));
        long origin = 5_000 * MS; // any nanoTime origin
        series.recordStart(origin); // A, bucket 0
        series.recordStart(origin + 100 * MS); // B, bucket 0: 2 in flight
        series.recordEnd(origin + 500 * MS, true, 10, 200 * MS); // A ends ok in bucket 0
        series.recordStart(origin + 1_500 * MS); // C, bucket 1: B and C in flight
        series.recordEnd(origin + 2_200 * MS, false, 0, -1); // B fails in bucket 2
        series.recordEnd(origin + 2_500 * MS, true, 7, 400 * MS); // C ends ok in bucket 2

        TimeSeriesRecorder.Series s = series.snapshot();

        assertThat(s.start()).isEqualTo(Instant.parse("2026-11-26T10:00:00.123Z"));
        assertThat(s.stepMillis()).isEqualTo(1_000);
        assertThat(s.points())
                .extracting(TimeSeriesRecorderTest::counts)
                .containsExactly(
                        List.of(0L, 2L, 1L, 0L, 10L, 2L, 1L),
                        List.of(1_000L, 1L, 0L, 0L, 0L, 2L, 2L),
                        List.of(2_000L, 0L, 1L, 1L, 7L, 2L, 0L));
        assertThat(s.points().get(1).ttftP50Nanos())
                .as("no request ended in bucket 1")
                .isEqualTo(-1);
        assertThat(s.points().get(0).ttftP50Nanos()).isBetween(180 * MS, 220 * MS);
        assertThat(s.points().get(2).ttftP95Nanos())
                .as("1 significant digit: within about 3%")
                .isBetween(360 * MS, 440 * MS);
        assertThat(series.inFlight()).isZero();
    }

    @Test
    void snapshot_nothingRecorded_isNull() {
        assertThat(new TimeSeriesRecorder(1_000, Clock.systemUTC()).snapshot()).isNull();
    }

    @Test
    void stepFor_plannedDurations_keepsAtMostAThousandPoints() {
        assertThat(TimeSeriesRecorder.stepFor(Duration.ZERO)).isEqualTo(1_000);
        assertThat(TimeSeriesRecorder.stepFor(Duration.ofSeconds(30))).isEqualTo(1_000);
        assertThat(TimeSeriesRecorder.stepFor(Duration.ofSeconds(1_000))).isEqualTo(1_000);
        assertThat(TimeSeriesRecorder.stepFor(Duration.ofSeconds(1_001))).isEqualTo(2_000);
        assertThat(TimeSeriesRecorder.stepFor(Duration.ofHours(1))).isEqualTo(5_000);
        assertThat(TimeSeriesRecorder.stepFor(Duration.ofHours(24)))
                .as("a 24 h soak: 720 points")
                .isEqualTo(120_000);
    }

    @Test
    void constructor_zeroStep_isRejectedWithTheValue() {
        assertThatThrownBy(() -> new TimeSeriesRecorder(0, Clock.systemUTC()))
                .hasMessage("time series 'stepMillis' must be > 0, got: 0");
    }

    @Test
    void snapshot_runLongerThanPlanned_isCoarsenedToALadderStepKeepingTheSums() {
        TimeSeriesRecorder series = new TimeSeriesRecorder(1_000, Clock.systemUTC());
        for (long second = 0; second < 2_500; second++) { // one 300 ms request per second for 2,500 s
            series.recordStart(second * 1_000 * MS);
            series.recordEnd(second * 1_000 * MS + 300 * MS, true, 3, 100 * MS);
        }

        TimeSeriesRecorder.Series s = series.snapshot();

        assertThat(s.stepMillis())
                .as("2 s would give 1,250 points; 5 s gives 500")
                .isEqualTo(5_000);
        assertThat(s.points()).hasSize(500);
        assertThat(s.points()).allSatisfy(p -> {
            assertThat(p.started()).isEqualTo(5);
            assertThat(p.outputTokens()).isEqualTo(15);
            assertThat(p.activeMax()).isEqualTo(1);
            assertThat(p.activeEnd()).isZero();
        });
        assertThat(s.points().get(499).tMillis()).isEqualTo(2_495_000);
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void record_fourThreadsAtOnce_sumsMatchAndActiveNeverExceedsTheThreads() throws Exception {
        TimeSeriesRecorder series = new TimeSeriesRecorder(1_000, Clock.systemUTC());
        AtomicLong clock = new AtomicLong();
        int threads = 4;
        int perThread = 20_000;
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread worker = new Thread(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                for (int i = 0; i < perThread; i++) { // like a closed-model user: end before the next start
                    series.recordStart(clock.addAndGet(10_000)); // 10 us per event: ~1.6 s, 2 buckets
                    series.recordEnd(clock.addAndGet(10_000), i % 10 != 0, 2, 50_000);
                }
            });
            worker.start();
            workers.add(worker);
        }
        go.countDown();
        for (Thread worker : workers) {
            worker.join();
        }

        TimeSeriesRecorder.Series s = series.snapshot();

        long total = (long) threads * perThread;
        assertThat(s.points().stream()
                        .mapToLong(TimeSeriesRecorder.Point::started)
                        .sum())
                .isEqualTo(total);
        assertThat(s.points().stream().mapToLong(TimeSeriesRecorder.Point::ok).sum())
                .isEqualTo(total * 9 / 10);
        assertThat(s.points().stream()
                        .mapToLong(TimeSeriesRecorder.Point::errors)
                        .sum())
                .isEqualTo(total / 10);
        assertThat(s.points().stream()
                        .mapToLong(TimeSeriesRecorder.Point::outputTokens)
                        .sum())
                .isEqualTo(total * 2);
        assertThat(s.points()).allSatisfy(p -> assertThat(p.activeMax()).isBetween(0L, (long) threads));
        assertThat(s.points().get(s.points().size() - 1).activeEnd()).isZero();
    }

    private static List<Long> counts(TimeSeriesRecorder.Point p) {
        return List.of(p.tMillis(), p.started(), p.ok(), p.errors(), p.outputTokens(), p.activeMax(), p.activeEnd());
    }
}
