package dev.ollamaperf.client.internal.codec;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ollamaperf.client.api.openai.ChatCompletionChunk;
import dev.ollamaperf.client.api.openai.ChatCompletionRequest;
import dev.ollamaperf.client.api.openai.ChatCompletionResponse;
import dev.ollamaperf.client.api.openai.OpenAiMessage;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code /v1/chat/completions} codecs against docs/ollama-api.md §4. */
final class OpenAiCodecsTest {

    private final OllamaCodecs codecs = new OllamaCodecs();

    @Test
    void response_example_decodesChoiceAndUsage() {
        ChatCompletionResponse r = codecs.chatCompletionResponse()
                .decode(("{\"id\":\"chatcmpl-417\",\"object\":"
                                + "\"chat.completion\",\"created\":1740823202,\"model\":\"llama3.2\",\"system_fingerprint\":\"fp_ollama\","
                                + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"Hello there.\"},"
                                + "\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":21,\"completion_tokens\":4,"
                                + "\"total_tokens\":25}}")
                        .getBytes(UTF_8));
        assertThat(r.systemFingerprint()).isEqualTo("fp_ollama");
        assertThat(r.choices().get(0).message().content()).isEqualTo("Hello there.");
        assertThat(r.choices().get(0).finishReason()).isEqualTo("stop");
        assertThat(r.usage().totalTokens()).isEqualTo(25);
    }

    @Test
    void chunk_finishAndUsageChunks_decode() {
        ChatCompletionChunk finish = codecs.chatCompletionChunk()
                .decode(("{\"id\":\"chatcmpl-88\",\"object\":"
                                + "\"chat.completion.chunk\",\"created\":1740823202,\"model\":\"llama3.2\",\"system_fingerprint\":"
                                + "\"fp_ollama\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}")
                        .getBytes(UTF_8));
        assertThat(finish.finishReason()).isEqualTo("stop");
        assertThat(finish.contentDelta()).isEmpty();
        ChatCompletionChunk usage = codecs.chatCompletionChunk()
                .decode(("{\"id\":\"chatcmpl-88\",\"choices\":[],"
                                + "\"usage\":{\"prompt_tokens\":21,\"completion_tokens\":4,\"total_tokens\":25}}")
                        .getBytes(UTF_8));
        assertThat(usage.choices()).isEmpty();
        assertThat(usage.usage().completionTokens()).isEqualTo(4);
    }

    @Test
    void chunk_encoded_keepsNullFinishReasonAndEmptyDelta() throws Exception {
        ChatCompletionChunk c = codecs.chatCompletionChunk()
                .decode(("{\"id\":\"x\",\"object\":\"chat.completion.chunk\","
                                + "\"created\":1,\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":null}]}")
                        .getBytes(UTF_8));
        JsonNode n = codecs.mapper().readTree(codecs.chatCompletionChunk().encode(c));
        assertThat(n.get("choices").get(0).has("finish_reason")).isTrue();
        assertThat(n.get("choices").get(0).get("delta").size()).isZero();
        assertThat(n.has("usage")).isFalse();
    }

    @Test
    void request_streamWithUsage_writesSnakeCaseAndOmitsUnset() throws Exception {
        ChatCompletionRequest r = ChatCompletionRequest.of("llama3.2", List.of(OpenAiMessage.of("user", "hi")), true)
                .withIncludeUsage();
        JsonNode n = codecs.mapper().readTree(codecs.chatCompletionRequest().encode(r));
        assertThat(n.get("stream_options").get("include_usage").asBoolean()).isTrue();
        assertThat(n.has("temperature")).isFalse();
        assertThat(n.get("messages").get(0).has("tool_calls")).isFalse();
        ChatCompletionRequest back = codecs.chatCompletionRequest()
                .decode(codecs.chatCompletionRequest().encode(r));
        assertThat(back).isEqualTo(r);
        assertThat(codecs.chatCompletionRequest()
                        .decode(("{\"model\":\"m\",\"messages\":[],\"stop\":\"x\"}").getBytes(UTF_8))
                        .stop())
                .containsExactly("x");
    }
}
