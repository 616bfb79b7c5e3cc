package dev.ollamaperf.emulator.engine;

import static dev.ollamaperf.emulator.engine.TestProfiles.generate;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Each fault kind does what FaultPlan says, and nothing is injected by default. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
final class FaultInjectionTest {

    private static final long MS = 1_000_000L;
    private static final String BUSY = "server busy, please try again.  maximum pending requests exceeded";

    /** 400 tokens/s (2.5 ms per token), 20 ms load. */
    private static InferenceEngine engine(FaultPlan faults) {
        return engine(EngineSettings.builder().faults(faults));
    }

    private static InferenceEngine engine(EngineSettings.Builder builder) {
        return Engines.create(
                builder.catalogue(new ModelCatalogue(List.of(TestProfiles.model("m", Duration.ofMillis(20), 400))))
                        .build());
    }

    private static List<RecordingTokenSink> runAll(InferenceEngine engine, int count, int numPredict)
            throws InterruptedException {
        List<RecordingTokenSink> sinks = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            RecordingTokenSink sink = new RecordingTokenSink();
            sinks.add(sink);
            engine.submit(generate("m", numPredict), sink);
        }
        for (RecordingTokenSink sink : sinks) {
            sink.await();
        }
        return sinks;
    }

    @Test
    void submit_noFaultPlan_injectsNothing() throws Exception {
        try (InferenceEngine engine = engine(EngineSettings.builder().numParallel(4))) {
            List<RecordingTokenSink> sinks = runAll(engine, 40, 5);

            assertThat(sinks)
                    .allSatisfy(
                            sink -> assertThat(sink.completion().evalCount()).isEqualTo(5));
            assertThat(engine.stats().injectedFaults()).isEmpty();
        }
    }

    @Test
    void submit_errorRatio_failsThatShareWith500BeforeAnyToken() throws Exception {
        try (InferenceEngine engine = engine(FaultPlan.builder().errorRatio(0.3).build())) {
            List<RecordingTokenSink> sinks = runAll(engine, 200, 1);
            long failed = sinks.stream().filter(s -> s.error() != null).count();

            // Binomial(200, 0.3): mean 60, sd 6.5; the seed makes it repeatable, the bounds are +-4 sd.
            assertThat(failed).isBetween(34L, 86L);
            assertThat(sinks).filteredOn(s -> s.error() != null).allSatisfy(s -> {
                assertThat(s.error().status()).isEqualTo(500);
                assertThat(s.error().afterFirstToken()).isFalse();
                assertThat(s.tokenCount()).isZero();
            });
            assertThat(engine.stats().injectedFaults()).containsEntry("error", failed);
        }
        try (InferenceEngine again = engine(FaultPlan.builder().errorRatio(0.3).build());
                InferenceEngine first =
                        engine(FaultPlan.builder().errorRatio(0.3).build())) {
            List<Boolean> a =
                    runAll(again, 50, 1).stream().map(s -> s.error() != null).collect(toList());
            List<Boolean> b =
                    runAll(first, 50, 1).stream().map(s -> s.error() != null).collect(toList());
            assertThat(a).as("same seed, same order, same faults").isEqualTo(b);
        }
    }

    @Test
    void submit_failedModel_failsEveryRequestOfThatModelOnlyWith500BeforeAnyToken() throws Exception {
        EngineSettings.Builder settings = EngineSettings.builder()
                .faults(FaultPlan.parse("fail=m"))
                .catalogue(new ModelCatalogue(List.of(
                        TestProfiles.model("m", Duration.ofMillis(20), 400),
                        TestProfiles.model("other", Duration.ofMillis(20), 400))));
        try (InferenceEngine engine = Engines.create(settings.build())) {
            List<RecordingTokenSink> failed = new ArrayList<>();
            List<RecordingTokenSink> served = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                RecordingTokenSink primary = new RecordingTokenSink();
                RecordingTokenSink fallback = new RecordingTokenSink();
                failed.add(primary);
                served.add(fallback);
                engine.submit(generate("m", 3), primary);
                engine.submit(generate("other", 3), fallback);
            }
            for (RecordingTokenSink sink : failed) {
                sink.await();
            }
            for (RecordingTokenSink sink : served) {
                sink.await();
            }

            assertThat(failed).allSatisfy(s -> {
                assertThat(s.error()).isNotNull();
                assertThat(s.error().status()).isEqualTo(500);
                assertThat(s.error().message()).startsWith("llama runner process has terminated");
                assertThat(s.tokenCount()).isZero();
            });
            assertThat(served)
                    .allSatisfy(s -> assertThat(s.completion().evalCount()).isEqualTo(3));
            assertThat(engine.stats().injectedFaults()).containsEntry("fail", 10L);
        }
    }

    @Test
    void submit_busyEveryThird_refusesRequests3And6With503() throws Exception {
        try (InferenceEngine engine = engine(FaultPlan.parse("busy=every:3"))) {
            List<RecordingTokenSink> sinks = runAll(engine, 7, 1);

            for (int i = 0; i < 7; i++) {
                EngineError error = sinks.get(i).error();
                if ((i + 1) % 3 == 0) {
                    assertThat(error.status()).isEqualTo(503);
                    assertThat(error.message()).isEqualTo(BUSY);
                } else {
                    assertThat(error).isNull();
                }
            }
            assertThat(engine.stats().injectedFaults()).containsEntry("busy", 2L);
            assertThat(engine.stats().queueFullRejections()).isZero();
        }
    }

    @Test
    void submit_busyWindow_refusesOnlyInsideTheWindow() throws Exception {
        // The nano clock is shifted by hand between requests: window 1s of every 10s from start.
        AtomicLong offset = new AtomicLong();
        FaultPlan plan = FaultPlan.parse("busy=window:1s/10s");
        try (InferenceEngine engine =
                engine(EngineSettings.builder().faults(plan).nanoClock(() -> System.nanoTime() + offset.get()))) {
            List<Integer> statuses = new ArrayList<>();
            for (long shiftSeconds : new long[] {0, 2, 9, 10, 12}) {
                offset.set(TimeUnit.SECONDS.toNanos(shiftSeconds));
                RecordingTokenSink sink = new RecordingTokenSink();
                engine.submit(generate("m", 1), sink);
                statuses.add(sink.await().error() == null ? 200 : sink.error().status());
            }
            assertThat(statuses).containsExactly(503, 200, 200, 503, 200);
        }
    }

    @Test
    void submit_stall_waitsThatLongAfterTokenK() throws Exception {
        Attempts.upTo(3, () -> {
            try (InferenceEngine engine = engine(FaultPlan.parse("stall=1:after=2:for=150ms"))) {
                RecordingTokenSink sink = runAll(engine, 1, 5).get(0);
                List<Long> times = sink.tokenNanos();

                // Token 3 is never early: 20 ms load + 1 ms prefill + 3 x 2.5 ms + 150 ms after submission.
                assertThat(times.get(2) - sink.createdNanos()).isGreaterThanOrEqualTo(178 * MS);
                // The stall sits between tokens 2 and 3 (token 2 may itself be up to 50 ms late).
                assertThat(times.get(2) - times.get(1)).isGreaterThanOrEqualTo(100 * MS);
                assertThat(times.get(1) - times.get(0)).isLessThan(100 * MS);
                assertThat(times.get(4) - times.get(3)).isLessThan(100 * MS);
                // a stall is generation time (eval may lose the prefill timer's lateness, so 140 ms)
                assertThat(sink.completion().evalNanos()).isGreaterThan(140 * MS);
                assertThat(engine.stats().injectedFaults()).containsEntry("stall", 1L);
            }
        });
    }

    @Test
    void submit_drop_closesTheConnectionAfterTokenK() throws Exception {
        try (InferenceEngine engine = engine(FaultPlan.parse("drop=1:after=3"))) {
            RecordingTokenSink sink = runAll(engine, 1, 10).get(0);

            assertThat(sink.tokenCount()).isEqualTo(3);
            assertThat(sink.error().dropConnection()).isTrue();
            assertThat(sink.error().afterFirstToken()).isTrue();
            assertThat(engine.stats().injectedFaults()).containsEntry("drop", 1L);
            assertThat(engine.stats().models().get("m:latest").inFlight()).isZero();
        }
        try (InferenceEngine engine = engine(FaultPlan.parse("drop=1:after=0"))) {
            RecordingTokenSink sink = runAll(engine, 1, 10).get(0);
            assertThat(sink.tokenCount()).isZero();
            assertThat(sink.error().dropConnection()).isTrue();
            assertThat(sink.error().afterFirstToken()).isFalse();
        }
    }

    @Test
    void submit_slowLoad_multipliesAndExtendsTheLoad() throws Exception {
        try (InferenceEngine engine = engine(FaultPlan.parse("slowload=3x+40ms"))) {
            Completion done = runAll(engine, 1, 1).get(0).completion();

            // 20 ms x 3 + 40 ms = 100 ms
            assertThat(done.loadNanos()).isBetween(100 * MS, 250 * MS);
            assertThat(engine.stats().injectedFaults()).containsEntry("slowload", 1L);
        }
    }

    @Test
    void submit_spikes_delayTokensByTheSpikeDuration() throws Exception {
        try (InferenceEngine engine = engine(FaultPlan.parse("spike=1:30ms"))) {
            RecordingTokenSink sink = runAll(engine, 1, 4).get(0);
            List<Long> times = sink.tokenNanos();

            // Deadlines chain from intended times, so a late token makes the next gap shorter;
            // anchor on submission instead, which no token can precede by less than its schedule:
            // 20 ms load + 1 ms prefill + 4 x (2.5 ms + 30 ms spike) = 151 ms.
            assertThat(times.get(3) - sink.createdNanos()).isGreaterThanOrEqualTo(151 * MS);
            assertThat(sink.completion().totalNanos()).isGreaterThanOrEqualTo(151 * MS);
            assertThat(engine.stats().injectedFaults()).containsEntry("spike", 4L);
        }
    }

    private static <T> java.util.stream.Collector<T, ?, List<T>> toList() {
        return java.util.stream.Collectors.toList();
    }
}
