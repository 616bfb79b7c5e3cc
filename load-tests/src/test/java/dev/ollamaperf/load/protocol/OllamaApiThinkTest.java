package dev.ollamaperf.load.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** How each endpoint sends {@code think} and reads thinking apart from the answer (docs/ollama-api.md §1.7, §4). */
final class OllamaApiThinkTest {

    private static final ObjectMapper JSON = new ObjectMapper();

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
        JsonNode chat = JSON.readTree("{\"message\":{\"role\":\"assistant\",\"content\":\"\",\"thinking\":\"hm\"}}");
        JsonNode generate = JSON.readTree("{\"response\":\"\",\"thinking\":\"hm\",\"done\":false}");
        JsonNode openAi = JSON.readTree("{\"choices\":[{\"delta\":{\"content\":\"\",\"reasoning\":\"hm\"}}]}");
        JsonNode answer = JSON.readTree("{\"message\":{\"role\":\"assistant\",\"content\":\"Hi\"}}");

        assertThat(OllamaApi.CHAT.thinkingText(chat)).isEqualTo("hm");
        assertThat(OllamaApi.CHAT.tokenText(chat)).isEmpty();
        assertThat(OllamaApi.GENERATE.thinkingText(generate)).isEqualTo("hm");
        assertThat(OllamaApi.OPENAI_CHAT.thinkingText(openAi)).isEqualTo("hm");
        assertThat(OllamaApi.OPENAI_CHAT.tokenText(openAi)).isEmpty();
        assertThat(OllamaApi.CHAT.thinkingText(answer)).isEmpty();
        assertThat(OllamaApi.CHAT.tokenText(answer)).isEqualTo("Hi");
    }

    private static OllamaRequest request(OllamaApi api) {
        return new OllamaRequest(api, "m", List.of(new OllamaRequest.Message("user", "hello")), true, -1, 0, null);
    }
}
