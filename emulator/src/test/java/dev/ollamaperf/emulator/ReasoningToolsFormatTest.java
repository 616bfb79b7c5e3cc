package dev.ollamaperf.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ollamaperf.emulator.engine.EngineSettings;
import dev.ollamaperf.emulator.engine.FaultPlan;
import dev.ollamaperf.emulator.engine.ModelCatalogue;
import dev.ollamaperf.emulator.engine.ModelProfile;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * Thinking, tool calls and structured output (docs/ollama-api.md §1.2, §1.7, §4) over real HTTP against a
 * real emulator: thinking chunks come first and their number follows the profile, unsupported models get
 * Ollama's 400s, tool calls carry arguments shaped by the tool's schema, and {@code format} output parses and
 * conforms.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(60)
final class ReasoningToolsFormatTest {

    private static final int THINKING = 30;
    private static final int ANSWER = 10;

    /** Thinks exactly {@link #THINKING} tokens (no spread), answers {@link #ANSWER}; 1000 tokens/s. */
    private static final ModelProfile EXACT = reasoner("exact-thinker:latest", 0);
    /** Thinks a median of {@link #THINKING} tokens with a log-normal spread of 0.5. */
    private static final ModelProfile SPREAD = reasoner("spread-thinker:latest", 0.5);

    private static final String WEATHER_TOOL = "{\"type\":\"function\",\"function\":{\"name\":\"get_weather\","
            + "\"description\":\"Weather in a city\",\"parameters\":{\"type\":\"object\",\"required\":[\"city\",\"unit\","
            + "\"days\"],\"properties\":{\"city\":{\"type\":\"string\"},\"unit\":{\"type\":\"string\",\"enum\":"
            + "[\"celsius\",\"fahrenheit\"]},\"days\":{\"type\":\"integer\",\"minimum\":1,\"maximum\":7},"
            + "\"detailed\":{\"type\":\"boolean\"}}}}}";

    private static final String SCHEMA = "{\"type\":\"object\",\"required\":[\"name\",\"age\",\"tags\",\"address\","
            + "\"status\"],\"properties\":{\"name\":{\"type\":\"string\"},\"age\":{\"type\":\"integer\",\"minimum\":18,"
            + "\"maximum\":99},\"score\":{\"type\":\"number\"},\"tags\":{\"type\":\"array\",\"items\":{\"type\":"
            + "\"string\"},\"minItems\":1},\"address\":{\"type\":\"object\",\"required\":[\"city\"],\"properties\":"
            + "{\"city\":{\"type\":\"string\"},\"zip\":{\"type\":[\"string\",\"null\"]}}},\"status\":{\"enum\":"
            + "[\"active\",\"retired\"]},\"admin\":{\"type\":\"boolean\"}}}";

    private Emulator emulator;
    private OllamaHttp http;

    @BeforeAll
    void start() {
        ModelCatalogue catalogue = new ModelCatalogue(List.of(EXACT, SPREAD, TestProfiles.STEADY, TestProfiles.FAST));
        emulator = TestProfiles.start(EngineSettings.builder()
                .catalogue(catalogue)
                .numParallel(4)
                .faults(FaultPlan.NONE)
                .build());
        http = new OllamaHttp(emulator.baseUri());
    }

    @AfterAll
    void stop() {
        emulator.close();
    }

    @Test
    void chat_thinkTrue_streamsEveryThinkingChunkBeforeTheContent_andCountsThemInEvalCount() {
        OllamaHttp.Stream stream = http.stream("/api/chat", chat("exact-thinker", "\"think\":true"));

        assertThat(stream.status()).isEqualTo(200);
        List<JsonNode> chunks = chunks(stream);
        JsonNode done = chunks.remove(chunks.size() - 1);
        List<String> kinds = new ArrayList<>();
        for (JsonNode chunk : chunks) {
            JsonNode message = chunk.get("message");
            boolean thinking = message.has("thinking");
            assertThat(thinking ? message.get("content").asText() : message.get("thinking"))
                    .as("a chunk carries thinking or content, not both: %s", chunk)
                    .isIn("", null);
            kinds.add(thinking ? "thinking" : "content");
        }
        assertThat(kinds.subList(0, THINKING)).containsOnly("thinking");
        assertThat(kinds.subList(THINKING, kinds.size()))
                .containsOnly("content")
                .hasSize(ANSWER);
        assertThat(done.get("done").asBoolean()).isTrue();
        assertThat(done.get("eval_count").asInt()).isEqualTo(THINKING + ANSWER);
        // thinking costs decode time like the answer, 1 ms a token: more than the answer's and half the thinking's
        // tokens (the engine's timer keeps to its schedule, so a late first token shortens eval_duration: CI saw
        // 35.6 of 40 ms with the cores shared)
        assertThat(done.get("eval_duration").asLong()).isGreaterThan((ANSWER + THINKING / 2) * 1_000_000L);
    }

