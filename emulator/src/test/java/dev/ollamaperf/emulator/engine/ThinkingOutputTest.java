package dev.ollamaperf.emulator.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The engine's side of thinking and fixed answers ({@link GenerationRequest.Output}): thinking tokens go to
 * {@link TokenSink#onThinking} before any answer token, count in {@code eval_count}, and share {@code num_predict}
 * with the answer; a fixed answer is emitted token for token and ends when complete.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
final class ThinkingOutputTest {

    private static final int THINKING = 6;
    private static final int ANSWER = 4;

    /** 1000 tokens/s, thinks exactly 6 tokens, answers 4. */
    private static final ModelProfile THINKER = new ModelProfile(
            "thinker:latest",
            "qwen3",
            "8B",
            "Q4_K_M",
            100_000_000L,
            8192,
            4096,
            Duration.ofMillis(5),
            1_000_000,
            Duration.ZERO,
            1000,
            0,
            0,
            ANSWER,
            0,
            THINKING,
            0,
            List.of("completion", "thinking"),
            0,
            "test profile",
            0);

    @Test
    void think_thinkingTokensComeFirst_andCountInEvalCount() throws Exception {
        RecordingTokenSink sink = run(new GenerationRequest.Output(true, List.of()), -1);

        assertThat(sink.thinking()).hasSize(THINKING);
        assertThat(sink.tokensBeforeLastThinking()).isZero();
        assertThat(sink.tokens()).hasSize(ANSWER);
        assertThat(sink.completion().evalCount()).isEqualTo(THINKING + ANSWER);
        assertThat(sink.completion().doneReason()).isEqualTo("stop");
    }

    @Test
    void think_numPredictBelowTheThinking_isAllThinking_andEndsWithLength() throws Exception {
        RecordingTokenSink sink = run(new GenerationRequest.Output(true, List.of()), 4);

        assertThat(sink.thinking()).hasSize(4);
        assertThat(sink.tokens()).isEmpty();
        assertThat(sink.completion().doneReason()).isEqualTo("length");
    }

    @Test
    void fixedAnswer_isEmittedAsGiven_andEndsWhenComplete_evenWithALargerNumPredict() throws Exception {
        RecordingTokenSink sink = run(new GenerationRequest.Output(false, List.of("{\"a\"", ":1}")), 50);

        assertThat(sink.thinking()).isEmpty();
        assertThat(sink.tokens()).containsExactly("{\"a\"", ":1}");
        assertThat(sink.completion().evalCount()).isEqualTo(2);
        assertThat(sink.completion().doneReason()).isEqualTo("stop");
    }

    private static RecordingTokenSink run(GenerationRequest.Output output, int numPredict) throws Exception {
        try (InferenceEngine engine = Engines.create(EngineSettings.builder()
                .catalogue(new ModelCatalogue(List.of(THINKER)))
                .build())) {
            RecordingTokenSink sink = new RecordingTokenSink();
            engine.submit(
                    new GenerationRequest(
                            "thinker",
                            GenerationRequest.Kind.GENERATE,
                            Prompt.of("why?"),
                            numPredict,
                            0,
                            null,
                            null,
                            "/api/chat",
                            output),
                    sink);
            return sink.await();
        }
    }
}
