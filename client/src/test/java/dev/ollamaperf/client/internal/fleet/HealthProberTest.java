package dev.ollamaperf.client.internal.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ollamaperf.client.config.FleetSettings;
import dev.ollamaperf.client.config.OllamaClientConfig;
import dev.ollamaperf.client.internal.codec.OllamaCodecs;
import dev.ollamaperf.client.internal.transport.OllamaTransport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Backoff and recovery on an injected clock, with a scripted health check: nothing waits, nothing is sent. */
final class HealthProberTest {

    private static final long SECOND = 1_000_000_000L;

    private final AtomicLong clock = new AtomicLong(100 * SECOND);
    private final List<Boolean> answers = new ArrayList<>();
    private final List<Long> checkedAt = new ArrayList<>();
    private final Node node = new Node(
            0,
            new OllamaTransport(
                    OllamaClientConfig.builder().endpoint("http://127.0.0.1:9").build(), OllamaCodecs.shared()),
            true);
    private final HealthProber prober = new HealthProber(
            List.of(node),
            new FleetSettings(0, Duration.ofSeconds(2), Duration.ofSeconds(1), Duration.ofSeconds(4)),
            clock::get,
            nanos -> {},
            n -> {
                checkedAt.add(clock.get());
                return answers.remove(0);
            });

    @Test
    void failedNode_isCheckedAfterDoublingBackoffs_andIsUpOnlyAfterACheckSucceeds() {
        assertThat(prober.markFailed(node)).isTrue();
        assertThat(prober.markFailed(node))
                .as("a second failure while out changes nothing")
                .isFalse();
        assertThat(node.health.up()).isFalse();

        clock.addAndGet(SECOND - 1);
        assertThat(prober.probeDue()).isZero();
        assertThat(checkedAt).as("not due before the first backoff").isEmpty();

        answers.addAll(List.of(false, false, false, true));
        clock.addAndGet(1); // 1 s after the failure
        prober.probeDue();
        clock.addAndGet(2 * SECOND - 1);
        prober.probeDue(); // 2 s backoff not over yet
        clock.addAndGet(1);
        prober.probeDue(); // due: fails, next in 4 s
        clock.addAndGet(4 * SECOND);
        prober.probeDue(); // due: fails, next in 4 s (the maximum)
        assertThat(node.health.up()).isFalse();
        clock.addAndGet(4 * SECOND);
        assertThat(prober.probeDue()).isEqualTo(1);

        assertThat(node.health.up()).isTrue();
        assertThat(checkedAt).containsExactly(101 * SECOND, 103 * SECOND, 107 * SECOND, 111 * SECOND);
    }
}
