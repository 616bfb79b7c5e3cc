package dev.ollamaperf.client.limit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ollamaperf.client.error.LimiterTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

final class ConcurrencyLimiterTest {

    @Test
    @Timeout(30)
    void acquire_fiftyThreadsLimitFive_neverMoreThanFiveInside() throws Exception {
        ConcurrencyLimiter limiter = new ConcurrencyLimiter(5, Duration.ofSeconds(20));
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger maxInside = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(50);
        CountDownLatch start = new CountDownLatch(1);
        for (int i = 0; i < 50; i++) {
            pool.submit(() -> {
                start.await();
                for (int k = 0; k < 10; k++) {
                    try (ConcurrencyLimiter.Permit p = limiter.acquire()) {
                        assertThat(p.queueWaitNanos()).isNotNegative();
                        maxInside.accumulateAndGet(inside.incrementAndGet(), Math::max);
                        Thread.sleep(1);
                        inside.decrementAndGet();
                    }
                }
                return null;
            });
        }
        start.countDown();
        pool.shutdown();
        assertThat(pool.awaitTermination(25, TimeUnit.SECONDS)).isTrue();
        assertThat(maxInside.get()).isBetween(1, 5);
        assertThat(limiter.maxInUse()).isLessThanOrEqualTo(5);
        assertThat(limiter.inUse()).isZero();
    }

    @Test
    @Timeout(10)
    void acquire_allHeld_timesOutWithTypedErrorNamingLimit() {
        ConcurrencyLimiter limiter = new ConcurrencyLimiter(1, Duration.ofMillis(50));
        try (ConcurrencyLimiter.Permit held = limiter.acquire()) {
            assertThat(held.queueWaitNanos()).isNotNegative();
            assertThatThrownBy(limiter::acquire)
                    .isInstanceOf(LimiterTimeoutException.class)
                    .hasMessageContaining("'OLLAMA_MAX_CONCURRENT' = 1");
        }
        try (ConcurrencyLimiter.Permit again = limiter.acquire()) {
            assertThat(again.queueWaitNanos()).isNotNegative();
            assertThat(limiter.inUse()).isEqualTo(1);
        }
    }

    @Test
    @Timeout(10)
    void acquire_waitersServedInArrivalOrder() throws Exception {
        ConcurrencyLimiter limiter = new ConcurrencyLimiter(1, Duration.ofSeconds(5));
        List<Integer> order = Collections.synchronizedList(new ArrayList<>());
        ConcurrencyLimiter.Permit first = limiter.acquire();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            int id = i;
            Thread t = new Thread(() -> {
                try (ConcurrencyLimiter.Permit p = limiter.acquire()) {
                    if (p.queueWaitNanos() >= 0) { // always: references the permit so it is visibly held here
                        order.add(id);
                    }
                }
            });
            t.start();
            threads.add(t);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (limiter.waiting() < i + 1 && System.nanoTime() < deadline) {
                Thread.sleep(1); // make arrival order deterministic: each thread queued before the next starts
            }
        }
        first.close();
        for (Thread t : threads) {
            t.join();
        }
        assertThat(order).containsExactly(0, 1, 2, 3, 4);
    }

    @Test
    @Timeout(10)
    void acquire_measuresQueueWaitOnInjectedClock() {
        long[] now = {1_000};
        List<Long> waits = new ArrayList<>();
        ConcurrencyLimiter limiter = new ConcurrencyLimiter(2, Duration.ZERO, () -> now[0] += 250, waits::add);
        try (ConcurrencyLimiter.Permit p = limiter.acquire()) {
            assertThat(p.queueWaitNanos()).isEqualTo(250);
        }
        assertThat(waits).containsExactly(250L);
    }

    @Test
    void permit_closedTwice_releasesOnce() {
        ConcurrencyLimiter limiter = new ConcurrencyLimiter(1, Duration.ZERO);
        ConcurrencyLimiter.Permit p = limiter.acquire();
        p.close();
        p.close();
        ConcurrencyLimiter.Permit q = limiter.acquire();
        assertThatThrownBy(limiter::acquire).isInstanceOf(LimiterTimeoutException.class);
        q.close();
    }

    @Test
    void constructor_limitOutOfRange_failsWithNamedMessage() {
        assertThatThrownBy(() -> new ConcurrencyLimiter(0, Duration.ZERO))
                .hasMessage("'OLLAMA_MAX_CONCURRENT' must be between 1 and 1000, got: 0");
    }
}