    @Test
    void thinkingModel_thinksWhenThinkIsLeftOut_andNotWhenItIsFalse() {
        JsonNode byDefault = OllamaHttp.parse(http.post("/api/chat", chat("exact-thinker", "\"stream\":false"))
                .body());
        JsonNode off =
                OllamaHttp.parse(http.post("/api/chat", chat("exact-thinker", "\"stream\":false,\"think\":false"))
                        .body());

        assertThat(byDefault.get("message").get("thinking").asText()).isNotEmpty();
        assertThat(byDefault.get("eval_count").asInt()).isEqualTo(THINKING + ANSWER);
        assertThat(off.get("message").has("thinking")).isFalse();
        assertThat(off.get("eval_count").asInt()).isEqualTo(ANSWER);
    }

    @Test
    void generate_thinkLevel_putsThinkingInItsOwnField_streamedAndWhole() {
        String body = "{\"model\":\"exact-thinker\",\"prompt\":\"why is the sky blue?\",\"think\":\"high\"";
        OllamaHttp.Stream stream = http.stream("/api/generate", body + "}");
        JsonNode whole = OllamaHttp.parse(
                http.post("/api/generate", body + ",\"stream\":false}").body());

        List<JsonNode> chunks = chunks(stream);
        chunks.remove(chunks.size() - 1);
        StringBuilder streamedThinking = new StringBuilder();
        StringBuilder streamedResponse = new StringBuilder();
        for (JsonNode chunk : chunks) {
            streamedThinking.append(chunk.path("thinking").asText(""));
            streamedResponse.append(chunk.get("response").asText());
        }
        assertThat(chunks.get(0).get("thinking").asText()).isNotEmpty();
        assertThat(chunks.get(0).get("response").asText()).isEmpty();
        assertThat(whole.get("thinking").asText()).isEqualTo(streamedThinking.toString());
        assertThat(whole.get("response").asText()).isEqualTo(streamedResponse.toString());
    }

    @Test
    void thinkingLength_followsTheProfilesMedian_andIsTheSameForTheSamePrompt() {
        List<Integer> counts = new ArrayList<>();
        for (int i = 0; i < 41; i++) {
            JsonNode answer = OllamaHttp.parse(http.post(
                            "/api/chat",
                            "{\"model\":\"spread-thinker\",\"stream\":false,\"think\":true,"
                                    + "\"options\":{\"num_predict\":-1},\"messages\":[{\"role\":\"user\","
                                    + "\"content\":\"question " + i + "\"}]}")
                    .body());
            counts.add(answer.get("eval_count").asInt() - ANSWER);
        }
        JsonNode again = OllamaHttp.parse(http.post(
                        "/api/chat",
                        "{\"model\":\"spread-thinker\",\"stream\":false,\"think\":true,\"messages\":[{\"role\":"
                                + "\"user\",\"content\":\"question 0\"}]}")
                .body());

        assertThat(again.get("eval_count").asInt() - ANSWER).isEqualTo(counts.get(0));
        List<Integer> sorted = new ArrayList<>(counts);
        Collections.sort(sorted);
        // the median of 41 log-normal draws around 30 with spread 0.5: within 25% of it (well over 99% of runs;
        // the draws are seeded by the prompt, so this run's values are fixed)
        assertThat(sorted.get(20)).isBetween(23, 38);
        assertThat(new HashSet<>(counts)).as("the lengths spread").hasSizeGreaterThan(10);
    }

