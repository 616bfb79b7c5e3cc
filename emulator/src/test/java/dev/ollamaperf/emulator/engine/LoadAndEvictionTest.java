package dev.ollamaperf.emulator.engine;

import static dev.ollamaperf.emulator.engine.TestProfiles.generate;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Loads, the scheduler queue and eviction. Timing tolerances allow for timers that run late on a
 * loaded 2-core machine: lower bounds are exact (the engine never finishes early), upper bounds are
 * generous.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
final class LoadAndEvictionTest {

    private static final long MS = 1_000_000L;

    private static InferenceEngine engine(EngineSettings.Builder builder, ModelProfile... profiles) {
        return Engines.create(
                builder.catalogue(new ModelCatalogue(List.of(profiles))).build());
    }

    private static ModelProfile model(String name, long loadMillis) {
        return TestProfiles.model(name, Duration.ofMillis(loadMillis), 400);
    }

    private static List<String> loadedNames(InferenceEngine engine) {
        return engine.loadedModels().stream()
                .map(m -> m.profile().name())
                .sorted()
                .collect(Collectors.toList());
    }

    @Test
    void submit_coldModel_paysItsLoadTimeAndWarmOneDoesNot() throws Exception {
        try (InferenceEngine engine = engine(EngineSettings.builder(), model("a", 100))) {
            RecordingTokenSink cold = new RecordingTokenSink();
            engine.submit(generate("a", 3), cold);
            Completion first = cold.await().completion();
            RecordingTokenSink warm = new RecordingTokenSink();
            engine.submit(generate("a", 3), warm);
            Completion second = warm.await().completion();

            assertThat(first.loadNanos()).isBetween(100 * MS, 300 * MS);
            assertThat(first.totalNanos()).isGreaterThan(first.loadNanos());
            assertThat(second.loadNanos()).isLessThan(20 * MS);
            assertThat(engine.stats().models().get("a:latest").loads()).isEqualTo(1);
        }
    }

    @Test
    void submit_duringALoad_waitsForThatLoadAndReportsTheWaitAsLoadDuration() throws Exception {
        try (InferenceEngine engine = engine(EngineSettings.builder(), model("a", 200))) {
            RecordingTokenSink first = new RecordingTokenSink();
            engine.submit(generate("a", 2), first);
            Thread.sleep(80);
            RecordingTokenSink late = new RecordingTokenSink();
            engine.submit(generate("a", 2), late);
            long lateLoad = late.await().completion().loadNanos();
            first.await();

            assertThat(lateLoad).isBetween(40 * MS, 200 * MS);
            assertThat(engine.stats().models().get("a:latest").loads()).isEqualTo(1);
            // Only the first request passed through the scheduler queue (depth 1 until it was taken);
            // the late one attached to the loading runner directly.
            assertThat(engine.stats().maxSchedulerQueueDepth()).isEqualTo(1);
        }
    }

