package dev.ollamaperf.emulator.engine;

import static dev.ollamaperf.emulator.engine.TestProfiles.generate;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** keep_alive, idle expiry, unload requests and what loadedModels() (/api/ps) shows. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
final class KeepAliveTest {

    private static InferenceEngine engine(EngineSettings.Builder builder) {
        return Engines.create(builder.catalogue(new ModelCatalogue(List.of(
                        TestProfiles.model("a", Duration.ofMillis(20), 400),
                        TestProfiles.model("b", Duration.ofMillis(20), 400))))
                .build());
    }

    private static void run(InferenceEngine engine, GenerationRequest request) throws InterruptedException {
        RecordingTokenSink sink = new RecordingTokenSink();
        engine.submit(request, sink);
        assertThat(sink.await().error()).isNull();
    }

    @Test
    void submit_keepAliveZero_unloadsRightAfterTheRequest() throws Exception {
        try (InferenceEngine engine = engine(EngineSettings.builder())) {
            run(engine, generate("a", 2, 0, Duration.ZERO));
            assertThat(engine.loadedModels()).isEmpty();
            assertThat(engine.stats().models().get("a:latest").evictions()).isZero();
        }
    }

    @Test
    void submit_keepAliveDuration_unloadsAfterItExpires() throws Exception {
        try (InferenceEngine engine = engine(EngineSettings.builder())) {
            Instant before = Instant.now();
            RecordingTokenSink sink = new RecordingTokenSink();
            engine.submit(generate("a", 2, 0, Duration.ofMillis(300)), sink);
            sink.await();
            List<LoadedModel> loaded = engine.loadedModels();
            assertThat(loaded).hasSize(1);
            assertThat(loaded.get(0).expiresAt())
                    .isBetween(before.plusMillis(300), Instant.now().plusMillis(300));
            Await.until("model unloaded", () -> engine.loadedModels().isEmpty(), Duration.ofSeconds(5));
            // It must not unload early (late by a loaded machine's timer slack is fine).
            assertThat(System.nanoTime() - sink.finishedNanos()).isGreaterThan(TimeUnit.MILLISECONDS.toNanos(295));
        }
    }

    @Test
    void settings_defaultKeepAlive_appliesWhenTheRequestGivesNone() throws Exception {
        try (InferenceEngine engine = engine(EngineSettings.builder().defaultKeepAlive(Duration.ofMillis(50)))) {
            run(engine, generate("a", 1));
            Await.until("model unloaded", () -> engine.loadedModels().isEmpty(), Duration.ofSeconds(5));
        }
    }

    @Test
    void submit_negativeKeepAlive_keepsTheModelForever() throws Exception {
        try (InferenceEngine engine = engine(EngineSettings.builder().defaultKeepAlive(Duration.ofMillis(50)))) {
            run(engine, generate("a", 1, 0, Duration.ofSeconds(-1)));
            Thread.sleep(150);
            List<LoadedModel> loaded = engine.loadedModels();
            assertThat(loaded).hasSize(1);
            // math.MaxInt64 ns is about 292 years.
            assertThat(loaded.get(0).expiresAt()).isAfter(Instant.now().plus(Duration.ofDays(291 * 365L)));
        }
    }

    @Test
    void submit_keepAliveOmitted_keepsTheMostRecentExplicitValue() throws Exception {
        try (InferenceEngine engine = engine(EngineSettings.builder().defaultKeepAlive(Duration.ofMillis(50)))) {
            run(engine, generate("a", 1, 0, Duration.ofMinutes(10)));
            run(engine, generate("a", 1));
            Thread.sleep(150);
            assertThat(engine.loadedModels()).hasSize(1);
            assertThat(engine.loadedModels().get(0).expiresAt())
                    .isAfter(Instant.now().plus(Duration.ofMinutes(9)));
        }
    }

    @Test
    void submit_unloadWhileBusy_answersAtOnceAndUnloadsWhenTheModelIsIdle() throws Exception {
        try (InferenceEngine engine = engine(EngineSettings.builder())) {
            RecordingTokenSink busy = new RecordingTokenSink();
            engine.submit(generate("a", 60), busy);
            Await.until("decoding", () -> busy.tokenCount() > 0);
            RecordingTokenSink unload = new RecordingTokenSink();
            engine.submit(TestProfiles.of("a", GenerationRequest.Kind.UNLOAD, Duration.ZERO), unload);

            assertThat(unload.await(Duration.ofMillis(50)).completion().doneReason())
                    .isEqualTo("unload");
            assertThat(busy.isFinished()).isFalse();
            assertThat(engine.loadedModels()).hasSize(1);
            assertThat(busy.await().completion().evalCount()).isEqualTo(60);
            assertThat(engine.loadedModels()).isEmpty();
        }
    }

    @Test
    void loadedModels_twoResident_sizeIncludesKvCacheAndLatestExpiryComesFirst() throws Exception {
        try (InferenceEngine engine = engine(EngineSettings.builder().numParallel(3))) {
            run(engine, generate("a", 1, 0, Duration.ofMinutes(1)));
            run(engine, generate("b", 1, 2048, Duration.ofMinutes(30)));
            List<LoadedModel> loaded = engine.loadedModels();

            assertThat(loaded).extracting(m -> m.profile().name()).containsExactly("b:latest", "a:latest");
            // test profile: 100,000,000 bytes of weights, 1,000 KV bytes per token
            assertThat(loaded.get(0).sizeBytes()).isEqualTo(100_000_000L + 1000L * 2048 * 3);
            assertThat(loaded.get(1).sizeBytes()).isEqualTo(100_000_000L + 1000L * 4096 * 3);
            assertThat(loaded.get(0).sizeVramBytes()).isEqualTo(loaded.get(0).sizeBytes());
            assertThat(loaded.get(0).contextLength()).isEqualTo(2048);
        }
    }

    @Test
    void submit_loadOnly_loadsAndAnswersDoneReasonLoadWithZeroMetrics() throws Exception {
        try (InferenceEngine engine = engine(EngineSettings.builder())) {
            RecordingTokenSink sink = new RecordingTokenSink();
            engine.submit(TestProfiles.of("a", GenerationRequest.Kind.LOAD, null), sink);
            Completion done = sink.await().completion();

            assertThat(done).isEqualTo(new Completion("load", 0, 0, 0, 0, 0, 0, "a:latest"));
            assertThat(sink.tokenCount()).isZero();
            assertThat(engine.loadedModels()).hasSize(1);
        }
    }
}
