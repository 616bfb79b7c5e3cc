package dev.ollamaperf.client.internal.codec;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ollamaperf.client.api.ChatMessage;
import dev.ollamaperf.client.api.ChatRequest;
import dev.ollamaperf.client.api.ChatResponse;
import dev.ollamaperf.client.api.EmbedRequest;
import dev.ollamaperf.client.api.EmbedResponse;
import dev.ollamaperf.client.api.Format;
import dev.ollamaperf.client.api.GenerateRequest;
import dev.ollamaperf.client.api.GenerateResponse;
import dev.ollamaperf.client.api.KeepAlive;
import dev.ollamaperf.client.api.Metrics;
import dev.ollamaperf.client.api.Options;
import dev.ollamaperf.client.api.PsResponse;
import dev.ollamaperf.client.api.ShowResponse;
import dev.ollamaperf.client.api.TagsResponse;
import dev.ollamaperf.client.api.Think;
import dev.ollamaperf.client.api.ToolCall;
import dev.ollamaperf.client.api.VersionResponse;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Codecs against the examples of the Ollama API reference (docs/ollama-api.md), field by field, plus round-trips. */
final class OllamaCodecsTest {

    private final OllamaCodecs codecs = new OllamaCodecs();

    private JsonNode tree(byte[] json) throws Exception {
        return codecs.mapper().readTree(json);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(UTF_8);
    }