    @Test
    void think_onAModelWithoutTheCapability_isOllamas400_onChatGenerateAndOpenAi() {
        HttpResponse<String> chat = http.post("/api/chat", chat("steady", "\"think\":true"));
        HttpResponse<String> generate =
                http.post("/api/generate", "{\"model\":\"steady\",\"prompt\":\"x\",\"think\":\"low\"}");
        HttpResponse<String> openAi = http.post(
                "/v1/chat/completions",
                "{\"model\":\"steady\",\"reasoning_effort\":\"high\",\"messages\":[{\"role\":\"user\","
                        + "\"content\":\"x\"}]}");

        assertThat(chat.statusCode()).isEqualTo(400);
        assertThat(chat.body()).isEqualTo("{\"error\":\"\\\"steady\\\" does not support thinking\"}");
        assertThat(generate.statusCode()).isEqualTo(400);
        assertThat(generate.body()).isEqualTo("{\"error\":\"\\\"steady\\\" does not support thinking\"}");
        assertThat(openAi.statusCode()).isEqualTo(400);
        assertThat(OllamaHttp.parse(openAi.body()).get("error").get("message").asText())
                .isEqualTo("\"steady\" does not support thinking");
    }

    @Test
    void openAi_streamsReasoningBeforeContent_andReasoningEffortNoneTurnsItOff() {
        String request = "{\"model\":\"exact-thinker\",\"stream\":true,%s\"messages\":[{\"role\":\"user\","
                + "\"content\":\"hello\"}]}";
        OllamaHttp.Stream thinking = http.stream("/v1/chat/completions", String.format(request, ""));
        JsonNode off = OllamaHttp.parse(http.post(
                        "/v1/chat/completions",
                        String.format(request, "\"reasoning_effort\":\"none\",").replace("true", "false"))
                .body());

        List<JsonNode> deltas = new ArrayList<>();
        for (OllamaHttp.Line line : thinking.lines()) {
            String data = line.text().substring("data: ".length());
            if (!data.equals("[DONE]") && OllamaHttp.parse(data).get("choices").size() > 0) {
                deltas.add(OllamaHttp.parse(data).get("choices").get(0).get("delta"));
            }
        }
        assertThat(deltas.get(0).get("role").asText()).isEqualTo("assistant");
        for (int i = 0; i < THINKING; i++) {
            assertThat(deltas.get(i).get("reasoning").asText()).isNotEmpty();
            assertThat(deltas.get(i).get("content").asText()).isEmpty();
        }
        assertThat(deltas.get(THINKING).has("reasoning")).isFalse();
        assertThat(deltas.get(THINKING).get("content").asText()).isNotEmpty();
        assertThat(off.get("choices").get(0).get("message").has("reasoning")).isFalse();
        assertThat(off.get("usage").get("completion_tokens").asInt()).isEqualTo(ANSWER);
    }

    @Test
    void show_listsTheThinkingCapability() {
        JsonNode show = OllamaHttp.parse(
                http.post("/api/show", "{\"model\":\"exact-thinker\"}").body());

        assertThat(show.get("capabilities"))
                .extracting(JsonNode::asText)
                .containsExactly("completion", "tools", "thinking");
    }

    @Test
    void tools_afterAUserMessage_callOneTool_withArgumentsShapedByItsSchema() {
        String body = "{\"model\":\"exact-thinker\",\"think\":false,\"tools\":[" + WEATHER_TOOL + "],"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"weather in Oslo?\"}]";
        OllamaHttp.Stream stream = http.stream("/api/chat", body + "}");
        JsonNode whole = OllamaHttp.parse(
                http.post("/api/chat", body + ",\"stream\":false}").body());

        List<JsonNode> chunks = chunks(stream);
        assertThat(chunks).hasSize(2);
        JsonNode streamedCall = chunks.get(0).get("message");
        assertThat(streamedCall.get("content").asText()).isEmpty();
        JsonNode call = streamedCall.get("tool_calls").get(0);
        assertThat(call.get("id").asText()).matches("call_[a-z0-9]{8}");
        assertThat(call.get("function").get("index").asInt()).isZero();
        assertThat(call.get("function").get("name").asText()).isEqualTo("get_weather");
        JsonNode arguments = call.get("function").get("arguments");
        assertThat(arguments.isObject()).isTrue();
        assertThat(arguments.get("city").isTextual()).isTrue();
        assertThat(arguments.get("unit").asText()).isIn("celsius", "fahrenheit");
        assertThat(arguments.get("days").isIntegralNumber()).isTrue();
        assertThat(arguments.get("days").asInt()).isBetween(1, 7);
        assertThat(arguments.has("detailed")).as("only the required arguments").isFalse();
        // the call's tokens were generated (and paid for) though none was streamed as content
        assertThat(chunks.get(1).get("eval_count").asInt()).isGreaterThan(5);
        assertThat(whole.get("message").get("tool_calls")).isEqualTo(streamedCall.get("tool_calls"));
        assertThat(whole.get("message").get("content").asText()).isEmpty();
    }

