package dev.ollamaperf.load;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ollamaperf.emulator.Emulator;
import dev.ollamaperf.emulator.EmulatorConfig;
import dev.ollamaperf.emulator.engine.EngineSettings;
import dev.ollamaperf.emulator.engine.ModelCatalogue;
import dev.ollamaperf.emulator.engine.ModelProfile;
import dev.ollamaperf.load.simulations.SessionSimulation;
import dev.ollamaperf.results.HistogramData;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The session workload, for real: Gatling in-process against the emulator ({@link TinyModels}: 50 ms prefill
 * overhead, 100,000 prompt tokens/s, 20 ms per output token), whose {@code prompt_eval_count} counts the whole prompt
 * it was sent (about four characters per token; with a prompt cache too, docs/ollama-api.md §1.3), so a turn that
 * carries the history shows it there.
 */
final class SessionSimulationTest {

    private static final int USERS = 2;
    private static final int TURNS = 3;
    private static final long THINK_MILLIS = 400;
    private static final long DURATION_MILLIS = 3_000;
    private static final int SYSTEM_PROMPT_TOKENS = 200;

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void session_threeTurnsWithThinkTime_sendsTheGrowingHistoryAndMeasuresEachTurn(@TempDir Path run) throws Exception {
        JsonNode scenarios = session(TinyModels.tiny("a:latest"), true, THINK_MILLIS, run);

        assertThat(scenarios).hasSize(1);
        JsonNode session = scenarios.get(0);
        assertThat(session.path("scenario").asText()).isEqualTo("session");
        assertThat(session.path("status").asText()).isEqualTo("VALID");
        assertThat(session.path("injection").path("model").asText()).isEqualTo("closed");
        assertThat(session.path("settings").path("ollama.perf.turns").asText()).isEqualTo("3");
        JsonNode model = session.path("models").get(0);
        JsonNode turns = model.path("turns");
        List<Integer> numbers = new ArrayList<>();
        turns.forEach(t -> numbers.add(t.path("turn").asInt()));
        assertThat(numbers).as("every conversation has 3 turns, none more").containsExactly(1, 2, 3);

        long[] requests = new long[TURNS + 1];
        long sum = 0;
        for (JsonNode t : turns) {
            int k = t.path("turn").asInt();
            requests[k] = t.path("requests").asLong();
            sum += requests[k];
            assertThat(t.path("ok").asLong()).as("turn %d", k).isEqualTo(requests[k]);
            for (String histogram : List.of("ttft", "e2e", "prompt_eval", "prompt_tokens", "prompt_rate")) {
                assertThat(t.path("histograms").path(histogram).path("count").asLong())
                        .as("turn %d %s", k, histogram)
                        .isEqualTo(requests[k]);
            }
        }
        assertThat(sum).isEqualTo(model.path("counters").path("requests").asLong());
        Histogram ttftOverTurns = new Histogram(3);
        turns.forEach(t -> ttftOverTurns.add(histogram(t, "ttft")));
        Histogram ttft = histogram(model, "ttft");
        assertThat(ttftOverTurns.getTotalCount())
                .as("the turns split the model's requests, each request in one turn")
                .isEqualTo(ttft.getTotalCount());
        assertThat(ttftOverTurns.getValueAtPercentile(50)).isEqualTo(ttft.getValueAtPercentile(50));
        assertThat(ttftOverTurns.getMaxValue()).isEqualTo(ttft.getMaxValue());
        assertThat(requests[1]).as("each user held at least one conversation").isGreaterThanOrEqualTo(USERS);
        assertThat(requests[1]).isGreaterThanOrEqualTo(requests[2]);
        assertThat(requests[2]).isGreaterThanOrEqualTo(requests[3]);
        assertThat(requests[3])
                .as("only a user's last conversation may be cut short by the end of the duration")
                .isGreaterThanOrEqualTo(requests[1] - USERS);

        // Each turn carries the system prompt, the earlier turns and their answers, and a new message: the
        // shortest prompt of a turn is longer than the longest of the turn before.
        Histogram first = histogram(turns.get(0), "prompt_tokens");
        assertThat(first.getMinValue())
                .as("the system prompt of %d words is in every request", SYSTEM_PROMPT_TOKENS)
                .isGreaterThanOrEqualTo(SYSTEM_PROMPT_TOKENS);
        for (int k = 1; k < TURNS; k++) {
            assertThat(histogram(turns.get(k), "prompt_tokens").getMinValue())
                    .as("turn %d's prompt holds turn %d's", k + 1, k)
                    .isGreaterThan(histogram(turns.get(k - 1), "prompt_tokens").getMaxValue());
        }

        // Turns 2 and 3 each follow a pause of the think time: a user has room for at most duration / think of
        // them (without the pause, each of its ~160 ms requests would follow the last at once: about 25).
        long afterAPause = requests[2] + requests[3];
        long room = USERS * ((DURATION_MILLIS + THINK_MILLIS - 1) / THINK_MILLIS);
        assertThat(afterAPause).isPositive().isLessThanOrEqualTo(room);
    }