    @Test
    void generateResponse_finalChunkExample_decodesEveryField() {
        String json =
                "{\"model\":\"llama3.2\",\"created_at\":\"2025-03-01T10:00:02.9Z\",\"response\":\"\",\"done\":true,"
                        + "\"done_reason\":\"stop\",\"context\":[128006,882,128007],\"total_duration\":2480000000,"
                        + "\"load_duration\":3100000,\"prompt_eval_count\":31,\"prompt_eval_duration\":42000000,"
                        + "\"eval_count\":120,\"eval_duration\":2390000000}";
        GenerateResponse r = codecs.generateResponse().decode(bytes(json));
        assertThat(r.model()).isEqualTo("llama3.2");
        assertThat(r.createdAt()).isEqualTo("2025-03-01T10:00:02.9Z");
        assertThat(r.response()).isEmpty();
        assertThat(r.done()).isTrue();
        assertThat(r.doneReason()).isEqualTo("stop");
        assertThat(r.context()).containsExactly(128006, 882, 128007);
        assertThat(r.metrics()).isEqualTo(new Metrics(2480000000L, 3100000L, 31, 42000000L, 120, 2390000000L));
        assertThat(r.metrics().outputTokensPerSecond())
                .isCloseTo(120 / 2.39, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void generateResponse_streamChunk_hasNoMetricsAndNoDoneReason() {
        GenerateResponse r = codecs.generateResponse()
                .decode(
                        bytes(
                                "{\"model\":\"llama3.2\",\"created_at\":\"2025-03-01T10:00:00.51Z\",\"response\":\"Blue\",\"done\":false}"));
        assertThat(r.response()).isEqualTo("Blue");
        assertThat(r.done()).isFalse();
        assertThat(r.doneReason()).isNull();
        assertThat(r.metrics()).isSameAs(Metrics.NONE);
    }

    @Test
    void generateResponse_unknownFields_areIgnored() {
        GenerateResponse r = codecs.generateResponse()
                .decode(
                        bytes(
                                "{\"model\":\"m\",\"response\":\"x\",\"done\":false,"
                                        + "\"logprobs\":[{\"token\":\"x\",\"logprob\":-0.1}],\"future\":{\"a\":[1,{\"b\":null}]},\"n\":null}"));
        assertThat(r.response()).isEqualTo("x");
    }

    @Test
    void generateResponse_errorLine_throwsErrorBodyWithServerMessage() {
        assertThatThrownBy(() -> codecs.generateResponse()
                        .decode(bytes("{\"error\":\"an error was encountered while running the model\"}")))
                .isInstanceOf(ErrorBodyException.class)
                .extracting(e -> ((ErrorBodyException) e).serverMessage())
                .isEqualTo("an error was encountered while running the model");
    }

    @Test
    void generateResponse_malformedJson_throwsCodecExceptionNamingType() {
        assertThatThrownBy(() -> codecs.generateResponse().decode(bytes("{\"model\":")))
                .isInstanceOf(JsonCodecException.class)
                .hasMessageContaining("GenerateResponse");
    }

    @Test
    void generateResponse_roundTrip_omitsZeroMetricsAndNulls() throws Exception {
        GenerateResponse r = new GenerateResponse(
                "m", "2025-03-01T10:00:00Z", "hi", null, true, "stop", null, null, new Metrics(10, 0, 3, 0, 5, 7));
        byte[] json = codecs.generateResponse().encode(r);
        JsonNode n = tree(json);
        assertThat(n.has("load_duration")).isFalse();
        assertThat(n.has("thinking")).isFalse();
        assertThat(n.has("context")).isFalse();
        assertThat(n.get("total_duration").asLong()).isEqualTo(10);
        assertThat(codecs.generateResponse().decode(json)).isEqualTo(r);
    }

    @Test
    void generateRequest_minimal_writesOnlyModelPromptAndStream() {
        GenerateRequest r = GenerateRequest.builder("llama3.2").prompt("Why is the sky blue?").stream(false)
                .build();
        assertThat(new String(codecs.generateRequest().encode(r), UTF_8))
                .isEqualTo("{\"model\":\"llama3.2\",\"prompt\":\"Why is the sky blue?\",\"stream\":false}");
    }

    @Test
    void generateRequest_everyField_roundTrips() throws Exception {
        GenerateRequest r =
                GenerateRequest.builder("llama3.2")
                        .prompt("p")
                        .suffix("s")
                        .system("sys")
                        .template("t")
                        .context(List.of(1, 2))
                        .stream(true)
                        .raw(false)
                        .format(Format.schema("{\"type\":\"object\"}"))
                        .keepAlive(KeepAlive.of(Duration.ofMinutes(10)))
                        .images(List.of("aGk="))
                        .options(Options.builder()
                                .numCtx(4096)
                                .temperature(0.2)
                                .stop(List.of("\n"))
                                .seed(42)
                                .extra("mirostat", 2)
                                .build())
                        .think(Think.level("high"))
                        .truncate(true)
                        .shift(false)
                        .logprobs(true)
                        .topLogprobs(3)
                        .build();
        byte[] json = codecs.generateRequest().encode(r);
        JsonNode n = tree(json);
        assertThat(n.get("keep_alive").asText()).isEqualTo("10m");
        assertThat(n.get("format").get("type").asText()).isEqualTo("object");
        assertThat(n.get("think").asText()).isEqualTo("high");
        assertThat(n.get("options").get("num_ctx").asInt()).isEqualTo(4096);
        assertThat(n.get("options").get("mirostat").asInt()).isEqualTo(2);
        assertThat(codecs.generateRequest().decode(json)).isEqualTo(r);
    }

    @Test
    void generateRequest_keepAliveAsNumberOfSeconds_decodes() {
        GenerateRequest r =
                codecs.generateRequest().decode(bytes("{\"model\":\"m\",\"keep_alive\":90,\"think\":true}"));
        assertThat(r.keepAlive()).isEqualTo(KeepAlive.of(Duration.ofSeconds(90)));
        assertThat(r.think()).isEqualTo(Think.ON);
        assertThat(codecs.generateRequest()
                        .decode(bytes("{\"model\":\"m\",\"keep_alive\":-1}"))
                        .keepAlive())
                .isEqualTo(KeepAlive.FOREVER);
    }

    @Test
    void generateRequest_unitlessKeepAliveString_isRejectedAsOllamaDoes() {
        assertThatThrownBy(() -> codecs.generateRequest().decode(bytes("{\"model\":\"m\",\"keep_alive\":\"3600\"}")))
                .isInstanceOf(JsonCodecException.class)
                .hasMessageContaining("missing unit");
    }

    @Test
    void sharedMapper_readerForGenerateRequest_usesTheSameWireShape() throws Exception {
        byte[] json =
                bytes("{\"model\":\"m\",\"format\":{\"type\":\"object\"},\"keep_alive\":\"5m\",\"think\":\"low\"}");
        GenerateRequest viaReader =
                codecs.mapper().readerFor(GenerateRequest.class).readValue(json);
        assertThat(viaReader).isEqualTo(codecs.generateRequest().decode(json));
        assertThat(viaReader.format().rawJson()).isEqualTo("{\"type\":\"object\"}");
        assertThat(codecs.mapper().writeValueAsString(viaReader))
                .isEqualTo(new String(codecs.generateRequest().encode(viaReader), UTF_8));
    }

    @Test
    void chatResponse_streamAndFinalExamples_decode() {
        ChatResponse chunk = codecs.chatResponse()
                .decode(
                        bytes(
                                "{\"model\":\"llama3.2\",\"created_at\":"
                                        + "\"2025-03-01T10:00:00.4Z\",\"message\":{\"role\":\"assistant\",\"content\":\"Hi\"},\"done\":false}"));
        assertThat(chunk.message().content()).isEqualTo("Hi");
        assertThat(chunk.message().role()).isEqualTo("assistant");
        ChatResponse last = codecs.chatResponse()
                .decode(bytes("{\"model\":\"llama3.2\",\"created_at\":"
                        + "\"2025-03-01T10:00:01.7Z\",\"message\":{\"role\":\"assistant\",\"content\":\"\"},\"done\":true,"
                        + "\"done_reason\":\"stop\",\"total_duration\":1720000000,\"load_duration\":2400000,"
                        + "\"prompt_eval_count\":18,\"prompt_eval_duration\":25000000,\"eval_count\":64,"
                        + "\"eval_duration\":1650000000}"));
        assertThat(last.done()).isTrue();
        assertThat(last.metrics()).isEqualTo(new Metrics(1720000000L, 2400000L, 18, 25000000L, 64, 1650000000L));
    }

    @Test
    void chatRequest_withToolCallsAndThinking_roundTrips() throws Exception {
        ToolCall call = new ToolCall(null, new ToolCall.Function(0, "get_weather", Map.of("city", "Oslo")));
        ChatRequest r = ChatRequest.builder("llama3.2")
                .messages(List.of(
                        ChatMessage.system("be brief"),
                        ChatMessage.user("weather?"),
                        new ChatMessage("assistant", "", "hmm", null, List.of(call), null, null),
                        ChatMessage.tool("get_weather", "11C")))
                .stream(false)
                .think(Think.OFF)
                .keepAlive(KeepAlive.FOREVER)
                .tools(List.of(Map.of("type", "function", "function", Map.of("name", "get_weather"))))
                .build();
        byte[] json = codecs.chatRequest().encode(r);
        JsonNode n = tree(json);
        assertThat(n.get("think").isBoolean()).isTrue();
        assertThat(n.get("keep_alive").asText()).isEqualTo("-1m");
        assertThat(n.get("messages")
                        .get(2)
                        .get("tool_calls")
                        .get(0)
                        .get("function")
                        .get("arguments")
                        .get("city")
                        .asText())
                .isEqualTo("Oslo");
        assertThat(n.get("messages").get(3).get("tool_name").asText()).isEqualTo("get_weather");
        assertThat(n.get("messages").get(0).has("images")).isFalse();
        assertThat(codecs.chatRequest().decode(json)).isEqualTo(r);
    }

    @Test
    void chatRequest_upperCaseRole_isLowerCased() {
        ChatRequest r = codecs.chatRequest()
                .decode(bytes("{\"model\":\"m\",\"messages\":[{\"role\":\"USER\"," + "\"content\":\"x\"}]}"));
        assertThat(r.messages().get(0).role()).isEqualTo("user");
    }

    @Test
    void tags_example_decodesNestedDetails() {
        TagsResponse t = codecs.tags()
                .decode(
                        bytes(
                                "{\"models\":[{\"name\":\"llama3.2:latest\",\"model\":"
                                        + "\"llama3.2:latest\",\"modified_at\":\"2025-02-11T09:12:44.1+01:00\",\"size\":2019393189,"
                                        + "\"digest\":\"a80c4f17acd5\",\"details\":{\"parent_model\":\"\",\"format\":\"gguf\",\"family\":"
                                        + "\"llama\",\"families\":[\"llama\"],\"parameter_size\":\"3.2B\",\"quantization_level\":\"Q4_K_M\"}}]}"));
        assertThat(t.models()).hasSize(1);
        assertThat(t.models().get(0).size()).isEqualTo(2019393189L);
        assertThat(t.models().get(0).details().quantizationLevel()).isEqualTo("Q4_K_M");
        assertThat(t.find("llama3.2")).isPresent();
        assertThat(codecs.tags().decode(bytes("{\"models\":[]}")).models()).isEmpty();
    }

    @Test
    void ps_example_decodesSizesAndContextLength() {
        PsResponse ps = codecs.ps()
                .decode(new ByteArrayInputStream(bytes("{\"models\":[{\"name\":\"llama3.2:latest\","
                        + "\"model\":\"llama3.2:latest\",\"size\":3320000000,\"digest\":\"a80c\",\"details\":{\"format\":"
                        + "\"gguf\"},\"expires_at\":\"2025-03-01T10:05:02.9Z\",\"size_vram\":3320000000,"
                        + "\"context_length\":4096}]}")));
        assertThat(ps.models().get(0).sizeVram()).isEqualTo(3320000000L);
        assertThat(ps.models().get(0).contextLength()).isEqualTo(4096);
        assertThat(ps.models().get(0).expiresAt()).isEqualTo("2025-03-01T10:05:02.9Z");
    }

    @Test
    void embed_requestAndResponse_roundTripAndAcceptSingleInput() throws Exception {
        EmbedRequest single = codecs.embedRequest()
                .decode(bytes("{\"model\":\"nomic-embed-text\",\"input\":\"text\","
                        + "\"keep_alive\":\"5m\",\"options\":{\"num_ctx\":512}}"));
        assertThat(single.input()).containsExactly("text");
        assertThat(single.keepAlive()).isEqualTo(KeepAlive.of(Duration.ofMinutes(5)));
        assertThat(single.options().numCtx()).isEqualTo(512);
        JsonNode n = tree(codecs.embedRequest().encode(single));
        assertThat(n.get("input").isArray()).isTrue();
        assertThat(n.has("truncate")).isFalse();
        EmbedResponse e = codecs.embedResponse()
                .decode(
                        bytes(
                                "{\"model\":\"nomic-embed-text\",\"embeddings\":"
                                        + "[[0.012,-0.034]],\"total_duration\":21000000,\"load_duration\":900000,\"prompt_eval_count\":6}"));
        assertThat(e.embeddings().get(0)).containsExactly(0.012f, -0.034f);
        assertThat(e.promptEvalCount()).isEqualTo(6);
    }

    @Test
    void showAndVersion_decode() {
        ShowResponse s = codecs.showResponse()
                .decode(bytes("{\"license\":\"L\",\"parameters\":\"stop x\","
                        + "\"model_info\":{\"general.architecture\":\"llama\",\"llama.context_length\":131072},"
                        + "\"capabilities\":[\"completion\",\"tools\"],\"details\":{\"family\":\"llama\"}}"));
        assertThat(s.modelInfo()).containsEntry("llama.context_length", 131072);
        assertThat(s.capabilities()).containsExactly("completion", "tools");
        assertThat(codecs.version().decode(bytes("{\"version\":\"0.6.2\"}"))).isEqualTo(new VersionResponse("0.6.2"));
    }
}