    @Test
    void openAiTools_callWithArgumentsAsAJsonString_andFinishWithToolCalls() {
        String body = "{\"model\":\"exact-thinker\",\"reasoning_effort\":\"none\",\"tools\":[" + WEATHER_TOOL + "],"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"weather in Oslo?\"}]";
        OllamaHttp.Stream stream = http.stream("/v1/chat/completions", body + ",\"stream\":true}");
        JsonNode whole =
                OllamaHttp.parse(http.post("/v1/chat/completions", body + "}").body());
        HttpResponse<String> unsupported = http.post(
                "/v1/chat/completions",
                "{\"model\":\"steady\",\"tools\":[" + WEATHER_TOOL + "],\"messages\":[{\"role\":\"user\","
                        + "\"content\":\"x\"}]}");

        List<JsonNode> choices = new ArrayList<>();
        for (OllamaHttp.Line line : stream.lines()) {
            String data = line.text().substring("data: ".length());
            if (!data.equals("[DONE]")) {
                choices.add(OllamaHttp.parse(data).get("choices").get(0));
            }
        }
        assertThat(choices).hasSize(2);
        JsonNode call = choices.get(0).get("delta").get("tool_calls").get(0);
        assertThat(call.get("type").asText()).isEqualTo("function");
        assertThat(call.get("function").get("name").asText()).isEqualTo("get_weather");
        JsonNode arguments =
                OllamaHttp.parse(call.get("function").get("arguments").asText());
        assertThat(arguments.get("unit").asText()).isIn("celsius", "fahrenheit");
        assertThat(arguments.get("days").asInt()).isBetween(1, 7);
        assertThat(choices.get(1).get("finish_reason").asText()).isEqualTo("tool_calls");
        JsonNode choice = whole.get("choices").get(0);
        assertThat(choice.get("finish_reason").asText()).isEqualTo("tool_calls");
        assertThat(choice.get("message")
                        .get("tool_calls")
                        .get(0)
                        .get("function")
                        .get("arguments")
                        .isTextual())
                .isTrue();
        assertThat(unsupported.statusCode()).isEqualTo(400);
        assertThat(OllamaHttp.parse(unsupported.body())
                        .get("error")
                        .get("message")
                        .asText())
                .isEqualTo("registry.ollama.ai/library/steady:latest does not support tools");
    }

    @Test
    void tools_afterAToolResult_answerInText() {
        JsonNode answer = OllamaHttp.parse(http.post(
                        "/api/chat",
                        "{\"model\":\"exact-thinker\",\"stream\":false,\"think\":false,\"tools\":[" + WEATHER_TOOL
                                + "],\"messages\":[{\"role\":\"user\",\"content\":\"weather in Oslo?\"},"
                                + "{\"role\":\"assistant\",\"content\":\"\",\"tool_calls\":[{\"function\":{\"name\":"
                                + "\"get_weather\",\"arguments\":{\"city\":\"Oslo\"}}}]},{\"role\":\"tool\","
                                + "\"tool_name\":\"get_weather\",\"content\":\"12 degrees\"}]}")
                .body());

        assertThat(answer.get("message").has("tool_calls")).isFalse();
        assertThat(answer.get("message").get("content").asText()).isNotEmpty();
        assertThat(answer.get("eval_count").asInt()).isEqualTo(ANSWER);
    }

