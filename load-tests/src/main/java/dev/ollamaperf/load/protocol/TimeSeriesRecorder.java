package dev.ollamaperf.load.protocol;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.HdrHistogram.AtomicHistogram;
import org.HdrHistogram.Histogram;

/**
 * Counts one phase's requests in fixed time buckets, for "throughput and active requests over time".
 *
 * <p>Counter rules (bucket {@code k} covers {@code [k * step, (k + 1) * step)} after the origin):
 * {@code started} moves when a request is handed to the HTTP client, in the bucket of its send time;
 * {@code ok}, {@code errors}, {@code outputTokens} and the TTFT sample move when it ends, in the bucket
 * of its end time. {@code activeMax} is the most requests in flight at once during the bucket (at least
 * the number carried over from the previous bucket); {@code activeEnd} the number in flight when the
 * bucket closed, {@code started - ended} summed up to it. Active requests are the harness's "active
 * users": a closed model keeps users == requests in flight; an open model shows queueing as rising
 * in-flight counts.
 *
 * <p>Implementation notes: recording runs on Gatling's event loops and the HTTP client's threads, so it
 * takes no lock: counts live in {@link AtomicLongArray} chunks of {@value #CHUNK} buckets allocated on
 * first use with a compare-and-set, the in-flight count is one {@link AtomicLong}, and each bucket's
 * maximum is kept with {@code accumulateAndGet}. TTFT goes into a small per-bucket
 * {@link AtomicHistogram} (1 significant digit: a percentile is reported as the middle of its
 * bucket, within about 3%; about 4 KB, created only for
 * buckets that get a sample). The origin is the first send, fixed by a compare-and-set; its wall-clock
 * time comes from the injected clock. The step is chosen up front from the planned duration so a run
 * keeps at most about {@value #MAX_POINTS} points; a run that overruns is coarsened in
 * {@link #snapshot()}, and events beyond {@value #MAX_BUCKETS} buckets are counted in the last one, so
 * bucket sums always equal the totals.
 */
public final class TimeSeriesRecorder {

    /** The most points a snapshot holds; longer series are coarsened. */
    public static final int MAX_POINTS = 1_000;
    /** Bucket widths a series uses, in milliseconds: a plan picks the smallest that fits. */
    static final long[] STEPS_MILLIS = {
        1_000, 2_000, 5_000, 10_000, 30_000, 60_000, 120_000, 300_000, 600_000, 1_800_000, 3_600_000
    };

    private static final int CHUNK = 256;
    private static final int MAX_BUCKETS = 16 * CHUNK;
    private static final int STARTED = 0;
    private static final int OK = 1;
    private static final int ERRORS = 2;
    private static final int TOKENS = 3;
    private static final int MAX_ACTIVE = 4;
    private static final int FIELDS = 5;
    private static final long NO_ORIGIN = Long.MIN_VALUE;
    private static final long HIGHEST_NANOS = LlmMetricsRecorder.HIGHEST_NANOS;
    private static final long LOWEST_NANOS = 1_000;

    private final long stepMillis;
    private final long stepNanos;
    private final Clock wallClock;
    private final AtomicLong originNanos = new AtomicLong(NO_ORIGIN);
    private volatile Instant originWall;
    private final AtomicLong inFlight = new AtomicLong();
    private final AtomicInteger lastBucket = new AtomicInteger(-1);
    private final AtomicReferenceArray<Chunk> chunks = new AtomicReferenceArray<>(MAX_BUCKETS / CHUNK);

    /**
     * A recorder with buckets of {@code stepMillis}.
     *
     * @param stepMillis bucket width, > 0 ms; see {@link #stepFor(Duration)}
     * @param wallClock  gives the wall-clock time of the first send (the series' {@code start})
     */
    public TimeSeriesRecorder(long stepMillis, Clock wallClock) {
        if (stepMillis <= 0) {
            throw new IllegalArgumentException("time series 'stepMillis' must be > 0, got: " + stepMillis);
        }
        this.stepMillis = stepMillis;
        this.stepNanos = stepMillis * 1_000_000L;
        this.wallClock = Objects.requireNonNull(wallClock, "wallClock");
    }

