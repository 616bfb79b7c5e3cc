package dev.ollamaperf.emulator.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * An engine that cannot keep up: its streams' tokens fall due faster than the token thread emits them, so a
 * deadline is always due. The engine's other callers (stats, a new request, a client going away, close) must still
 * get its lock between two deadlines, not only once the token thread has caught up, which here would take minutes.
 * (The new request is admitted; its tokens come only after the flood's overdue ones, which the engine still owes.)
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
final class OverloadTest {

    /** Ten million tokens a second per stream: one due every 0.1 µs, far more than one thread emits. */
    private static final double FLOOD_RATE = 10_000_000;

    private static final int STREAMS = 4;
    private static final int TOKENS = 50_000_000;

    @Test
    void statsAndSubmit_tokensAlwaysDue_getTheLockWhileTheFloodGoesOn() throws Exception {
        ModelProfile flood = TestProfiles.model("flood", Duration.ofMillis(1), FLOOD_RATE, 0.0, 0.0);
        EngineSettings settings = EngineSettings.builder()
                .numParallel(STREAMS + 1)
                .catalogue(new ModelCatalogue(List.of(flood)))
                .build();
        try (InferenceEngine engine = Engines.create(settings)) {
            RecordingTokenSink load = new RecordingTokenSink();
            engine.submit(TestProfiles.of("flood", GenerationRequest.Kind.LOAD, null), load);
            load.await();
            List<CountingSink> floods = new ArrayList<>();
            List<Generation> generations = new ArrayList<>();
            for (int i = 0; i < STREAMS; i++) {
                CountingSink sink = new CountingSink();
                floods.add(sink);
                generations.add(engine.submit(TestProfiles.generate("flood", TOKENS), sink));
            }
            Await.until(
                    "every stream emitting",
                    () -> floods.stream().allMatch(s -> s.tokens.get() > 10_000),
                    Duration.ofSeconds(20));

            EngineStats stats = CompletableFuture.supplyAsync(engine::stats).get(5, TimeUnit.SECONDS);
            CompletableFuture.runAsync(() -> engine.submit(TestProfiles.generate("flood", 3), new CountingSink()))
                    .get(5, TimeUnit.SECONDS);
            CompletableFuture.runAsync(generations.get(0)::cancel).get(5, TimeUnit.SECONDS);

            assertThat(stats.models().values())
                    .as("the stats read while the streams ran")
                    .anyMatch(model -> model.maxInFlight() == STREAMS);
            assertThat(floods.subList(1, STREAMS))
                    .as("the flood was still on when the others got in")
                    .allMatch(s -> !s.done && s.tokens.get() < TOKENS);
        }
    }

    /** Counts tokens, keeps none: the flood emits millions. */
    private static final class CountingSink implements TokenSink {
        final AtomicLong tokens = new AtomicLong();
        volatile boolean done;

        @Override
        public void onToken(String text) {
            tokens.incrementAndGet();
        }

        @Override
        public void onThinking(String text) {}

        @Override
        public void onDone(Completion completion) {
            done = true;
        }

        @Override
        public void onError(EngineError error) {
            done = true;
        }
    }
}
