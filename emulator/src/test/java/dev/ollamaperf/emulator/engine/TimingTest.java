package dev.ollamaperf.emulator.engine;

import static dev.ollamaperf.emulator.engine.TestProfiles.generate;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What a client observes matches the profile, and what the engine reports matches what a client
 * observes. Tolerances are stated per assertion; they allow for a loaded 2-core machine.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
final class TimingTest {

    private static final long MS = 1_000_000L;

    /** 200 tokens/s (5 ms per token), no jitter, 1 ms prompt overhead, 100,000 prompt tokens/s, 80 ms load. */
    private static final ModelProfile PROFILE = TestProfiles.model("timed", Duration.ofMillis(80), 200, 0.0, 0.5);

    private static InferenceEngine engine() {
        return Engines.create(EngineSettings.builder()
                .catalogue(new ModelCatalogue(List.of(PROFILE, TestProfiles.embedder("embed", Duration.ofMillis(30)))))
                .build());
    }

    @Test
    void submit_warmModel_ttftAndTokenRateSeenByTheSinkMatchTheProfile() throws Exception {
        try (InferenceEngine engine = engine()) {
            RecordingTokenSink warmUp = new RecordingTokenSink();
            engine.submit(TestProfiles.of("timed", GenerationRequest.Kind.LOAD, null), warmUp);
            warmUp.await();
            Attempts.upTo(3, () -> checkWarmRequest(engine));
        }
    }

    private static void checkWarmRequest(InferenceEngine engine) throws Exception {
        RecordingTokenSink sink = new RecordingTokenSink();
        engine.submit(generate("timed", 60), sink);
        Completion done = sink.await().completion();

        // Expected TTFT: 1 ms overhead + 5 prompt tokens / 100,000 per s + one 5 ms token = ~6 ms.
        assertThat(sink.ttftNanos()).isBetween(5 * MS, 30 * MS);
        List<Long> times = sink.tokenNanos();
        double observedRate = (times.size() - 1) * 1e9 / (times.get(times.size() - 1) - times.get(0));
        // Expected 200 tokens/s; deadlines chain from intended times, so lateness does not
        // accumulate: 10% tolerance.
        assertThat(observedRate).isBetween(180.0, 220.0);
        assertThat(done.evalCount() * 1e9 / done.evalNanos()).isBetween(180.0, 220.0);
        assertThat(done.doneReason()).isEqualTo("length");
        assertThat(done.promptEvalCount()).isEqualTo(5);
    }

    @Test
    void submit_coldModel_reportedDurationsMatchTheWallClock() throws Exception {
        Attempts.upTo(3, TimingTest::checkColdRequest);
    }

    private static void checkColdRequest() throws Exception {
        try (InferenceEngine engine = engine()) {
            RecordingTokenSink sink = new RecordingTokenSink();
            long submitted = System.nanoTime();
            engine.submit(generate("timed", 20), sink);
            Completion done = sink.await().completion();
            long observedTotal = sink.finishedNanos() - submitted;
            List<Long> times = sink.tokenNanos();

            // total: submission to final chunk, within 5 ms of what the caller saw
            assertThat(Math.abs(done.totalNanos() - observedTotal)).isLessThan(5 * MS);
            // load: the profile's 80 ms, plus timer slack
            assertThat(done.loadNanos()).isBetween(80 * MS, 130 * MS);
            // eval: from the end of prefill to the last token the sink saw, within 5 ms
            long prefillEnd = submitted + done.loadNanos() + done.promptEvalNanos();
            long observedEval = times.get(times.size() - 1) - prefillEnd;
            assertThat(Math.abs(done.evalNanos() - observedEval)).isLessThan(5 * MS);
            // and it is the profile's 20 tokens x 5 ms, +-10% (a late prefill timer shortens the
            // measured eval slightly, because token deadlines chain from the intended prefill end)
            assertThat(done.evalNanos()).isBetween(90 * MS, 110 * MS);
            // the parts add up to the total (no slot wait here), within 5 ms
            long parts = done.loadNanos() + done.promptEvalNanos() + done.evalNanos();
            assertThat(Math.abs(done.totalNanos() - parts)).isLessThan(5 * MS);
            assertThat(sink.ttftNanos()).isGreaterThanOrEqualTo(85 * MS);
        }
    }

