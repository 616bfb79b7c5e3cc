package dev.ollamaperf.client.internal.limit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ollamaperf.client.config.RateLimitSettings;
import dev.ollamaperf.client.error.RateLimitedException;
import dev.ollamaperf.client.limit.Sleeper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Token bucket on a fake clock whose sleeper advances the clock. */
final class RateLimiterTest {

    private long now = 0;
    private final List<Long> sleeps = new ArrayList<>();
    private final Sleeper fakeSleeper = nanos -> {
        sleeps.add(nanos);
        now += nanos;
    };

    private RateLimiter limiter(double rate, int burst, Duration maxWait) {
        return new RateLimiter(new RateLimitSettings(rate, burst), maxWait, () -> now, fakeSleeper);
    }

    @Test
    void acquire_withinBurst_doesNotWait() {
        RateLimiter r = limiter(2, 3, Duration.ofSeconds(10));
        assertThat(r.acquire()).isZero();
        assertThat(r.acquire()).isZero();
        assertThat(r.acquire()).isZero();
        assertThat(sleeps).isEmpty();
    }

    @Test
    void acquire_beyondBurst_waitsOneIntervalPerToken() {
        RateLimiter r = limiter(2, 1, Duration.ofSeconds(10));
        r.acquire();
        assertThat(r.acquire()).isEqualTo(500_000_000L);
        assertThat(r.acquire()).isEqualTo(500_000_000L);
        assertThat(now).isEqualTo(1_000_000_000L);
    }

    @Test
    void acquire_sustainedCalls_matchConfiguredRate() {
        RateLimiter r = limiter(10, 5, Duration.ofSeconds(10));
        for (int i = 0; i < 105; i++) {
            r.acquire();
        }
        // 5 from the burst, then 100 at 10/s = 10 s
        assertThat(now).isBetween(9_999_999_000L, 10_000_001_000L);
    }

    @Test
    void acquire_idleTime_refillsUpToBurstOnly() {
        RateLimiter r = limiter(1, 2, Duration.ofSeconds(10));
        r.acquire();
        r.acquire();
        now += 60_000_000_000L;
        assertThat(r.availableTokens()).isEqualTo(2.0);
        r.acquire();
        r.acquire();
        assertThat(r.acquire()).isEqualTo(1_000_000_000L);
    }

    @Test
    void acquire_tokenFurtherThanMaxWait_refusesWithoutTakingIt() {
        RateLimiter r = limiter(1, 1, Duration.ofMillis(100));
        r.acquire();
        assertThatThrownBy(r::acquire)
                .isInstanceOf(RateLimitedException.class)
                .hasMessageContaining("rate limit of 1.0/s (burst 1)");
        now += 1_000_000_000L;
        assertThat(r.acquire()).isZero();
    }

    @Test
    void constructor_rateOff_isRejected() {
        assertThatThrownBy(() -> limiter(0, 1, Duration.ZERO)).hasMessageContaining("'OLLAMA_RATE_LIMIT' must be > 0");
    }
}
