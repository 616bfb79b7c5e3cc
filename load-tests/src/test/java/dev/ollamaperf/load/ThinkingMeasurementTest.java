package dev.ollamaperf.load;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ollamaperf.emulator.Emulator;
import dev.ollamaperf.emulator.EmulatorConfig;
import dev.ollamaperf.emulator.engine.EngineSettings;
import dev.ollamaperf.emulator.engine.FaultPlan;
import dev.ollamaperf.emulator.engine.ModelCatalogue;
import dev.ollamaperf.emulator.engine.ModelProfile;
import dev.ollamaperf.load.simulations.ArrivalRateSimulation;
import io.gatling.app.Gatling$;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The harness measures a thinking model's time to its first thinking chunk, its thinking time and its time to the
 * answer's first chunk as the emulator injected them (docs/ollama-api.md §1.7): a real Gatling run in-process against
 * the embedded emulator with an exactly known profile.
 *
 * <p>Profile: no jitter, no batching penalty, one token every 20 ms, a 100 ms prefill overhead, exactly
 * {@value #THINKING} thinking tokens then {@value #ANSWER} answer tokens. So the first thinking chunk comes one token
 * after the prefill (120 ms), the answer's first chunk {@value #THINKING} tokens later (thinking 300 ms; TTFT 420 ms).
 * Tolerances as in {@code OllamaProtocolTest}: lower bounds tight (the emulator never emits early), upper bounds
 * leave 60 ms of scheduling slack on a loaded 2-core machine (40 ms for the thinking time; their sum for TTFT).
 */
@ExtendWith(ClearsLoadSettings.class)
final class ThinkingMeasurementTest {

    private static final String MODEL = "thinker:latest";
    private static final int THINKING = 15;
    private static final int ANSWER = 10;
    private static final long TOKEN_INTERVAL_MS = 20;
    private static final long PREFILL_MS = 100;
    private static final long SLACK_MS = 60;
    /**
     * Slack of the thinking time, both ways: its decode steps chain from their intended times, so lateness does not
     * add up over the 15 tokens; only the delays of its first and last chunks count (a late first chunk shortens it).
     */
    private static final long THINKING_SLACK_MS = 40;

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void thinkTrue_measuresTimeToThinking_thinkingTime_andTimeToTheAnswer(@TempDir Path run) throws Exception {
        try (Emulator emulator = start()) {
            System.setProperty("ollama.perf.think", "true");
            int exit = runArrivalRate(emulator, run);

            assertThat(exit).as("Gatling exit status").isZero();
            JsonNode model = readModel(run);
            long ok = model.path("counters").path("ok").asLong();
            assertThat(ok).isGreaterThanOrEqualTo(5);
            assertThat(model.path("counters").path("errors").size()).isZero();
            assertThat(model.path("output_tokens").asLong())
                    .as("eval_count counts the thinking tokens")
                    .isEqualTo((THINKING + ANSWER) * ok);

            long firstThinking = PREFILL_MS + TOKEN_INTERVAL_MS;
            assertThat(millis(histogram(model, "ttft_thinking").getValueAtPercentile(50)))
                    .as("time to the first thinking chunk: prefill plus one decode step")
                    .isBetween((double) firstThinking, (double) (firstThinking + SLACK_MS));
            assertThat(histogram(model, "thinking").getTotalCount()).isEqualTo(ok);
            assertThat(millis(histogram(model, "thinking").getValueAtPercentile(50)))
                    .as("thinking time: %d decode steps", THINKING)
                    .isBetween(
                            (double) THINKING * TOKEN_INTERVAL_MS - THINKING_SLACK_MS,
                            (double) THINKING * TOKEN_INTERVAL_MS + THINKING_SLACK_MS);
            long firstAnswer = firstThinking + THINKING * TOKEN_INTERVAL_MS;
            assertThat(millis(histogram(model, "ttft").getValueAtPercentile(50)))
                    .as("TTFT is the answer's first chunk, after the thinking (the slack of both parts)")
                    .isBetween((double) firstAnswer, (double) (firstAnswer + SLACK_MS + THINKING_SLACK_MS));
            assertThat(histogram(model, "inter_token").getTotalCount())
                    .as("gaps between all generated chunks, thinking and answer")
                    .isEqualTo((THINKING + ANSWER - 1) * ok);
        }
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void thinkFalse_onTheOpenAiEndpoint_hasNoThinkingMetrics(@TempDir Path run) throws Exception {
        try (Emulator emulator = start()) {
            System.setProperty("ollama.perf.think", "false");
            System.setProperty("ollama.perf.api", "openai");
            int exit = runArrivalRate(emulator, run);

            assertThat(exit).as("Gatling exit status").isZero();
            JsonNode model = readModel(run);
            assertThat(model.path("histograms").has("ttft_thinking")).isFalse();
            assertThat(model.path("histograms").has("thinking")).isFalse();
            assertThat(model.path("output_tokens").asLong())
                    .isEqualTo(ANSWER * model.path("counters").path("ok").asLong());
            assertThat(millis(histogram(model, "ttft").getValueAtPercentile(50)))
                    .isBetween((double) PREFILL_MS, (double) (PREFILL_MS + TOKEN_INTERVAL_MS + SLACK_MS));
        }
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void thinkLeftOut_onTheOpenAiEndpoint_theModelThinksByDefault_andReasoningChunksAreMeasured(@TempDir Path run)
            throws Exception {
        try (Emulator emulator = start()) {
            System.setProperty("ollama.perf.api", "openai");
            int exit = runArrivalRate(emulator, run);

            assertThat(exit).as("Gatling exit status").isZero();
            JsonNode model = readModel(run);
            assertThat(histogram(model, "ttft_thinking").getTotalCount())
                    .isEqualTo(model.path("counters").path("ok").asLong());
            assertThat(millis(histogram(model, "thinking").getValueAtPercentile(50)))
                    .isBetween(
                            (double) THINKING * TOKEN_INTERVAL_MS - THINKING_SLACK_MS,
                            (double) THINKING * TOKEN_INTERVAL_MS + THINKING_SLACK_MS);
        }
    }

    private static Emulator start() throws Exception {
        ModelProfile thinker = new ModelProfile(
                MODEL,
                "qwen3",
                "8.2B",
                "Q4_K_M",
                100_000_000L,
                8192,
                4096,
                Duration.ofMillis(50),
                1_000_000,
                Duration.ofMillis(PREFILL_MS),
                1000.0 / TOKEN_INTERVAL_MS,
                0,
                0,
                ANSWER,
                0,
                THINKING,
                0,
                List.of("completion", "thinking"),
                0,
                "test profile: exact timings",
                0);
        return Emulator.start(EmulatorConfig.of(EngineSettings.builder()
                .catalogue(new ModelCatalogue(List.of(thinker)))
                .numParallel(4)
                .faults(FaultPlan.NONE)
                .build()));
    }

    /** Two requests a second for 3 s, each of the model's own length (num_predict -1). */
    private static int runArrivalRate(Emulator emulator, Path run) {
        Map.of(
                        "ollama.perf.endpoint", emulator.baseUri().toString(),
                        "ollama.perf.models", MODEL,
                        "ollama.perf.rate", "2",
                        "ollama.perf.duration", "3s",
                        "ollama.perf.numPredict", "-1",
                        "ollama.perf.timeout", "30s",
                        "ollama.perf.run", run.toString())
                .forEach(System::setProperty);
        return Gatling$.MODULE$.fromArgs(new String[] {
            "--simulation", ArrivalRateSimulation.class.getName(),
            "--results-folder", run.resolve("gatling").toString()
        });
    }

    private static JsonNode readModel(Path run) throws Exception {
        JsonNode root =
                new ObjectMapper().readTree(run.resolve("load/metrics.json").toFile());
        JsonNode model = root.path("scenarios").get(0).path("models").get(0);
        assertThat(model.path("model").asText()).isEqualTo(MODEL);
        return model;
    }

    private static Histogram histogram(JsonNode model, String name) throws Exception {
        JsonNode node = model.path("histograms").path(name);
        assertThat(node.isMissingNode())
                .as("histogram %s in %s", name, model.path("histograms"))
                .isFalse();
        byte[] bytes = Base64.getDecoder().decode(node.path("hdr").asText());
        return Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(bytes), 0);
    }

    private static double millis(long nanos) {
        return nanos / 1e6;
    }
}