    @Test
    void stats_afterTokens_reportSchedulingLateness() throws Exception {
        try (InferenceEngine engine = engine()) {
            RecordingTokenSink sink = new RecordingTokenSink();
            engine.submit(generate("timed", 10), sink);
            sink.await();
            EngineStats.SchedulingLateness lateness = engine.stats().schedulingLateness();

            assertThat(lateness.count()).isEqualTo(10);
            assertThat(lateness.p50Nanos()).isLessThanOrEqualTo(lateness.p99Nanos());
            assertThat(lateness.p99Nanos()).isLessThanOrEqualTo(lateness.maxNanos());
            assertThat(lateness.p50Nanos())
                    .as("median lateness, loaded 2-core machine")
                    .isLessThan(50 * MS);
            engine.resetPeaks();
            assertThat(engine.stats().schedulingLateness()).isEqualTo(EngineStats.SchedulingLateness.EMPTY);
        }
    }

    @Test
    void submit_sameSeedOrPrompt_givesTheSameTextAndLength() throws Exception {
        try (InferenceEngine engine = engine()) {
            GenerationRequest request = new GenerationRequest(
                    "timed", GenerationRequest.Kind.GENERATE, "tell me a story", -1, 0, null, null, "/api/chat");
            RecordingTokenSink first = new RecordingTokenSink();
            RecordingTokenSink second = new RecordingTokenSink();
            RecordingTokenSink seeded = new RecordingTokenSink();
            RecordingTokenSink seededAgain = new RecordingTokenSink();
            engine.submit(request, first);
            engine.submit(request, second);
            engine.submit(
                    new GenerationRequest(
                            "timed", GenerationRequest.Kind.GENERATE, "one prompt", 30, 0, null, 7L, "/api/generate"),
                    seeded);
            engine.submit(
                    new GenerationRequest(
                            "timed",
                            GenerationRequest.Kind.GENERATE,
                            "another prompt",
                            30,
                            0,
                            null,
                            7L,
                            "/api/generate"),
                    seededAgain);

            Completion done = first.await().completion();
            assertThat(second.await().tokens()).isEqualTo(first.tokens());
            assertThat(done.doneReason()).isEqualTo("stop");
            // profile length 10 +- 2 tokens
            assertThat(done.evalCount()).isBetween(1, 25);
            assertThat(first.tokens()).allSatisfy(token -> assertThat(token).isNotEmpty());
            assertThat(String.join("", first.tokens())).startsWith(" ");
            assertThat(seededAgain.await().tokens()).isEqualTo(seeded.await().tokens());
            assertThat(seeded.tokens()).isNotEqualTo(first.tokens().subList(0, Math.min(30, done.evalCount())));
        }
    }

    @Test
    void submit_numPredictZero_endsAfterPrefillWithLengthAndNoTokens() throws Exception {
        try (InferenceEngine engine = engine()) {
            RecordingTokenSink sink = new RecordingTokenSink();
            engine.submit(generate("timed", 0), sink);
            Completion done = sink.await().completion();

            assertThat(sink.tokenCount()).isZero();
            assertThat(done.doneReason()).isEqualTo("length");
            assertThat(done.evalCount()).isZero();
            assertThat(done.evalNanos()).isZero();
        }
    }

    @Test
    void submit_embed_loadsAndPrefillsWithoutTokens() throws Exception {
        try (InferenceEngine engine = engine()) {
            RecordingTokenSink sink = new RecordingTokenSink();
            engine.submit(
                    new GenerationRequest(
                            "embed", GenerationRequest.Kind.EMBED, "0123456789", -1, 0, null, null, "/api/embed"),
                    sink);
            Completion done = sink.await().completion();

            assertThat(sink.tokenCount()).isZero();
            assertThat(done.evalCount()).isZero();
            assertThat(done.promptEvalCount())
                    .as("10 characters at ~4 per token")
                    .isEqualTo(3);
            assertThat(done.loadNanos()).isGreaterThanOrEqualTo(30 * MS);
            assertThat(done.promptEvalNanos()).isGreaterThanOrEqualTo(2 * MS);
            assertThat(done.resolvedModel()).isEqualTo("embed:latest");
        }
    }
}