    @Test
    void tools_onAModelWithoutTheCapability_isOllamas400WithTheRegistryName() {
        HttpResponse<String> response = http.post(
                "/api/chat",
                "{\"model\":\"steady\",\"tools\":[" + WEATHER_TOOL + "],\"messages\":[{\"role\":\"user\","
                        + "\"content\":\"x\"}]}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body())
                .isEqualTo("{\"error\":\"registry.ollama.ai/library/steady:latest does not support tools\"}");
    }

    @Test
    void formatJson_streamsTokensWhoseConcatenationIsAJsonObject() {
        OllamaHttp.Stream stream =
                http.stream("/api/generate", "{\"model\":\"fast\",\"prompt\":\"answer in JSON\",\"format\":\"json\"}");

        List<JsonNode> chunks = chunks(stream);
        JsonNode done = chunks.remove(chunks.size() - 1);
        StringBuilder text = new StringBuilder();
        chunks.forEach(chunk -> text.append(chunk.get("response").asText()));
        assertThat(chunks).hasSizeGreaterThan(3);
        assertThat(OllamaHttp.parse(text.toString()).isObject()).isTrue();
        assertThat(done.get("eval_count").asInt()).isEqualTo(chunks.size());
        assertThat(done.get("done_reason").asText()).isEqualTo("stop");
    }

    @Test
    void formatSchema_yieldsAnObjectThatConforms_afterTheThinking() {
        OllamaHttp.Stream stream = http.stream(
                "/api/chat",
                "{\"model\":\"exact-thinker\",\"think\":true,\"format\":" + SCHEMA
                        + ",\"messages\":[{\"role\":\"user\",\"content\":\"a person\"}]}");

        StringBuilder text = new StringBuilder();
        List<JsonNode> chunks = chunks(stream);
        chunks.forEach(chunk -> text.append(chunk.get("message").get("content").asText()));
        assertThat(chunks.get(0).get("message").get("thinking").asText()).isNotEmpty();
        JsonNode person = OllamaHttp.parse(text.toString());
        assertThat(person.get("name").isTextual()).isTrue();
        assertThat(person.get("age").isIntegralNumber()).isTrue();
        assertThat(person.get("age").asInt()).isBetween(18, 99);
        assertThat(person.get("score").isNumber()).isTrue();
        assertThat(person.get("tags").isArray()).isTrue();
        assertThat(person.get("tags"))
                .isNotEmpty()
                .allSatisfy(tag -> assertThat(tag.isTextual()).isTrue());
        assertThat(person.get("address").get("city").isTextual()).isTrue();
        assertThat(person.get("address").get("zip").isTextual()).isTrue();
        assertThat(person.get("status").asText()).isIn("active", "retired");
        assertThat(person.get("admin").isBoolean()).isTrue();
        Set<String> names = new HashSet<>();
        person.fieldNames().forEachRemaining(names::add);
        assertThat(names).containsExactlyInAnyOrder("name", "age", "score", "tags", "address", "status", "admin");
    }

    @Test
    void formatSchema_cutShortByNumPredict_endsWithLength() {
        JsonNode answer = OllamaHttp.parse(http.post(
                        "/api/generate",
                        "{\"model\":\"fast\",\"prompt\":\"x\",\"stream\":false,\"format\":" + SCHEMA
                                + ",\"options\":{\"num_predict\":3}}")
                .body());

        assertThat(answer.get("done_reason").asText()).isEqualTo("length");
        assertThat(answer.get("eval_count").asInt()).isEqualTo(3);
        assertThat(answer.get("response").asText()).hasSizeLessThanOrEqualTo(12);
    }

    @Test
    void format_neitherJsonNorASchema_isOllamasError() {
        HttpResponse<String> response =
                http.post("/api/generate", "{\"model\":\"fast\",\"prompt\":\"x\",\"format\":\"yaml\"}");

        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(OllamaHttp.parse(response.body()).get("error").asText())
                .isEqualTo("invalid format: \"\\\"yaml\\\"\"; expected \"json\" or a valid JSON Schema object");
    }

    private static String chat(String model, String extra) {
        return "{\"model\":\"" + model + "\"," + extra + ",\"messages\":[{\"role\":\"user\",\"content\":\"hello\"}]}";
    }

    private static List<JsonNode> chunks(OllamaHttp.Stream stream) {
        List<JsonNode> chunks = new ArrayList<>();
        stream.lines().forEach(line -> chunks.add(line.json()));
        return chunks;
    }

    private static ModelProfile reasoner(String name, double spread) {
        return new ModelProfile(
                name,
                "qwen3",
                "8.2B",
                "Q4_K_M",
                100_000_000L,
                8192,
                4096,
                Duration.ofMillis(10),
                1_000_000,
                Duration.ZERO,
                1000,
                0,
                0,
                ANSWER,
                0,
                THINKING,
                spread,
                List.of("completion", "tools", "thinking"),
                0,
                "test profile",
                0);
    }
}
