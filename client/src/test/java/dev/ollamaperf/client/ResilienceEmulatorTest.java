package dev.ollamaperf.client;

import static dev.ollamaperf.client.EmulatorFixture.TINY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ollamaperf.client.api.GenerateRequest;
import dev.ollamaperf.client.api.GenerateResponse;
import dev.ollamaperf.client.api.Options;
import dev.ollamaperf.client.config.RetrySettings;
import dev.ollamaperf.client.error.ServerBusyException;
import dev.ollamaperf.client.error.StreamTruncatedException;
import dev.ollamaperf.emulator.Emulator;
import dev.ollamaperf.emulator.engine.EngineSettings;
import dev.ollamaperf.emulator.engine.FaultPlan;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Limiter, fallback, retry and cancellation against the real emulator. */
final class ResilienceEmulatorTest {

    private static GenerateRequest tokens(String model, int n) {
        return GenerateRequest.builder(model)
                .prompt("count")
                .options(Options.builder().numPredict(n).build())
                .build();
    }

    @Test
    @Timeout(90)
    void limiter_fiftyThreadsLimitFive_serverNeverSeesMoreThanFiveInFlight() throws Exception {
        try (Emulator emulator = EmulatorFixture.start(
                        EngineSettings.builder().numParallel(64).build());
                OllamaClient client = EmulatorFixture.client(EmulatorFixture.config(emulator)
                        .maxConcurrent(5)
                        .limiterWait(Duration.ofSeconds(60))
                        .build())) {
            client.warmUp(TINY, null);
            ExecutorService pool = Executors.newFixedThreadPool(50);
            List<Future<StreamAggregate>> results = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                results.add(pool.submit(() -> client.generate(tokens(TINY, 8), (c, t) -> {})));
            }
            for (Future<StreamAggregate> f : results) {
                assertThat(f.get(60, TimeUnit.SECONDS).done()).isTrue();
            }
            pool.shutdown();
            int serverPeak = EmulatorFixture.stats(emulator, TINY).maxInFlight();
            assertThat(serverPeak).as("emulator's maxInFlight").isBetween(1, 5);
            assertThat(client.limiter().maxInUse()).isLessThanOrEqualTo(5);
            // with 50 callers, 5 permits and ~25 ms calls, callers must have queued in the limiter
            assertThat(client.metrics().snapshot().queueWait().max()).isPositive();
            assertThat(EmulatorFixture.destructiveCalls(emulator)).isZero();
        }
    }

    @Test
    @Timeout(30)
    void limiter_allPermitsHeldPastWait_throwsLimiterTimeoutAndCountsIt() throws Exception {
        try (Emulator emulator = EmulatorFixture.start(EngineSettings.defaults());
                OllamaClient client = EmulatorFixture.client(EmulatorFixture.config(emulator)
                        .maxConcurrent(1)
                        .limiterWait(Duration.ofMillis(100))
                        .build())) {
            CallControl control = new CallControl();
            CountDownLatch streaming = new CountDownLatch(1);
            Thread holder = new Thread(() -> {
                try {
                    client.generate(tokens(TINY, 4000), (c, t) -> streaming.countDown(), control);
                } catch (RuntimeException expected) {
                    // cancelled below
                }
            });
            holder.start();
            assertThat(streaming.await(10, TimeUnit.SECONDS)).isTrue();
            assertThatThrownBy(() -> client.generate(tokens(TINY, 1)))
                    .isInstanceOf(dev.ollamaperf.client.error.LimiterTimeoutException.class);
            control.cancel();
            holder.join(5_000);
            assertThat(client.metrics().snapshot().errors().get(TINY))
                    .containsEntry(dev.ollamaperf.client.error.ErrorKind.LIMITER_TIMEOUT, 1L);
        }
    }

    @Test
    @Timeout(30)
    void rateLimit_twentyPerSecondBurstOne_spacesCalls() {
        try (Emulator emulator = EmulatorFixture.start(EngineSettings.defaults());
                OllamaClient client = EmulatorFixture.client(EmulatorFixture.config(emulator)
                        .rateLimit(new dev.ollamaperf.client.config.RateLimitSettings(20, 1))
                        .build())) {
            client.version();
            long start = System.nanoTime();
            for (int i = 0; i < 5; i++) {
                client.generate(tokens(TINY, 1));
            }
            long ms = (System.nanoTime() - start) / 1_000_000;
            // 1 token at once, then 4 more at 50 ms each: at least 200 ms (minus clock granularity)
            assertThat(ms).as("ms for 5 calls at 20/s, burst 1").isGreaterThanOrEqualTo(190);
        }
    }

    @Test
    @Timeout(30)
    void fallback_unknownModel_servedByNextModelAndSaysWhich() {
        try (Emulator emulator = EmulatorFixture.start(EngineSettings.defaults());
                OllamaClient client = EmulatorFixture.client(EmulatorFixture.config(emulator)
                        .fallbackModels(List.of("also-missing:1b", TINY))
                        .build())) {
            GenerateResponse blocking = client.generate(tokens("missing:7b", 3));
            assertThat(blocking.model()).isEqualTo(TINY);
            StreamAggregate streamed = client.generate(tokens("missing:7b", 3), (c, t) -> {});
            assertThat(streamed.model()).isEqualTo(TINY);
            assertThat(streamed.done()).isTrue();
            assertThat(client.metrics().snapshot().models()).containsKey(TINY).doesNotContainKey("missing:7b");
        }
    }

    @Test
    @Timeout(30)
    void retry_every2ndRequestBusy_allCallsSucceed() {
        FaultPlan busy = FaultPlan.builder().busyEvery(2).build();
        try (Emulator emulator = EmulatorFixture.start(
                        EngineSettings.builder().faults(busy).build());
                OllamaClient client =
                        EmulatorFixture.client(EmulatorFixture.config(emulator).build())) {
            for (int i = 0; i < 6; i++) {
                assertThat(client.generate(tokens(TINY, 2)).done()).isTrue();
            }
            assertThat(emulator.engine().stats().injectedFaults().getOrDefault("busy", 0L))
                    .isPositive();
            assertThat(client.metrics().snapshot().totalErrors()).isZero();
        }
    }

    @Test
    @Timeout(30)
    void retry_alwaysBusyAndOneAttempt_throwsServerBusy() {
        FaultPlan busy = FaultPlan.builder().busyEvery(1).build();
        try (Emulator emulator = EmulatorFixture.start(
                        EngineSettings.builder().faults(busy).build());
                OllamaClient client = EmulatorFixture.client(EmulatorFixture.config(emulator)
                        .retry(RetrySettings.NONE)
                        .build())) {
            assertThatThrownBy(() -> client.generate(tokens(TINY, 2))).isInstanceOf(ServerBusyException.class);
        }
    }

    @Test
    @Timeout(30)
    void stream_connectionDroppedAfterTokens_throwsTruncatedWithPartialAndIsNotRetried() {
        FaultPlan drop = FaultPlan.builder().drop(1.0, 3).build();
        try (Emulator emulator = EmulatorFixture.start(
                        EngineSettings.builder().faults(drop).build());
                OllamaClient client = EmulatorFixture.client(EmulatorFixture.config(emulator)
                        .fallbackModels(List.of("nomic-embed-text:latest"))
                        .build())) {
            List<String> seen = new ArrayList<>();
            assertThatThrownBy(() -> client.generate(tokens(TINY, 20), (c, t) -> seen.add(c.response())))
                    .isInstanceOfSatisfying(StreamTruncatedException.class, e -> {
                        assertThat(e.partial().done()).isFalse();
                        assertThat(e.partial().chunkCount())
                                .isEqualTo(seen.size())
                                .isPositive();
                        assertThat(e.partial().text()).isEqualTo(String.join("", seen));
                    });
            assertThat(EmulatorFixture.stats(emulator, TINY).requests())
                    .as("attempts sent")
                    .isEqualTo(1);
            assertThat(client.metrics().snapshot().errors().get(TINY))
                    .containsEntry(dev.ollamaperf.client.error.ErrorKind.STREAM_TRUNCATED, 1L);
        }
    }

    @Test
    @Timeout(30)
    void cancel_midStream_closesConnectionAndFreesTheSlot() throws Exception {
        try (Emulator emulator = EmulatorFixture.start(
                        EngineSettings.builder().numParallel(1).build());
                OllamaClient client =
                        EmulatorFixture.client(EmulatorFixture.config(emulator).build())) {
            client.warmUp(TINY, null);
            CallControl control = new CallControl();
            CountDownLatch firstChunk = new CountDownLatch(1);
            AtomicReference<Throwable> outcome = new AtomicReference<>();
            Thread streamer = new Thread(() -> {
                try {
                    // ~4000 tokens at ~400 tokens/s: about 10 s if nothing cancels it
                    client.generate(tokens(TINY, 4000), (c, t) -> firstChunk.countDown(), control);
                } catch (Throwable t) {
                    outcome.set(t);
                }
            });
            streamer.start();
            assertThat(firstChunk.await(10, TimeUnit.SECONDS)).isTrue();
            long cancelledAt = System.nanoTime();
            control.cancel();
            streamer.join(5_000);
            assertThat(outcome.get()).isInstanceOf(CancellationException.class);
            // the only slot must be free again: a second request completes long before the first would have
            GenerateResponse next = client.generate(tokens(TINY, 3));
            assertThat(next.done()).isTrue();
            long elapsedMs = (System.nanoTime() - cancelledAt) / 1_000_000;
            assertThat(elapsedMs)
                    .as("ms from cancel to the next answer (tolerance for a loaded 2-core box)")
                    .isLessThan(5_000);
            assertThat(EmulatorFixture.stats(emulator, TINY).failed()).isPositive();
        }
    }
}