    /**
     * The smallest of 1, 2, 5, 10, 30, 60 s, 2, 5, 10, 30, 60 min that splits {@code planned} into at most
     * {@value #MAX_POINTS} buckets (1 s for a zero or negative plan; 1 h beyond 1,000 h).
     */
    public static long stepFor(Duration planned) {
        long millis = planned.toMillis();
        for (long step : STEPS_MILLIS) {
            if ((millis + step - 1) / step <= MAX_POINTS) {
                return step;
            }
        }
        return STEPS_MILLIS[STEPS_MILLIS.length - 1];
    }

    /** A request was handed to the HTTP client at {@code sendNanos} ({@link System#nanoTime()}). */
    public void recordStart(long sendNanos) {
        long active = inFlight.incrementAndGet();
        int bucket = bucket(sendNanos);
        AtomicLongArray counts = counts(bucket);
        int base = (bucket % CHUNK) * FIELDS;
        counts.incrementAndGet(base + STARTED);
        counts.accumulateAndGet(base + MAX_ACTIVE, active, Math::max);
    }

    /**
     * A request ended at {@code endNanos}.
     *
     * @param ok           whether it ended with a whole answer
     * @param outputTokens its output tokens (>= 0)
     * @param ttftNanos    its time to first token, or a negative value when no token arrived
     */
    public void recordEnd(long endNanos, boolean ok, long outputTokens, long ttftNanos) {
        inFlight.decrementAndGet();
        int bucket = bucket(endNanos);
        Chunk chunk = chunk(bucket);
        int base = (bucket % CHUNK) * FIELDS;
        chunk.counts.incrementAndGet(base + (ok ? OK : ERRORS));
        if (outputTokens > 0) {
            chunk.counts.addAndGet(base + TOKENS, outputTokens);
        }
        if (ttftNanos >= 0) {
            chunk.ttft(bucket % CHUNK).recordValue(Math.max(LOWEST_NANOS, Math.min(ttftNanos, HIGHEST_NANOS)));
        }
    }

    /** Requests in flight now. */
    public long inFlight() {
        return inFlight.get();
    }

    /**
     * The buckets from the first send to the last event, coarsened to at most {@value #MAX_POINTS} points;
     * null when nothing was recorded. Take it after the phase ended: a bucket still being written may
     * show a request's start without its end.
     */
    public Series snapshot() {
        int last = lastBucket.get();
        Instant start = originWall;
        if (last < 0 || start == null) {
            return null;
        }
        List<Bucket> buckets = new ArrayList<>(last + 1);
        for (int i = 0; i <= last; i++) {
            buckets.add(read(i));
        }
        int factor = coarsening(buckets.size());
        List<Point> points = new ArrayList<>();
        long activeEnd = 0;
        for (int first = 0; first < buckets.size(); first += factor) {
            long started = 0;
            long ok = 0;
            long errors = 0;
            long tokens = 0;
            long activeMax = activeEnd; // carried over from the previous bucket
            Histogram ttft = null;
            for (int i = first; i < Math.min(buckets.size(), first + factor); i++) {
                Bucket b = buckets.get(i);
                long carried = activeEnd;
                started += b.started;
                ok += b.ok;
                errors += b.errors;
                tokens += b.tokens;
                activeEnd = carried + b.started - b.ok - b.errors;
                activeMax = Math.max(activeMax, Math.max(b.maxActive, Math.max(carried, activeEnd)));
                if (b.ttft != null) {
                    ttft = ttft == null ? b.ttft.copy() : add(ttft, b.ttft);
                }
            }
            // the middle of the percentile's bucket: within half a bucket (about 3%) either way
            long p50 = ttft == null ? -1 : ttft.medianEquivalentValue(ttft.getValueAtPercentile(50));
            long p95 = ttft == null ? -1 : ttft.medianEquivalentValue(ttft.getValueAtPercentile(95));
            points.add(new Point(first * stepMillis, started, ok, errors, tokens, activeMax, activeEnd, p50, p95));
        }
        return new Series(start.truncatedTo(ChronoUnit.MILLIS), stepMillis * factor, points);
    }

