package dev.ollamaperf.load.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** How each endpoint sends {@code think} and reads thinking apart from the answer (docs/ollama-api.md §1.7, §4). */
final class OllamaApiThinkTest {

    @ParameterizedTest
    @CsvSource({"true,true", "false,false", "high,\"high\"", "low,\"low\""})
    void nativeBodies_sendThinkAsABooleanOrALevel(String setting, String json) {
        OllamaRequest request = request(OllamaApi.CHAT).withThink(setting);

        assertThat(OllamaApi.CHAT.body(request).get("think").toString()).isEqualTo(json);
        assertThat(OllamaApi.GENERATE.body(request).get("think").toString()).isEqualTo(json);
    }

    @ParameterizedTest
    @CsvSource({"true,medium", "false,none", "high,high", "max,max"})
    void openAiBody_sendsThinkAsReasoningEffort(String setting, String effort) {
        JsonNode body =
                OllamaApi.OPENAI_CHAT.body(request(OllamaApi.OPENAI_CHAT).withThink(setting));

        assertThat(body.get("reasoning_effort").asText()).isEqualTo(effort);
        assertThat(body.has("think")).isFalse();
    }

    @Test
    void unset_leavesThinkOut() {
        assertThat(OllamaApi.CHAT.body(request(OllamaApi.CHAT)).has("think")).isFalse();
        assertThat(OllamaApi.OPENAI_CHAT.body(request(OllamaApi.OPENAI_CHAT)).has("reasoning_effort"))
                .isFalse();
    }

    @Test
    void chunks_thinkingAndAnswerAreReadApart() throws Exception {
        assertThat(read(OllamaApi.CHAT, "{\"message\":{\"role\":\"assistant\",\"content\":\"\",\"thinking\":\"hm\"}}"))
                .isEqualTo("thinking");
        assertThat(read(OllamaApi.GENERATE, "{\"response\":\"\",\"thinking\":\"hm\",\"done\":false}"))
                .isEqualTo("thinking");
        assertThat(read(OllamaApi.OPENAI_CHAT, "{\"choices\":[{\"delta\":{\"content\":\"\",\"reasoning\":\"hm\"}}]}"))
                .isEqualTo("thinking");
        assertThat(read(OllamaApi.CHAT, "{\"message\":{\"role\":\"assistant\",\"content\":\"Hi\"}}"))
                .isEqualTo("text Hi");
        // another endpoint's text field is not this one's
        assertThat(read(OllamaApi.CHAT, "{\"response\":\"Hi\",\"thinking\":\"hm\"}"))
                .isEmpty();
        assertThat(read(OllamaApi.GENERATE, "{\"message\":{\"content\":\"Hi\",\"thinking\":\"hm\"}}"))
                .isEmpty();
    }

    /** What {@link ChunkReader} found in one line: "thinking", "text <text>", both or neither. */
    private static String read(OllamaApi api, String line) throws Exception {
        ChunkReader chunk = new ChunkReader(api, true);
        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        chunk.read(bytes, 0, bytes.length);
        return ((chunk.hasThinking ? "thinking " : "") + (chunk.hasText ? "text " + chunk.text : "")).trim();
    }

    private static OllamaRequest request(OllamaApi api) {
        return new OllamaRequest(api, "m", List.of(new OllamaRequest.Message("user", "hello")), true, -1, 0, null);
    }
}
