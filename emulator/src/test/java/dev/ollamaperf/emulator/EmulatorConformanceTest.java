package dev.ollamaperf.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ollamaperf.emulator.engine.Engines;
import dev.ollamaperf.emulator.engine.FaultPlan;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * Every endpoint's fields and types as docs/ollama-api.md §1 and §4 describe them, over real HTTP
 * against a real emulator on 127.0.0.1 (fast zero-jitter profiles, 4 slots).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(60)
final class EmulatorConformanceTest {

    /** Go's RFC3339Nano in UTC: fraction without trailing zeros, or none. */
    private static final Pattern RFC3339_NANO_UTC =
            Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d*[1-9])?Z");

    private static final List<String> METRICS = List.of(
            "total_duration",
            "load_duration",
            "prompt_eval_count",
            "prompt_eval_duration",
            "eval_count",
            "eval_duration");

    private Emulator emulator;
    private OllamaHttp http;

    @BeforeAll
    void start() {
        emulator = TestProfiles.start(TestProfiles.settings(4, FaultPlan.NONE));
        http = new OllamaHttp(emulator.baseUri());
    }

    @AfterAll
    void stop() {
        emulator.close();
    }

    @Test
    void root_getAndHead_sayOllamaIsRunning() {
        HttpResponse<String> get = http.get("/");
        assertThat(get.statusCode()).isEqualTo(200);
        assertThat(get.body()).isEqualTo("Ollama is running");
        assertThat(get.headers().firstValue("Content-Type"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("text/plain"));
        HttpResponse<String> head = http.head("/");
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.body()).isEmpty();
    }

    @Test
    void version_getAndHead_reportThePinnedVersion() {
        HttpResponse<String> get = http.get("/api/version");
        assertThat(get.statusCode()).isEqualTo(200);
        assertThat(OllamaHttp.parse(get.body()).get("version").asText()).isEqualTo(Engines.EMULATED_OLLAMA_VERSION);
        assertThat(http.head("/api/version").statusCode()).isEqualTo(200);
    }

    @Test
    void tags_get_listsEveryModelWithOllamasFields() {
        HttpResponse<String> response = http.get("/api/tags");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json; charset=utf-8");
        JsonNode models = OllamaHttp.parse(response.body()).get("models");
        assertThat(models).hasSize(4);
        JsonNode steady = models.get(0);
        assertThat(steady.get("name").asText()).isEqualTo("steady:latest");
        assertThat(steady.get("model").asText()).isEqualTo("steady:latest");
        assertThat(steady.get("modified_at").asText()).matches(RFC3339_NANO_UTC);
        assertThat(steady.get("size").isIntegralNumber()).isTrue();
        assertThat(steady.get("size").asLong()).isEqualTo(TestProfiles.STEADY.sizeBytes());
        assertThat(steady.get("digest").asText()).matches("[0-9a-f]{64}");
        assertDetails(steady.get("details"));
        assertThat(http.head("/api/tags").statusCode()).isEqualTo(200);
    }

    @Test
    void show_knownModel_returnsDetailsModelInfoAndCapabilities() {
        HttpResponse<String> response = http.post("/api/show", "{\"model\":\"fast\"}");
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode show = OllamaHttp.parse(response.body());
        assertThat(show.get("modelfile").asText()).contains("FROM fast:latest");
        assertThat(show.get("template").isTextual()).isTrue();
        assertDetails(show.get("details"));
        assertThat(show.get("model_info").get("general.architecture").asText()).isEqualTo("llama");
        assertThat(show.get("model_info").get("llama.context_length").asInt()).isEqualTo(131_072);
        assertThat(show.get("capabilities")).extracting(JsonNode::asText).containsExactly("completion", "tools");
        assertThat(show.get("modified_at").asText()).matches(RFC3339_NANO_UTC);
    }

    @Test
    void generate_streaming_sendsTokenLinesThenOneFinalChunkWithMetricsAndContext() {
        OllamaHttp.Stream stream = http.stream(
                "/api/generate",
                "{\"model\":\"fast\",\"prompt\":\"Why is the sky blue?\",\"options\":{\"num_predict\":6}}");
        assertThat(stream.status()).isEqualTo(200);
        assertThat(stream.contentType()).isEqualTo("application/x-ndjson");
        assertThat(stream.failure()).isNull();
        List<OllamaHttp.Line> lines = stream.lines();
        assertThat(lines).hasSize(7);
        for (OllamaHttp.Line line : lines.subList(0, 6)) {
            JsonNode chunk = line.json();
            assertThat(fieldNames(chunk)).containsExactly("model", "created_at", "response", "done");
            assertThat(chunk.get("model").asText()).isEqualTo("fast");
            assertThat(chunk.get("created_at").asText()).matches(RFC3339_NANO_UTC);
            assertThat(chunk.get("response").asText()).isNotEmpty();
            assertThat(chunk.get("done").asBoolean()).isFalse();
        }
        JsonNode last = stream.last().json();
        assertThat(last.get("done").asBoolean()).isTrue();
        assertThat(last.get("response").asText()).isEmpty();
        assertThat(last.get("done_reason").asText()).isEqualTo("length");
        assertThat(last.get("eval_count").asInt()).isEqualTo(6);
        assertThat(last.get("context").isArray()).isTrue();
        assertThat(last.get("context").size())
                .isEqualTo(last.get("prompt_eval_count").asInt() + 6);
        assertMetricsAreIntegers(last);
    }

    @Test
    void generate_raw_omitsContext() {
        JsonNode last = OllamaHttp.parse(http.post(
                        "/api/generate",
                        "{\"model\":\"fast\",\"prompt\":\"x\",\"raw\":true,\"stream\":false,\"options\":{\"num_predict\":2}}")
                .body());
        assertThat(last.has("context")).isFalse();
        assertThat(last.get("done").asBoolean()).isTrue();
    }

    @Test
    void generate_notStreaming_returnsOneJsonObjectWithTheWholeText() {
        String request = "{\"model\":\"fast\",\"prompt\":\"hello\",\"options\":{\"num_predict\":5,\"seed\":7}}";
        OllamaHttp.Stream streamed = http.stream("/api/generate", request);
        StringBuilder text = new StringBuilder();
        streamed.lines().forEach(l -> text.append(l.json().get("response").asText()));
        HttpResponse<String> response =
                http.post("/api/generate", request.replace("{\"model\"", "{\"stream\":false,\"model\""));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json; charset=utf-8");
        JsonNode body = OllamaHttp.parse(response.body());
        assertThat(body.get("done").asBoolean()).isTrue();
        assertThat(body.get("eval_count").asInt()).isEqualTo(5);
        assertThat(body.get("response").asText()).isEqualTo(text.toString());
        assertMetricsAreIntegers(body);
    }

    @Test
    void generate_emptyPrompt_loadsAndAnswersDoneReasonLoadWithoutMetrics() {
        HttpResponse<String> response = http.post("/api/generate", "{\"model\":\"fast\"}");
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = OllamaHttp.parse(response.body());
        assertThat(fieldNames(body)).containsExactly("model", "created_at", "response", "done", "done_reason");
        assertThat(body.get("done_reason").asText()).isEqualTo("load");
    }

    @Test
    void chat_emptyMessagesWithKeepAliveZero_answersDoneReasonUnload() {
        http.post("/api/chat", "{\"model\":\"thinker:7b\",\"messages\":[]}");
        JsonNode body =
                OllamaHttp.parse(http.post("/api/chat", "{\"model\":\"thinker:7b\",\"messages\":[],\"keep_alive\":0}")
                        .body());
        assertThat(body.get("done_reason").asText()).isEqualTo("unload");
        assertThat(body.get("message").get("role").asText()).isEqualTo("assistant");
        assertThat(body.has("total_duration")).isFalse();
    }

    @Test
    void chat_streaming_sendsAssistantMessagesThenFinalChunkWithoutContext() {
        OllamaHttp.Stream stream = http.stream(
                "/api/chat",
                "{\"model\":\"fast:latest\",\"messages\":[{\"role\":"
                        + "\"system\",\"content\":\"Be brief.\"},{\"role\":\"USER\",\"content\":\"Hi\"}],"
                        + "\"options\":{\"num_predict\":3}}");
        assertThat(stream.status()).isEqualTo(200);
        assertThat(stream.contentType()).isEqualTo("application/x-ndjson");
        assertThat(stream.lines()).hasSize(4);
        JsonNode first = stream.lines().get(0).json();
        assertThat(fieldNames(first)).containsExactly("model", "created_at", "message", "done");
        assertThat(first.get("model").asText()).isEqualTo("fast:latest");
        assertThat(first.get("message").get("role").asText()).isEqualTo("assistant");
        assertThat(first.get("message").get("content").asText()).isNotEmpty();
        JsonNode last = stream.last().json();
        assertThat(last.get("message").get("content").asText()).isEmpty();
        assertThat(last.get("done_reason").asText()).isEqualTo("length");
        assertThat(last.has("context")).isFalse();
        assertMetricsAreIntegers(last);
    }

    @Test
    void chat_notStreaming_returnsTheWholeMessage() {
        JsonNode body = OllamaHttp.parse(http.post(
                        "/api/chat",
                        "{\"model\":\"fast\",\"stream\":false,"
                                + "\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}],\"options\":{\"num_predict\":4}}")
                .body());
        assertThat(body.get("message").get("content").asText()).isNotEmpty();
        assertThat(body.get("eval_count").asInt()).isEqualTo(4);
        assertThat(body.get("done").asBoolean()).isTrue();
    }

    @Test
    void embed_stringAndArray_returnUnitVectorsOfTheProfilesLength() {
        JsonNode one = OllamaHttp.parse(http.post("/api/embed", "{\"model\":\"embedder\",\"input\":\"a\"}")
                .body());
        assertThat(one.get("model").asText()).isEqualTo("embedder");
        assertThat(one.get("embeddings")).hasSize(1);
        assertUnitVector(one.get("embeddings").get(0), 8);
        assertThat(one.get("prompt_eval_count").asInt()).isPositive();
        assertThat(one.get("total_duration").asLong()).isPositive();
        JsonNode two = OllamaHttp.parse(http.post("/api/embed", "{\"model\":\"embedder\",\"input\":[\"a\",\"b\"]}")
                .body());
        assertThat(two.get("embeddings")).hasSize(2);
        assertThat(two.get("embeddings").get(0)).isEqualTo(one.get("embeddings").get(0));
        assertThat(two.get("embeddings").get(1))
                .isNotEqualTo(one.get("embeddings").get(0));
        JsonNode empty = OllamaHttp.parse(
                http.post("/api/embed", "{\"model\":\"embedder\",\"input\":[]}").body());
        assertThat(empty.get("embeddings")).isEmpty();
    }

    @Test
    void embed_badInputType_is400InvalidInputType() {
        HttpResponse<String> response = http.post("/api/embed", "{\"model\":\"embedder\",\"input\":42}");
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).isEqualTo("{\"error\":\"invalid input type\"}");
    }

    @Test
    void embeddings_legacy_returnsOneVector() {
        JsonNode body = OllamaHttp.parse(http.post("/api/embeddings", "{\"model\":\"embedder\",\"prompt\":\"a\"}")
                .body());
        assertThat(fieldNames(body)).containsExactly("embedding");
        assertUnitVector(body.get("embedding"), 8);
    }

    @Test
    void ps_afterARequest_listsTheResidentModelWithExpiryAndContextLength() {
        http.post(
                "/api/generate",
                "{\"model\":\"fast\",\"prompt\":\"x\",\"stream\":false," + "\"options\":{\"num_predict\":1}}");
        JsonNode models = OllamaHttp.parse(http.get("/api/ps").body()).get("models");
        JsonNode fast = null;
        for (JsonNode model : models) {
            if (model.get("name").asText().equals("fast:latest")) {
                fast = model;
            }
        }
        assertThat(fast).isNotNull();
        assertThat(fast.get("model").asText()).isEqualTo("fast:latest");
        assertThat(fast.get("size").asLong()).isPositive();
        assertThat(fast.get("size_vram").isIntegralNumber()).isTrue();
        assertThat(fast.get("expires_at").asText()).matches(RFC3339_NANO_UTC);
        assertThat(fast.get("context_length").asInt()).isPositive();
        assertThat(fast.get("digest").asText()).matches("[0-9a-f]{64}");
        assertDetails(fast.get("details"));
    }

    @Test
    void openAiChat_notStreamingByDefault_returnsChatCompletionWithUsage() {
        HttpResponse<String> response = http.post(
                "/v1/chat/completions",
                "{\"model\":\"fast\",\"max_tokens\":3,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}");
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = OllamaHttp.parse(response.body());
        assertThat(body.get("id").asText()).matches("chatcmpl-\\d{1,3}");
        assertThat(body.get("object").asText()).isEqualTo("chat.completion");
        assertThat(body.get("created").isIntegralNumber()).isTrue();
        assertThat(body.get("model").asText()).isEqualTo("fast");
        assertThat(body.get("system_fingerprint").asText()).isEqualTo("fp_ollama");
        JsonNode choice = body.get("choices").get(0);
        assertThat(choice.get("index").asInt()).isZero();
        assertThat(choice.get("message").get("role").asText()).isEqualTo("assistant");
        assertThat(choice.get("finish_reason").asText()).isEqualTo("length");
        JsonNode usage = body.get("usage");
        assertThat(usage.get("completion_tokens").asInt()).isEqualTo(3);
        assertThat(usage.get("total_tokens").asInt())
                .isEqualTo(usage.get("prompt_tokens").asInt()
                        + usage.get("completion_tokens").asInt());
    }

    @Test
    void openAiChat_streamingWithUsage_followsTheV0326WireFormat() {
        OllamaHttp.Stream stream = http.stream(
                "/v1/chat/completions",
                "{\"model\":\"fast\",\"stream\":true,"
                        + "\"stream_options\":{\"include_usage\":true},\"max_tokens\":4,"
                        + "\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"Hi\"}]}]}");
        assertThat(stream.status()).isEqualTo(200);
        assertThat(stream.contentType()).isEqualTo("text/event-stream");
        List<String> events = new ArrayList<>();
        stream.lines().forEach(l -> {
            assertThat(l.text()).startsWith("data: ");
            events.add(l.text().substring("data: ".length()));
        });
        assertThat(events).hasSize(4 + 1 + 1 + 1);
        assertThat(events.get(events.size() - 1)).isEqualTo("[DONE]");
        List<JsonNode> chunks = events.subList(0, events.size() - 1).stream()
                .map(OllamaHttp::parse)
                .toList();
        long created = chunks.get(0).get("created").asLong();
        String id = chunks.get(0).get("id").asText();
        for (JsonNode chunk : chunks) {
            assertThat(chunk.get("object").asText()).isEqualTo("chat.completion.chunk");
            assertThat(chunk.get("created").asLong()).isEqualTo(created);
            assertThat(chunk.get("id").asText()).isEqualTo(id);
            assertThat(chunk.get("model").asText()).isEqualTo("fast");
        }
        assertThat(chunks.get(0).at("/choices/0/delta/role").asText()).isEqualTo("assistant");
        for (int i = 1; i < 4; i++) {
            assertThat(chunks.get(i).at("/choices/0/delta").has("role")).isFalse();
            assertThat(chunks.get(i).at("/choices/0/finish_reason").isNull()).isTrue();
            assertThat(chunks.get(i).at("/choices/0/delta/content").isTextual()).isTrue();
        }
        JsonNode finish = chunks.get(4);
        assertThat(finish.at("/choices/0/delta").size()).isZero();
        assertThat(finish.at("/choices/0/finish_reason").asText()).isEqualTo("length");
        assertThat(finish.has("usage")).isFalse();
        JsonNode usage = chunks.get(5);
        assertThat(usage.get("choices")).isEmpty();
        assertThat(usage.at("/usage/completion_tokens").asInt()).isEqualTo(4);
    }

    @Test
    void openAiChat_streamingWithoutUsage_hasNoUsageAnywhere() {
        OllamaHttp.Stream stream = http.stream(
                "/v1/chat/completions",
                "{\"model\":\"fast\",\"stream\":true,"
                        + "\"max_tokens\":2,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}");
        assertThat(stream.lines()).hasSize(2 + 1 + 1);
        assertThat(stream.lines()).noneMatch(l -> l.text().contains("usage"));
        assertThat(stream.last().text()).isEqualTo("data: [DONE]");
    }

    @Test
    void openAiModels_get_listsModelsInOpenAisShape() {
        JsonNode body = OllamaHttp.parse(http.get("/v1/models").body());
        assertThat(body.get("object").asText()).isEqualTo("list");
        JsonNode first = body.get("data").get(0);
        assertThat(fieldNames(first)).containsExactly("id", "object", "created", "owned_by");
        assertThat(first.get("id").asText()).isEqualTo("steady:latest");
        assertThat(first.get("object").asText()).isEqualTo("model");
        assertThat(first.get("owned_by").asText()).isEqualTo("library");
    }

    @Test
    void openAiChat_errors_takeOpenAisShape() {
        HttpResponse<String> missing = http.post(
                "/v1/chat/completions", "{\"model\":\"nope\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.body())
                .isEqualTo("{\"error\":{\"message\":\"model 'nope' not found\","
                        + "\"type\":\"not_found_error\",\"param\":null,\"code\":null}}");
        HttpResponse<String> empty = http.post("/v1/chat/completions", "{\"model\":\"fast\",\"messages\":[]}");
        assertThat(empty.statusCode()).isEqualTo(400);
        assertThat(OllamaHttp.parse(empty.body()).at("/error/message").asText())
                .isEqualTo("[] is too short - 'messages'");
        assertThat(OllamaHttp.parse(empty.body()).at("/error/type").asText()).isEqualTo("invalid_request_error");
    }

    @Test
    void unknownPathAndWrongMethod_are404And405() {
        assertThat(http.get("/api/nothing").statusCode()).isEqualTo(404);
        assertThat(http.get("/api/generate").statusCode()).isEqualTo(405);
    }

    @Test
    void think_onModelWithoutThinking_is400_andBadLevelIs400() {
        HttpResponse<String> noCapability =
                http.post("/api/generate", "{\"model\":\"fast\",\"prompt\":\"x\",\"think\":true}");
        assertThat(noCapability.statusCode()).isEqualTo(400);
        assertThat(noCapability.body()).isEqualTo("{\"error\":\"\\\"fast\\\" does not support thinking\"}");
        HttpResponse<String> badLevel =
                http.post("/api/generate", "{\"model\":\"thinker:7b\",\"prompt\":\"x\",\"think\":\"huge\"}");
        assertThat(badLevel.statusCode()).isEqualTo(400);
        assertThat(http.post(
                                "/api/generate",
                                "{\"model\":\"thinker:7b\",\"prompt\":\"x\",\"think\":\"high\","
                                        + "\"stream\":false,\"options\":{\"num_predict\":1}}")
                        .statusCode())
                .isEqualTo(200);
    }

    @Test
    void generate_rawWithTemplate_andTopLogprobsOutOfRange_are400() {
        assertThat(http.post(
                                "/api/generate",
                                "{\"model\":\"fast\",\"prompt\":\"x\",\"raw\":true,"
                                        + "\"template\":\"{{ .Prompt }}\"}")
                        .body())
                .isEqualTo("{\"error\":\"raw mode does not support template, system, or context\"}");
        assertThat(http.post("/api/generate", "{\"model\":\"fast\",\"prompt\":\"x\",\"top_logprobs\":21}")
                        .statusCode())
                .isEqualTo(400);
    }

    @Test
    void keepAlive_unitlessString_is400WithGosMessage() {
        HttpResponse<String> response =
                http.post("/api/generate", "{\"model\":\"fast\",\"prompt\":\"x\",\"keep_alive\":\"3600\"}");
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).isEqualTo("{\"error\":\"time: missing unit in duration \\\"3600\\\"\"}");
    }

    @Test
    void keepAlive_negativeNumber_keepsTheModelForeverAsOllamaShowsIt() {
        http.post(
                "/api/generate",
                "{\"model\":\"thinker:7b\",\"prompt\":\"x\",\"keep_alive\":-1,"
                        + "\"stream\":false,\"options\":{\"num_predict\":1}}");
        String expiresAt = null;
        for (JsonNode model : OllamaHttp.parse(http.get("/api/ps").body()).get("models")) {
            if (model.get("name").asText().equals("thinker:7b")) {
                expiresAt = model.get("expires_at").asText();
            }
        }
        // math.MaxInt64 ns (about 292 years) from now, as docs/ollama-api.md §1.6 describes.
        assertThat(expiresAt).matches(RFC3339_NANO_UTC);
        assertThat(Integer.parseInt(expiresAt.substring(0, 4))).isGreaterThan(2300);
        http.post("/api/generate", "{\"model\":\"thinker:7b\",\"keep_alive\":0}");
    }

    private static void assertDetails(JsonNode details) {
        assertThat(fieldNames(details))
                .containsExactly(
                        "parent_model", "format", "family", "families", "parameter_size", "quantization_level");
        assertThat(details.get("format").asText()).isEqualTo("gguf");
        assertThat(details.get("families").isArray()).isTrue();
    }

    private static void assertMetricsAreIntegers(JsonNode chunk) {
        for (String field : METRICS) {
            if (chunk.has(field)) {
                assertThat(chunk.get(field).isIntegralNumber()).as(field).isTrue();
                assertThat(chunk.get(field).asLong())
                        .as(field + " is omitted when zero")
                        .isPositive();
            }
        }
        assertThat(chunk.has("total_duration")).isTrue();
        assertThat(chunk.has("eval_duration")).isTrue();
    }

    private static void assertUnitVector(JsonNode vector, int length) {
        assertThat(vector).hasSize(length);
        double sum = 0;
        for (JsonNode v : vector) {
            sum += v.asDouble() * v.asDouble();
        }
        assertThat(Math.sqrt(sum)).isCloseTo(1.0, within(1e-4));
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
