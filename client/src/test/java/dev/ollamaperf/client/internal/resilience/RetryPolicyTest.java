package dev.ollamaperf.client.internal.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ollamaperf.client.StreamAggregate;
import dev.ollamaperf.client.api.Metrics;
import dev.ollamaperf.client.config.RetrySettings;
import dev.ollamaperf.client.error.BadRequestException;
import dev.ollamaperf.client.error.ConnectionFailedException;
import dev.ollamaperf.client.error.ServerBusyException;
import dev.ollamaperf.client.error.ServerErrorException;
import dev.ollamaperf.client.error.StreamTruncatedException;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Retry rules on a fake clock; the sleeper advances it. */
final class RetryPolicyTest {

    private long now;
    private final List<Long> sleeps = new ArrayList<>();

    private RetryPolicy policy(int attempts, Duration budget, double jitter) {
        return new RetryPolicy(
                new RetrySettings(attempts, Duration.ofMillis(100), Duration.ofMillis(400), budget),
                () -> now,
                n -> {
                    sleeps.add(n);
                    now += n;
                },
                () -> jitter);
    }

    @Test
    void execute_busyThenSuccess_retriesWithGrowingBackoff() {
        AtomicInteger calls = new AtomicInteger();
        String result = policy(5, Duration.ofSeconds(10), 0.0).execute(new DeliveryFlag(), () -> {
            if (calls.incrementAndGet() < 4) {
                throw new ServerBusyException("server busy, please try again.  maximum pending requests exceeded");
            }
            return "ok";
        });
        assertThat(result).isEqualTo("ok");
        assertThat(calls).hasValue(4);
        // jitter 0 => half of 100, 200, 400 ms
        assertThat(sleeps).containsExactly(50_000_000L, 100_000_000L, 200_000_000L);
    }

    @Test
    void execute_backoff_isCappedAndJittered() {
        RetryPolicy p = policy(10, Duration.ofSeconds(10), 0.999);
        assertThat(p.backoffNanos(1)).isBetween(50_000_000L, 100_000_000L);
        assertThat(p.backoffNanos(8)).isBetween(200_000_000L, 400_000_000L);
    }

    @Test
    void execute_connectionFailureAlways_stopsAtMaxAttemptsWithSuppressedHistory() {
        AtomicInteger calls = new AtomicInteger();
        assertThatThrownBy(() -> policy(3, Duration.ofSeconds(10), 0.5).execute(new DeliveryFlag(), () -> {
                    calls.incrementAndGet();
                    throw new ConnectionFailedException("http://127.0.0.1:1", new IOException("refused"));
                }))
                .isInstanceOf(ConnectionFailedException.class)
                .satisfies(e -> assertThat(e.getSuppressed()).hasSize(1));
        assertThat(calls).hasValue(3);
    }

    @Test
    void execute_budgetExhausted_stopsBeforeMaxAttempts() {
        AtomicInteger calls = new AtomicInteger();
        assertThatThrownBy(() -> policy(10, Duration.ofMillis(160), 0.0).execute(new DeliveryFlag(), () -> {
                    calls.incrementAndGet();
                    throw new ServerBusyException("busy");
                }))
                .isInstanceOf(ServerBusyException.class);
        // sleeps 50 ms then 100 ms (total 150 <= 160); the next 200 ms would pass the budget
        assertThat(calls).hasValue(3);
        assertThat(now).isEqualTo(150_000_000L);
    }

    @Test
    void execute_nonRetryableErrors_areThrownAtOnce() {
        AtomicInteger calls = new AtomicInteger();
        assertThatThrownBy(() -> policy(5, Duration.ofSeconds(10), 0).execute(new DeliveryFlag(), () -> {
                    calls.incrementAndGet();
                    throw new BadRequestException("invalid think value");
                }))
                .isInstanceOf(BadRequestException.class);
        assertThatThrownBy(() -> policy(5, Duration.ofSeconds(10), 0).execute(new DeliveryFlag(), () -> {
                    calls.incrementAndGet();
                    throw new ServerErrorException(500, "llama-server process has terminated");
                }))
                .isInstanceOf(ServerErrorException.class);
        assertThat(calls).hasValue(2);
        assertThat(sleeps).isEmpty();
    }

    @Test
    void execute_afterOutputDelivered_neverRetries() {
        AtomicInteger calls = new AtomicInteger();
        DeliveryFlag delivery = new DeliveryFlag();
        assertThatThrownBy(() -> policy(5, Duration.ofSeconds(10), 0).execute(delivery, () -> {
                    calls.incrementAndGet();
                    delivery.markDelivered();
                    throw new ConnectionFailedException("x", new IOException("reset"));
                }))
                .isInstanceOf(ConnectionFailedException.class);
        assertThat(calls).hasValue(1);
    }

    @Test
    void isRetryable_truncatedStream_isNot() {
        StreamAggregate empty =
                new StreamAggregate("", "", "", null, 0, 0, false, null, Metrics.NONE, -1, -1, -1, new long[0]);
        assertThat(RetryPolicy.isRetryable(new StreamTruncatedException(empty, null)))
                .isFalse();
    }
}
