package dev.ollamaperf.emulator.engine;

import static dev.ollamaperf.emulator.engine.TestProfiles.generate;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Parallel slots of a warm model: the limit, FIFO order, slot wait, cancellation. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
final class SlotSchedulingTest {

    private static final String MODEL = "slots:latest";

    private static InferenceEngine engine(int numParallel, double tokensPerSecond) {
        ModelProfile profile = TestProfiles.model(MODEL, Duration.ofMillis(20), tokensPerSecond);
        return Engines.create(EngineSettings.builder()
                .numParallel(numParallel)
                .catalogue(new ModelCatalogue(List.of(profile)))
                .build());
    }

    private static void warm(InferenceEngine engine) throws InterruptedException {
        RecordingTokenSink load = new RecordingTokenSink();
        engine.submit(TestProfiles.of(MODEL, GenerationRequest.Kind.LOAD, null), load);
        assertThat(load.await().completion().doneReason()).isEqualTo("load");
    }

    @Test
    void submit_eightRequestsWithTwoSlots_neverMoreThanTwoInFlightAndFifo() throws Exception {
        try (InferenceEngine engine = engine(2, 400)) {
            warm(engine);
            engine.resetPeaks();
            List<RecordingTokenSink> sinks = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                RecordingTokenSink sink = new RecordingTokenSink();
                sinks.add(sink);
                engine.submit(generate(MODEL, 6), sink);
            }
            int observedMax = 0;
            while (!sinks.get(7).isFinished()) {
                EngineStats.ModelStats stats = engine.stats().models().get(MODEL);
                observedMax = Math.max(observedMax, stats.inFlight());
                assertThat(stats.inFlight() + stats.waitingForSlot()).isLessThanOrEqualTo(8);
                Thread.sleep(1);
            }
            for (RecordingTokenSink sink : sinks) {
                assertThat(sink.await().completion().evalCount()).isEqualTo(6);
            }
            EngineStats.ModelStats after = engine.stats().models().get(MODEL);
            assertThat(observedMax).isLessThanOrEqualTo(2);
            assertThat(after.maxInFlight()).isEqualTo(2);
            assertThat(after.inFlight()).isZero();
            assertThat(after.waitingForSlot()).isZero();
            List<Integer> finishOrder = IntStream.range(0, 8)
                    .boxed()
                    .sorted(Comparator.comparingLong(i -> sinks.get(i).finishedNanos()))
                    .collect(Collectors.toList());
            List<Integer> firstTokenOrder = IntStream.range(0, 8)
                    .boxed()
                    .sorted(Comparator.comparingLong(
                            i -> sinks.get(i).tokenNanos().get(0)))
                    .collect(Collectors.toList());
            assertThat(firstTokenOrder).containsExactly(0, 1, 2, 3, 4, 5, 6, 7);
            assertThat(finishOrder).containsExactly(0, 1, 2, 3, 4, 5, 6, 7);
        }
    }

    @Test
    void submit_slotBusy_waitShowsInTotalButNotInEvalOrLoad() throws Exception {
        // 100 tokens/s, 10 tokens: the first request holds the only slot for about 100 ms.
        try (InferenceEngine engine = engine(1, 100)) {
            warm(engine);
            Attempts.upTo(3, () -> {
                RecordingTokenSink first = new RecordingTokenSink();
                RecordingTokenSink second = new RecordingTokenSink();
                engine.submit(generate(MODEL, 10), first);
                engine.submit(generate(MODEL, 10), second);
                Completion a = first.await().completion();
                Completion b = second.await().completion();
                long ms = 1_000_000;
                long slotWait = b.totalNanos() - b.evalNanos() - b.promptEvalNanos() - b.loadNanos();
                // The second waited while the first prefilled and decoded (same clock: 5 ms slack).
                assertThat(slotWait).as("slot wait").isGreaterThan(a.promptEvalNanos() + a.evalNanos() - 5 * ms);
                assertThat(b.loadNanos()).isLessThan(20 * ms);
                // Its own decode: 10 x 10 ms, -10% for a late prefill timer, +60% for a loaded machine.
                assertThat(b.evalNanos()).isBetween(90 * ms, 160 * ms);
            });
        }
    }

    @Test
    void cancel_midStream_freesTheSlotAndTheNextWaiterStarts() throws Exception {
        // 50 tokens/s: 20 ms per token; the first request would need 2 s for its 100 tokens.
        try (InferenceEngine engine = engine(1, 50)) {
            warm(engine);
            RecordingTokenSink first = new RecordingTokenSink();
            RecordingTokenSink second = new RecordingTokenSink();
            Generation running = engine.submit(generate(MODEL, 100), first);
            engine.submit(generate(MODEL, 3), second);
            Await.until("two tokens of the first request", () -> first.tokenCount() >= 2);
            assertThat(engine.stats().models().get(MODEL).waitingForSlot()).isEqualTo(1);
            long cancelledAt = System.nanoTime();
            running.cancel();
            running.cancel();
            assertThat(first.await().error().status()).isEqualTo(499);
            assertThat(first.error().afterFirstToken()).isTrue();
            assertThat(first.terminalCalls()).isEqualTo(1);
            int tokensAtCancel = first.tokenCount();
            Completion next = second.await().completion();
            assertThat(next.evalCount()).isEqualTo(3);
            // The waiter started at once: its first token about one 20 ms interval after the cancel, where waiting for
            // the slot would have taken the first request's remaining 1.9 s. 500 ms leaves room for a busy machine (in
            // CI, with other modules' tests beside it, it took 153 ms once).
            assertThat(second.tokenNanos().get(0) - cancelledAt).isLessThan(TimeUnit.MILLISECONDS.toNanos(500));
            Thread.sleep(50);
            assertThat(first.tokenCount()).isEqualTo(tokensAtCancel);
            EngineStats.ModelStats stats = engine.stats().models().get(MODEL);
            assertThat(stats.failed()).isEqualTo(1);
            assertThat(stats.inFlight()).isZero();
        }
    }

    @Test
    void cancel_fromInsideOnToken_stopsTheStreamWithOneTerminalCall() throws Exception {
        try (InferenceEngine engine = engine(1, 400)) {
            warm(engine);
            Generation[] handle = new Generation[1];
            RecordingTokenSink sink = new RecordingTokenSink();
            sink.onEachToken(text -> {
                if (sink.tokenCount() == 3) {
                    handle[0].cancel();
                }
            });
            synchronized (sink) {
                handle[0] = engine.submit(generate(MODEL, 50), sink);
            }
            sink.await();
            Thread.sleep(30);
            assertThat(sink.tokenCount()).isEqualTo(3);
            assertThat(sink.terminalCalls()).isEqualTo(1);
            assertThat(sink.error().status()).isEqualTo(499);
        }
    }

    @Test
    void submit_moreActiveSlots_slowEachStreamButRaiseTheTotal() throws Exception {
        // serialFraction 0.5: with 2 active slots each stream runs at r1 / 1.5.
        try (InferenceEngine engine = engine(2, 200)) {
            warm(engine);
            Attempts.upTo(3, () -> {
                RecordingTokenSink alone = new RecordingTokenSink();
                engine.submit(generate(MODEL, 40), alone);
                Completion single = alone.await().completion();
                RecordingTokenSink a = new RecordingTokenSink();
                RecordingTokenSink b = new RecordingTokenSink();
                engine.submit(generate(MODEL, 40), a);
                engine.submit(generate(MODEL, 40), b);
                Completion pairA = a.await().completion();
                b.await();
                double singleRate = single.evalCount() * 1e9 / single.evalNanos();
                double pairRate = pairA.evalCount() * 1e9 / pairA.evalNanos();
                // Expected 200 and 133 tokens/s; 15% tolerance for timer lateness on a loaded machine.
                assertThat(singleRate).isBetween(170.0, 215.0);
                assertThat(pairRate).isBetween(113.0, 145.0);
            });
        }
    }
}