    @Test
    void submit_pilingUpBehindALoadBeyondMaxQueue_gets503WithOllamasMessage() throws Exception {
        try (InferenceEngine engine = engine(EngineSettings.builder().maxQueue(2), model("x", 200), model("y", 20))) {
            RecordingTokenSink loading = new RecordingTokenSink();
            engine.submit(generate("x", 1), loading);
            List<RecordingTokenSink> queued = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                RecordingTokenSink sink = new RecordingTokenSink();
                queued.add(sink);
                engine.submit(generate("y", 1), sink);
            }
            EngineError refused = queued.get(2).await(Duration.ofMillis(100)).error();

            assertThat(refused.status()).isEqualTo(503);
            assertThat(refused.message())
                    .isEqualTo("server busy, please try again.  maximum pending requests exceeded");
            assertThat(refused.afterFirstToken()).isFalse();
            assertThat(queued.get(0).isFinished()).isFalse();
            assertThat(queued.get(0).await().completion().evalCount()).isEqualTo(1);
            assertThat(queued.get(1).await().completion().evalCount()).isEqualTo(1);
            assertThat(loading.await().completion().evalCount()).isEqualTo(1);
            EngineStats stats = engine.stats();
            assertThat(stats.queueFullRejections()).isEqualTo(1);
            assertThat(stats.maxSchedulerQueueDepth()).isEqualTo(2);
            assertThat(stats.schedulerQueueDepth()).isZero();
            assertThat(stats.injectedFaults()).isEmpty();
        }
    }

    @Test
    void submit_pilingUpBehindAnEvictionBeyondMaxQueue_gets503() throws Exception {
        // One model at a time; "a" is busy for about 100 ms, so "b" waits for the drain as the
        // scheduler's current request, one "c" waits in the queue, and the next "c" is refused.
        try (InferenceEngine engine = engine(
                EngineSettings.builder().maxLoadedModels(1).maxQueue(1),
                model("a", 20),
                model("b", 20),
                model("c", 20))) {
            RecordingTokenSink a = new RecordingTokenSink();
            engine.submit(generate("a", 40), a);
            Await.until("a decoding", () -> a.tokenCount() > 0);
            RecordingTokenSink b = new RecordingTokenSink();
            RecordingTokenSink c1 = new RecordingTokenSink();
            RecordingTokenSink c2 = new RecordingTokenSink();
            engine.submit(generate("b", 1), b);
            engine.submit(generate("c", 1), c1);
            engine.submit(generate("c", 1), c2);

            assertThat(c2.await(Duration.ofMillis(50)).error().status()).isEqualTo(503);
            assertThat(c2.error().message())
                    .isEqualTo("server busy, please try again.  maximum pending requests exceeded");
            assertThat(a.await().error()).isNull();
            assertThat(b.await().error()).isNull();
            assertThat(c1.await().error()).isNull();
            assertThat(engine.stats().queueFullRejections()).isEqualTo(1);
        }
    }

    @Test
    void submit_warmModel_isNotLimitedByMaxQueue() throws Exception {
        try (InferenceEngine engine = engine(EngineSettings.builder().maxQueue(1), model("a", 20))) {
            RecordingTokenSink warmUp = new RecordingTokenSink();
            engine.submit(TestProfiles.of("a", GenerationRequest.Kind.LOAD, null), warmUp);
            warmUp.await();
            List<RecordingTokenSink> sinks = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                RecordingTokenSink sink = new RecordingTokenSink();
                sinks.add(sink);
                engine.submit(generate("a", 2), sink);
            }
            for (RecordingTokenSink sink : sinks) {
                assertThat(sink.await().error()).isNull();
            }
            assertThat(engine.stats().models().get("a:latest").maxInFlight()).isEqualTo(1);
            assertThat(engine.stats().queueFullRejections()).isZero();
        }
    }

    @Test
    void submit_overMaxLoadedModels_evictsTheIdleOneFirst() throws Exception {
        // "a" is busy and has the shortest keep-alive; "b" is idle: "b" must go, not "a".
        try (InferenceEngine engine =
                engine(EngineSettings.builder().maxLoadedModels(2), model("a", 20), model("b", 20), model("c", 20))) {
            RecordingTokenSink b = new RecordingTokenSink();
            engine.submit(generate("b", 1, 0, Duration.ofMinutes(10)), b);
            b.await();
            RecordingTokenSink busyA = new RecordingTokenSink();
            engine.submit(generate("a", 200, 0, Duration.ofMinutes(1)), busyA);
            Await.until("a decoding", () -> busyA.tokenCount() > 0);
            RecordingTokenSink c = new RecordingTokenSink();
            engine.submit(generate("c", 1), c);
            c.await();

            assertThat(busyA.isFinished()).isFalse();
            assertThat(loadedNames(engine)).containsExactly("a:latest", "c:latest");
            assertThat(engine.stats().models().get("b:latest").evictions()).isEqualTo(1);
            assertThat(engine.stats().models().get("a:latest").evictions()).isZero();
            busyA.await();
            assertThat(busyA.completion().evalCount()).isEqualTo(200);
        }
    }

    @Test
    void submit_everyModelBusy_drainsOneBeforeUnloadingIt() throws Exception {
        // 400 tokens/s: "a" needs about 100 ms for its 40 tokens.
        try (InferenceEngine engine =
                engine(EngineSettings.builder().maxLoadedModels(1), model("a", 20), model("b", 20))) {
            RecordingTokenSink a = new RecordingTokenSink();
            engine.submit(generate("a", 40), a);
            Await.until("a decoding", () -> a.tokenCount() > 0);
            RecordingTokenSink b = new RecordingTokenSink();
            engine.submit(generate("b", 1), b);
            Await.until(
                    "b queued behind the drain",
                    () -> engine.stats().models().get("b:latest").requests() == 1);
            RecordingTokenSink lateA = new RecordingTokenSink();
            engine.submit(generate("a", 1), lateA);
            Completion bDone = b.await().completion();
            Completion aDone = a.await().completion();

            assertThat(aDone.evalCount())
                    .as("the drained request finished whole")
                    .isEqualTo(40);
            assertThat(b.tokenNanos().get(0)).isGreaterThan(a.finishedNanos());
            assertThat(bDone.loadNanos()).isGreaterThan(20 * MS);
            // A request for the draining model is not attached to it: it queues behind "b" and
            // reloads "a" after "b" is evicted in turn.
            assertThat(lateA.await().completion().loadNanos()).isGreaterThan(20 * MS);
            assertThat(lateA.tokenNanos().get(0)).isGreaterThan(b.finishedNanos());
            EngineStats stats = engine.stats();
            assertThat(stats.models().get("a:latest").evictions()).isEqualTo(1);
            assertThat(stats.models().get("a:latest").loads()).isEqualTo(2);
            assertThat(stats.models().get("b:latest").evictions()).isEqualTo(1);
            assertThat(loadedNames(engine)).containsExactly("a:latest");
        }
    }

    @Test
    void submit_changedNumCtx_forcesAReload() throws Exception {
        try (InferenceEngine engine = engine(EngineSettings.builder(), model("a", 60))) {
            RecordingTokenSink first = new RecordingTokenSink();
            engine.submit(generate("a", 1), first);
            first.await();
            assertThat(engine.loadedModels().get(0).contextLength()).isEqualTo(4096);

            RecordingTokenSink other = new RecordingTokenSink();
            engine.submit(generate("a", 1, 2048, null), other);
            Completion reloaded = other.await().completion();
            assertThat(reloaded.loadNanos()).isGreaterThanOrEqualTo(60 * MS);
            assertThat(engine.loadedModels().get(0).contextLength()).isEqualTo(2048);

            // Above the trained context (8192) is clamped: 8192 and 1,000,000 share one runner.
            RecordingTokenSink big = new RecordingTokenSink();
            engine.submit(generate("a", 1, 1_000_000, null), big);
            big.await();
            RecordingTokenSink same = new RecordingTokenSink();
            engine.submit(generate("a", 1, 8192, null), same);
            assertThat(same.await().completion().loadNanos()).isLessThan(20 * MS);
            assertThat(engine.loadedModels().get(0).contextLength()).isEqualTo(8192);
            EngineStats.ModelStats stats = engine.stats().models().get("a:latest");
            assertThat(stats.loads()).isEqualTo(3);
            assertThat(stats.evictions()).isEqualTo(2);
        }
    }

    @Test
    void cancel_queuedRequest_neverLoadsItsModel() throws Exception {
        try (InferenceEngine engine = engine(EngineSettings.builder(), model("x", 150), model("y", 20))) {
            RecordingTokenSink x = new RecordingTokenSink();
            engine.submit(generate("x", 1), x);
            RecordingTokenSink y = new RecordingTokenSink();
            Generation queued = engine.submit(generate("y", 1), y);
            assertThat(engine.stats().schedulerQueueDepth()).isEqualTo(1);
            queued.cancel();

            assertThat(y.await(Duration.ofMillis(100)).error().status()).isEqualTo(499);
            assertThat(engine.stats().schedulerQueueDepth()).isZero();
            x.await();
            Thread.sleep(50);
            assertThat(engine.stats().models().get("y:latest").loads()).isZero();
            assertThat(loadedNames(engine)).containsExactly("x:latest");
        }
    }
}
