package dev.ollamaperf.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ollamaperf.emulator.engine.EngineSettings;
import dev.ollamaperf.emulator.engine.EngineStats;
import dev.ollamaperf.emulator.engine.ModelCatalogue;
import dev.ollamaperf.emulator.engine.ModelProfile;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The slots' prompt cache over real HTTP (docs/ollama-api.md §3.7 item 7). Profile
 * {@link #PREFILL}: prefill 1,000 tokens/s (1 ms a token) after a 10 ms overhead, so a 300-token
 * history costs about 310 ms fresh and about 10 ms when its slot holds it; decoding is fast and
 * short (3 tokens at 1,000/s) so every request takes well under a second.
 *
 * <p>Prompts are four characters a token (the emulator's tokenizer), so {@link #history} of
 * {@code n} tokens is {@code 4n} characters, and conversations start with different characters so
 * they share no prefix.
 */
@Timeout(60)
final class PromptCacheTest {

    static final ModelProfile PREFILL = TestProfiles.completion(
            "prefill:latest", 1_000, Duration.ofMillis(10), 1_000, Duration.ofMillis(10), 3, List.of("completion"));

    private static final int HISTORY_TOKENS = 300;

    @Test
    void chat_secondTurnExtendsTheFirst_prefillsOnlyTheNewTokensAndCountsTheWholePrompt() {
        try (Emulator emulator = start(2, true)) {
            OllamaHttp http = new OllamaHttp(emulator.baseUri());
            ArrayNode turnOne = conversation('A');
            JsonNode first = chat(http, turnOne);
            ArrayNode turnTwo = nextTurn(turnOne, first, "And why is that?");

            OllamaHttp.Stream cached = http.stream("/api/chat", body(turnTwo, true));
            JsonNode cachedDone = cached.last().json();

            try (Emulator fresh = start(2, true)) {
                OllamaHttp freshHttp = new OllamaHttp(fresh.baseUri());
                load(freshHttp);
                OllamaHttp.Stream cold = freshHttp.stream("/api/chat", body(turnTwo, true));
                JsonNode coldDone = cold.last().json();

                assertThat(cachedDone.get("prompt_eval_count").asInt())
                        .as("prompt_eval_count counts cached and new tokens alike")
                        .isEqualTo(coldDone.get("prompt_eval_count").asInt())
                        .isGreaterThan(HISTORY_TOKENS);
                long cachedPrefill = cachedDone.get("prompt_eval_duration").asLong();
                long coldPrefill = coldDone.get("prompt_eval_duration").asLong();
                assertThat(coldPrefill)
                        .as("the cold slot evaluates every token")
                        .isGreaterThanOrEqualTo(fullPrefillNanos(coldDone));
                // the cached turn evaluates ~10 new tokens (~20 ms); half the full cost leaves >100 ms for timer
                // lateness
                assertThat(cachedPrefill)
                        .as(
                                "prefill of the cached turn (%d ns) vs the same prompt on a cold slot (%d ns)",
                                cachedPrefill, coldPrefill)
                        .isLessThan(fullPrefillNanos(coldDone) / 2);
                assertThat(ttft(cached))
                        .as("client-side TTFT, cached vs cold slot")
                        .isLessThan(ttft(cold));
            }
            EngineStats.ModelStats stats = emulator.engine().stats().models().get("prefill:latest");
            assertThat(stats.cachedPromptTokens())
                    .as("the second turn reused every whole token of the first turn and its answer")
                    .isGreaterThanOrEqualTo(HISTORY_TOKENS);
        }
    }

    @Test
    void chat_promptCacheOff_prefillsTheWholePromptEveryTurn() {
        try (Emulator emulator = start(1, false)) {
            OllamaHttp http = new OllamaHttp(emulator.baseUri());
            ArrayNode turnOne = conversation('A');
            JsonNode first = chat(http, turnOne);
            JsonNode second = chat(http, nextTurn(turnOne, first, "Go on."));

            assertThat(second.get("prompt_eval_duration").asLong())
                    .as("prefill of the second turn without a prompt cache: every token")
                    .isGreaterThanOrEqualTo(fullPrefillNanos(second));
            assertThat(emulator.engine().stats().models().get("prefill:latest").cachedPromptTokens())
                    .isZero();
        }
    }

    @Test
    void chat_profileWithCachedTokenCost_cachedTokensCostThatShareOfANewOne() {
        // half PREFILL's rate (2 ms a token), so the cost stands well clear of timer lateness on a busy machine
        ModelProfile costly = TestProfiles.completion(
                        "prefill:latest",
                        500,
                        Duration.ofMillis(10),
                        1_000,
                        Duration.ofMillis(10),
                        3,
                        List.of("completion"))
                .withCachedPromptTokenCost(0.5);
        try (Emulator emulator = TestProfiles.start(EngineSettings.builder()
                .catalogue(new ModelCatalogue(List.of(costly)))
                .numParallel(1)
                .build())) {
            OllamaHttp http = new OllamaHttp(emulator.baseUri());
            ArrayNode turnOne = conversation('A');
            JsonNode first = chat(http, turnOne);
            long before = cached(emulator);
            JsonNode second = chat(http, nextTurn(turnOne, first, "And why is that?"));
            long reused = cached(emulator) - before;

            long expected = costly.prefillNanos(second.get("prompt_eval_count").asInt() - (int) reused, (int) reused);
            assertThat(reused).as("the second turn reused the first").isGreaterThanOrEqualTo(HISTORY_TOKENS);
            // ~330 ms for half of ~310 cached tokens, ~10 new ones and the 10 ms overhead; the engine is never
            // early, and 200 ms is left for timer lateness, still below the ~650 ms of the whole prompt
            long full = costly.prefillNanos(second.get("prompt_eval_count").asInt(), 0);
            assertThat(second.get("prompt_eval_duration").asLong())
                    .as("prefill with cached tokens at half a new token's cost (the whole prompt: %d ns)", full)
                    .isBetween(expected, expected + 200_000_000L)
                    .isLessThan(full);
        }
    }

    @Test
    void chat_twoConversationsOnTwoSlots_eachReturnsToTheSlotHoldingItsHistory() {
        try (Emulator emulator = start(2, true)) {
            OllamaHttp http = new OllamaHttp(emulator.baseUri());
            ArrayNode a = conversation('A');
            ArrayNode b = conversation('B');
            JsonNode a1 = chat(http, a);
            JsonNode b1 = chat(http, b);
            // B goes first: the least recently used slot is A's, so only the longest-prefix rule finds B's
            long before = cached(emulator);
            chat(http, nextTurn(b, b1, "B again?"));
            long afterB = cached(emulator);
            chat(http, nextTurn(a, a1, "A again?"));
            long afterA = cached(emulator);

            assertThat(afterB - before).as("tokens B's second turn reused").isGreaterThanOrEqualTo(HISTORY_TOKENS);
            assertThat(afterA - afterB).as("tokens A's second turn reused").isGreaterThanOrEqualTo(HISTORY_TOKENS);
        }
    }

    @Test
    void chat_twoConversationsOnOneSlot_thrashTheCache() {
        try (Emulator emulator = start(1, true)) {
            OllamaHttp http = new OllamaHttp(emulator.baseUri());
            ArrayNode a = conversation('A');
            ArrayNode b = conversation('B');
            JsonNode a1 = chat(http, a);
            JsonNode b1 = chat(http, b);
            JsonNode a2 = chat(http, nextTurn(a, a1, "A again?"));
            chat(http, nextTurn(b, b1, "B again?"));

            assertThat(cached(emulator))
                    .as("no turn found its history in the one slot")
                    .isZero();
            assertThat(a2.get("prompt_eval_duration").asLong())
                    .as("A's second turn prefilled in full")
                    .isGreaterThanOrEqualTo(fullPrefillNanos(a2));
        }
    }

    @Test
    void chat_promptLongerThanNumCtxWithShiftOff_is400WithOllamasMessage() {
        try (Emulator emulator = start(1, true)) {
            OllamaHttp http = new OllamaHttp(emulator.baseUri());
            ObjectNode body = request(conversation('A'), false);
            body.put("shift", false);
            body.putObject("options").put("num_ctx", 64);

            HttpResponse<String> response = http.post("/api/chat", body.toString());

            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(OllamaHttp.parse(response.body()).get("error").asText())
                    .isEqualTo("the prompt is longer than the context length currently available to the model;"
                            + " shorten the prompt, adjust the context length in settings, or use a model with a"
                            + " longer context length");
        }
    }

    @Test
    void chat_shiftDiffersFromTheLoadedRunner_reloadsTheModel() {
        try (Emulator emulator = start(1, true)) {
            OllamaHttp http = new OllamaHttp(emulator.baseUri());
            chat(http, conversation('A'));
            ObjectNode body = request(conversation('B'), false);
            body.put("shift", false);

            assertThat(http.post("/api/chat", body.toString()).statusCode()).isEqualTo(200);
            assertThat(emulator.engine().stats().models().get("prefill:latest").loads())
                    .as("context shift is a launch setting of llama-server")
                    .isEqualTo(2);
        }
    }

    @Test
    void generate_promptLongerThanNumCtx_isCutToKeepTheStartAndTheEnd() {
        try (Emulator emulator = start(1, true)) {
            OllamaHttp http = new OllamaHttp(emulator.baseUri());
            ObjectNode body = OllamaHttp.JSON.createObjectNode();
            body.put("model", "prefill")
                    .put("prompt", history('A', HISTORY_TOKENS))
                    .put("stream", false);
            body.putObject("options").put("num_ctx", 64).put("num_predict", 3);

            JsonNode done =
                    OllamaHttp.parse(http.post("/api/generate", body.toString()).body());

            assertThat(done.get("prompt_eval_count").asInt())
                    .as("Ollama keeps num_keep (4) tokens and the tail: 64 - (64 - 4) / 2")
                    .isEqualTo(34);
        }
    }

    @Test
    void chat_historyLongerThanNumCtx_dropsTheOldestMessagesButKeepsTheSystemPrompt() {
        try (Emulator emulator = start(1, true)) {
            OllamaHttp http = new OllamaHttp(emulator.baseUri());
            ArrayNode messages = OllamaHttp.JSON.createArrayNode();
            messages.addObject().put("role", "system").put("content", "Be brief.");
            messages.addObject().put("role", "user").put("content", history('A', 100));
            messages.addObject().put("role", "assistant").put("content", "Sure.");
            messages.addObject().put("role", "user").put("content", "Last question here?");
            ObjectNode body = request(messages, false);
            body.putObject("options").put("num_ctx", 64);

            JsonNode done =
                    OllamaHttp.parse(http.post("/api/chat", body.toString()).body());

            String kept = "Be brief.\nSure.\nLast question here?";
            assertThat(done.get("prompt_eval_count").asInt())
                    .as("tokens of the system prompt and the two newest messages")
                    .isEqualTo((kept.length() + 3) / 4);
        }
    }

    @Test
    void openAi_secondTurn_reportsTheWholePromptAsPromptTokens() {
        try (Emulator emulator = start(1, true)) {
            OllamaHttp http = new OllamaHttp(emulator.baseUri());
            ArrayNode turnOne = conversation('A');
            JsonNode first = chat(http, turnOne);
            ArrayNode turnTwo = nextTurn(turnOne, first, "More?");
            ObjectNode body = OllamaHttp.JSON.createObjectNode();
            body.put("model", "prefill").put("max_tokens", 3).set("messages", turnTwo);

            JsonNode usage = OllamaHttp.parse(
                            http.post("/v1/chat/completions", body.toString()).body())
                    .get("usage");

            assertThat(usage.get("prompt_tokens").asInt())
                    .isEqualTo((String.join("\n", texts(turnTwo)).length() + 3) / 4);
            assertThat(cached(emulator)).isGreaterThanOrEqualTo(HISTORY_TOKENS);
        }
    }

    private static Emulator start(int numParallel, boolean promptCache) {
        return TestProfiles.start(EngineSettings.builder()
                .catalogue(new ModelCatalogue(List.of(PREFILL)))
                .numParallel(numParallel)
                .promptCache(promptCache)
                .build());
    }

    /** A system prompt and a first question of {@link #HISTORY_TOKENS} tokens, starting with {@code tag}. */
    private static ArrayNode conversation(char tag) {
        ArrayNode messages = OllamaHttp.JSON.createArrayNode();
        messages.addObject().put("role", "system").put("content", tag + " system: answer briefly.");
        messages.addObject().put("role", "user").put("content", history(tag, HISTORY_TOKENS));
        return messages;
    }

    private static String history(char tag, int tokens) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; text.length() < tokens * 4; i++) {
            text.append(tag).append(i % 10).append("x ");
        }
        return text.substring(0, tokens * 4);
    }

    /** The conversation so far, the assistant's answer and a new question. */
    private static ArrayNode nextTurn(ArrayNode messages, JsonNode answer, String question) {
        ArrayNode next = messages.deepCopy();
        next.addObject()
                .put("role", "assistant")
                .put("content", answer.get("message").get("content").asText());
        next.addObject().put("role", "user").put("content", question);
        return next;
    }

    private static JsonNode chat(OllamaHttp http, ArrayNode messages) {
        HttpResponse<String> response = http.post("/api/chat", body(messages, false));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return OllamaHttp.parse(response.body());
    }

    private static void load(OllamaHttp http) {
        assertThat(http.post("/api/chat", "{\"model\":\"prefill\",\"messages\":[]}")
                        .statusCode())
                .isEqualTo(200);
    }

    private static String body(ArrayNode messages, boolean stream) {
        return request(messages, stream).toString();
    }

    private static ObjectNode request(ArrayNode messages, boolean stream) {
        ObjectNode body = OllamaHttp.JSON.createObjectNode();
        body.put("model", "prefill").put("stream", stream).set("messages", messages);
        return body;
    }

    private static List<String> texts(ArrayNode messages) {
        return java.util.stream.StreamSupport.stream(messages.spliterator(), false)
                .map(m -> m.get("content").asText())
                .toList();
    }

    /** What {@link #PREFILL} takes to evaluate a final chunk's whole prompt (the engine is never early). */
    private static long fullPrefillNanos(JsonNode done) {
        return PREFILL.promptOverhead().toNanos()
                + Math.round(done.get("prompt_eval_count").asInt() * 1e9 / PREFILL.promptTokensPerSecond());
    }

    private static long cached(Emulator emulator) {
        return emulator.engine().stats().models().get("prefill:latest").cachedPromptTokens();
    }

    private static long ttft(OllamaHttp.Stream stream) {
        return stream.lines().get(0).arrivedNanos() - stream.sentNanos();
    }
}
