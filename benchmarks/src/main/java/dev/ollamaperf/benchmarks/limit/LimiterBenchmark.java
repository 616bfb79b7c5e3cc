package dev.ollamaperf.benchmarks.limit;

import dev.ollamaperf.client.config.RateLimitSettings;
import dev.ollamaperf.client.internal.limit.RateLimiter;
import dev.ollamaperf.client.limit.ConcurrencyLimiter;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;

/**
 * User path: every call to Ollama passes the concurrency limiter ({@code OLLAMA_MAX_CONCURRENT},
 * here 5) and, when configured, the rate limiter, before any byte is sent. This is their fixed cost.
 *
 * <p>Data: none. The contended case runs 8 threads against 5 permits on this machine's cores, so
 * some threads park and are handed a permit by a releasing one: that hand-off is the cost measured.
 * The rate-limiter check reads a clock that advances 20 microseconds per reading, so at 100,000
 * tokens per second a token is always due: it measures the check itself, never a sleep.
 *
 * <p>Run: {@code java -jar benchmarks/target/ollama-perf-benchmarks.jar LimiterBenchmark -prof gc} (JMH's own command line),
 * or with the gate's preset: {@code scripts/perf bench --include LimiterBenchmark}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class LimiterBenchmark {

    private static final int LIMIT = 5;

    private ConcurrencyLimiter limiter;
    private RateLimiter rateLimiter;
    private long fakeNanos;

    @Setup
    public void prepare() {
        limiter = new ConcurrencyLimiter(LIMIT, Duration.ofSeconds(30));
        rateLimiter =
                new RateLimiter(new RateLimitSettings(100_000, 1), Duration.ZERO, () -> fakeNanos += 20_000, nanos -> {
                    throw new IllegalStateException("the benchmark clock must never make the limiter wait");
                });
    }

    @Benchmark
    @Threads(1)
    public long acquireRelease_uncontended() {
        try (ConcurrencyLimiter.Permit permit = limiter.acquire()) {
            return permit.queueWaitNanos();
        }
    }

    @Benchmark
    @Threads(8)
    public long acquireRelease_contended() {
        try (ConcurrencyLimiter.Permit permit = limiter.acquire()) {
            return permit.queueWaitNanos();
        }
    }

    @Benchmark
    @Threads(1)
    public long check_rateLimiter() {
        return rateLimiter.acquire();
    }
}