    /** The smallest factor that brings {@code buckets} within {@value #MAX_POINTS}, a ladder step where possible. */
    private int coarsening(int buckets) {
        if (buckets <= MAX_POINTS) {
            return 1;
        }
        for (long step : STEPS_MILLIS) {
            if (step % stepMillis == 0 && (buckets + step / stepMillis - 1) / (step / stepMillis) <= MAX_POINTS) {
                return (int) (step / stepMillis);
            }
        }
        return (buckets + MAX_POINTS - 1) / MAX_POINTS;
    }

    private static Histogram add(Histogram sum, Histogram more) {
        sum.add(more);
        return sum;
    }

    private Bucket read(int bucket) {
        Chunk chunk = chunks.get(bucket / CHUNK);
        if (chunk == null) {
            return new Bucket(0, 0, 0, 0, 0, null);
        }
        int base = (bucket % CHUNK) * FIELDS;
        AtomicHistogram ttft = chunk.ttft.get(bucket % CHUNK);
        return new Bucket(
                chunk.counts.get(base + STARTED),
                chunk.counts.get(base + OK),
                chunk.counts.get(base + ERRORS),
                chunk.counts.get(base + TOKENS),
                chunk.counts.get(base + MAX_ACTIVE),
                ttft == null ? null : ttft.copy());
    }

    /** The bucket of an event; the first event fixes the origin. Events before it go to bucket 0. */
    private int bucket(long nanos) {
        long origin = originNanos.get();
        if (origin == NO_ORIGIN) {
            if (originNanos.compareAndSet(NO_ORIGIN, nanos)) {
                originWall = wallClock.instant();
            }
            origin = originNanos.get();
        }
        long index = Math.max(0, (nanos - origin) / stepNanos);
        int bucket = (int) Math.min(index, MAX_BUCKETS - 1);
        if (lastBucket.get() < bucket) {
            lastBucket.accumulateAndGet(bucket, Math::max);
        }
        return bucket;
    }

    private AtomicLongArray counts(int bucket) {
        return chunk(bucket).counts;
    }

    private Chunk chunk(int bucket) {
        int index = bucket / CHUNK;
        Chunk chunk = chunks.get(index);
        if (chunk == null) {
            chunks.compareAndSet(index, null, new Chunk());
            chunk = chunks.get(index);
        }
        return chunk;
    }

    /** {@value #CHUNK} consecutive buckets. */
    private static final class Chunk {
        private final AtomicLongArray counts = new AtomicLongArray(CHUNK * FIELDS);
        private final AtomicReferenceArray<AtomicHistogram> ttft = new AtomicReferenceArray<>(CHUNK);

        AtomicHistogram ttft(int offset) {
            AtomicHistogram h = ttft.get(offset);
            if (h == null) {
                ttft.compareAndSet(offset, null, new AtomicHistogram(LOWEST_NANOS, HIGHEST_NANOS, 1));
                h = ttft.get(offset);
            }
            return h;
        }
    }

    private record Bucket(long started, long ok, long errors, long tokens, long maxActive, Histogram ttft) {}

    /**
     * One phase's series.
     *
     * @param start      wall-clock time of the first send (millisecond precision): {@code t_ms} 0
     * @param stepMillis bucket width
     * @param points     consecutive buckets from 0, at most {@value #MAX_POINTS}
     */
    public record Series(Instant start, long stepMillis, List<Point> points) {
        public Series {
            Objects.requireNonNull(start, "start");
            points = List.copyOf(points);
        }
    }

    /**
     * One bucket.
     *
     * @param tMillis      start of the bucket after the series' start
     * @param started      requests sent in it
     * @param ok           requests that ended whole in it
     * @param errors       requests that failed in it
     * @param outputTokens output tokens of the requests that ended in it
     * @param activeMax    most requests in flight at once during it
     * @param activeEnd    requests in flight at its end
     * @param ttftP50Nanos median TTFT (from the intended start) of the requests that ended in it, or -1
     * @param ttftP95Nanos p95 of the same, or -1
     */
    public record Point(
            long tMillis,
            long started,
            long ok,
            long errors,
            long outputTokens,
            long activeMax,
            long activeEnd,
            long ttftP50Nanos,
            long ttftP95Nanos) {}
}