    /**
     * Since Ollama 0.30 a slot keeps its last sequence and a request prefills only what its slot has not cached
     * (docs/ollama-api.md §3.7 item 7): with one slot per user, a conversation's later turns find their history in
     * their slot. With a prefill slow enough to see (2,000 tokens/s: about 135 ms for turn 3's ~270 tokens), turn 3
     * is answered sooner with the emulator's prompt cache than without it, and the server's prompt_eval_duration
     * says why: it covers only the new tokens, while prompt_eval_count stays the whole prompt.
     */
    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void session_promptCache_laterTurnsPrefillOnlyTheirNewTokens(@TempDir Path cached, @TempDir Path uncached)
            throws Exception {
        JsonNode on = turns(session(TinyModels.tiny("a:latest", 2_000), true, 100, cached));
        JsonNode off = turns(session(TinyModels.tiny("a:latest", 2_000), false, 100, uncached));

        int last = TURNS - 1;
        // the profile's 20 ms overhead plus 0.5 ms per token (the histograms are in ns)
        long fullPrefill =
                20_000_000 + histogram(off.get(last), "prompt_tokens").getMinValue() * 500_000;
        assertThat(histogram(off.get(last), "prompt_eval").getValueAtPercentile(50))
                .as("without the cache turn %d prefills its whole prompt", TURNS)
                .isGreaterThanOrEqualTo(fullPrefill * 9 / 10);
        assertThat(histogram(on.get(last), "prompt_eval").getValueAtPercentile(50))
                .as("with it, only what its slot did not hold")
                .isLessThan(fullPrefill / 2);
        assertThat(histogram(on.get(last), "prompt_tokens").getMinValue())
                .as("prompt_eval_count counts the cached tokens too")
                .isGreaterThan(histogram(on.get(0), "prompt_tokens").getMaxValue());
        assertThat(histogram(on.get(last), "ttft").getValueAtPercentile(50))
                .as("turn %d's TTFT p50, cache on vs off", TURNS)
                .isLessThan(histogram(off.get(last), "ttft").getValueAtPercentile(50));
    }

    /**
     * Runs the session scenario ({@link #USERS} users, one slot each, {@link #TURNS} turns, the system prompt) for
     * {@link #DURATION_MILLIS} against an emulator of {@code model}, the prompt cache on or off; returns metrics.json's
     * scenarios. No run may call a destructive endpoint.
     */
    private static JsonNode session(ModelProfile model, boolean promptCache, long thinkMillis, Path run)
            throws Exception {
        try (Emulator emulator = Emulator.start(EmulatorConfig.of(EngineSettings.builder()
                .catalogue(new ModelCatalogue(List.of(model)))
                .numParallel(USERS)
                .promptCache(promptCache)
                .build()))) {
            JsonNode scenarios = SimulationsTest.run(
                    emulator,
                    SessionSimulation.class,
                    run,
                    Map.of(
                            "ollama.perf.users",
                            Integer.toString(USERS),
                            "ollama.perf.duration",
                            DURATION_MILLIS + "ms",
                            "ollama.perf.turns",
                            Integer.toString(TURNS),
                            "ollama.perf.thinkTime",
                            thinkMillis + "ms",
                            "ollama.perf.systemPromptTokens",
                            Integer.toString(SYSTEM_PROMPT_TOKENS),
                            "ollama.perf.prompts",
                            "synthetic",
                            "ollama.perf.promptTokens",
                            "20"));
            assertThat(emulator.engine().stats().destructiveCalls()).isEmpty();
            return scenarios;
        } finally {
            System.getProperties().stringPropertyNames().stream()
                    .filter(name -> name.startsWith("ollama.perf."))
                    .forEach(System::clearProperty);
        }
    }

    /** The one session scenario's turns. */
    private static JsonNode turns(JsonNode scenarios) {
        JsonNode turns = scenarios.get(0).path("models").get(0).path("turns");
        assertThat(turns.size()).isEqualTo(TURNS);
        return turns;
    }

    /** Histogram {@code name} of a turn or a model in metrics.json, decoded. */
    static Histogram histogram(JsonNode turnOrModel, String name) {
        JsonNode h = turnOrModel.path("histograms").path(name);
        return new HistogramData(
                        h.path("unit").asText(),
                        h.path("count").asLong(),
                        h.path("hdr").asText())
                .decode();
    }
}
