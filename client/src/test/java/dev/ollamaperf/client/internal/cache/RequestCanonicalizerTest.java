package dev.ollamaperf.client.internal.cache;

import static dev.ollamaperf.client.cache.Fixtures.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ollamaperf.client.cache.EndpointKind;
import dev.ollamaperf.client.cache.Fixtures;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

final class RequestCanonicalizerTest {

    private static final String BASE_GENERATE = "{\"model\":\"llama3.2:latest\",\"prompt\":\"Why is the sky blue?\","
            + "\"system\":\"Be brief.\",\"options\":{\"temperature\":0,\"seed\":42,\"top_k\":40,\"num_ctx\":4096,"
            + "\"stop\":[\"\\n\\n\"]}}";
    private static final String BASE_CHAT = "{\"model\":\"llama3.2\",\"messages\":[{\"role\":\"system\","
            + "\"content\":\"Be brief.\"},{\"role\":\"user\",\"content\":\"Hi\"}],\"options\":{\"temperature\":0}}";

    private final RequestCanonicalizer canonicalizer = new RequestCanonicalizer();

    static Stream<Arguments> sameAnswer() {
        return Stream.of(
                Arguments.of(
                        "field order",
                        EndpointKind.GENERATE,
                        BASE_GENERATE,
                        "{\"options\":{\"stop\":[\"\\n\\n\"],\"num_ctx\":4096,\"top_k\":40,\"seed\":42,"
                                + "\"temperature\":0},\"system\":\"Be brief.\",\"prompt\":\"Why is the sky blue?\","
                                + "\"model\":\"llama3.2:latest\"}"),
                Arguments.of(
                        "stream flag", EndpointKind.GENERATE, BASE_GENERATE, with(BASE_GENERATE, "\"stream\":false")),
                Arguments.of(
                        "keep_alive",
                        EndpointKind.GENERATE,
                        BASE_GENERATE,
                        with(BASE_GENERATE, "\"keep_alive\":\"10m\"")),
                Arguments.of(
                        "runner options",
                        EndpointKind.GENERATE,
                        BASE_GENERATE,
                        BASE_GENERATE.replace(
                                "\"num_ctx\":4096",
                                "\"num_ctx\":4096,\"num_thread\":8,\"num_gpu\":99,"
                                        + "\"main_gpu\":1,\"use_mmap\":false,\"use_mlock\":true,\"num_batch\":256,"
                                        + "\"numa\":true,\"low_vram\":false")),
                Arguments.of(
                        "model without tag",
                        EndpointKind.GENERATE,
                        BASE_GENERATE,
                        BASE_GENERATE.replace("llama3.2:latest", "llama3.2")),
                Arguments.of(
                        "1 vs 1.0 vs 1e0",
                        EndpointKind.GENERATE,
                        BASE_GENERATE.replace("\"seed\":42", "\"seed\":1"),
                        BASE_GENERATE.replace("\"seed\":42", "\"seed\":1.0")),
                Arguments.of(
                        "0 vs 0.0 vs -0.0",
                        EndpointKind.GENERATE,
                        BASE_GENERATE.replace("\"temperature\":0", "\"temperature\":0.0"),
                        BASE_GENERATE.replace("\"temperature\":0", "\"temperature\":-0.0")),
                Arguments.of(
                        "0.5 vs 5e-1",
                        EndpointKind.GENERATE,
                        BASE_GENERATE.replace("\"temperature\":0", "\"temperature\":0.5"),
                        BASE_GENERATE.replace("\"temperature\":0", "\"temperature\":5e-1")),
                Arguments.of(
                        "null member", EndpointKind.GENERATE, BASE_GENERATE, with(BASE_GENERATE, "\"template\":null")),
                Arguments.of(
                        "chat role case and nested order",
                        EndpointKind.CHAT,
                        BASE_CHAT,
                        "{\"stream\":true,\"options\":{\"temperature\":0.0},\"messages\":[{\"content\":\"Be brief.\","
                                + "\"role\":\"SYSTEM\"},{\"content\":\"Hi\",\"role\":\"User\"}],"
                                + "\"model\":\"llama3.2:latest\"}"),
                Arguments.of(
                        "embed input string vs array",
                        EndpointKind.EMBED,
                        "{\"model\":\"nomic-embed-text\",\"input\":\"hello\"}",
                        "{\"model\":\"nomic-embed-text:latest\",\"input\":[\"hello\"],\"keep_alive\":0}"),
                Arguments.of(
                        "v1 stream options",
                        EndpointKind.V1_CHAT,
                        "{\"model\":\"llama3.2\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}],\"seed\":7}",
                        "{\"model\":\"llama3.2\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}],\"seed\":7,"
                                + "\"stream\":true,\"stream_options\":{\"include_usage\":true}}"),
                Arguments.of(
                        "v1 stop string vs array",
                        EndpointKind.V1_CHAT,
                        "{\"model\":\"m:1\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}],\"stop\":\"END\"}",
                        "{\"model\":\"m:1\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}],\"stop\":[\"END\"]}"),
                Arguments.of(
                        "namespaced model",
                        EndpointKind.GENERATE,
                        "{\"model\":\"registry.local:5000/team/coder\",\"prompt\":\"x\"}",
                        "{\"model\":\"registry.local:5000/team/coder:latest\",\"prompt\":\"x\"}"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sameAnswer")
    void key_requestsWithTheSameAnswer_shareAKey(String name, EndpointKind endpoint, String a, String b) {
        assertThat(canonicalizer.key(endpoint, json(b)))
                .as(
                        "%s vs %s",
                        canonicalizer.canonicalText(endpoint, json(a)), canonicalizer.canonicalText(endpoint, json(b)))
                .isEqualTo(canonicalizer.key(endpoint, json(a)));
    }

    static Stream<Arguments> differentAnswer() {
        return Stream.of(
                Arguments.of("model", BASE_GENERATE.replace("llama3.2:latest", "llama3.2:1b")),
                Arguments.of("model family", BASE_GENERATE.replace("llama3.2:latest", "mistral:latest")),
                Arguments.of("prompt", BASE_GENERATE.replace("sky blue", "sea blue")),
                Arguments.of("prompt whitespace", BASE_GENERATE.replace("sky blue", "sky  blue")),
                Arguments.of("prompt case", BASE_GENERATE.replace("Why", "why")),
                Arguments.of("system", BASE_GENERATE.replace("Be brief.", "Be verbose.")),
                Arguments.of("no system", BASE_GENERATE.replace("\"system\":\"Be brief.\",", "")),
                Arguments.of("template", with(BASE_GENERATE, "\"template\":\"{{ .Prompt }}\"")),
                Arguments.of("suffix", with(BASE_GENERATE, "\"suffix\":\"return x\"")),
                Arguments.of("images", with(BASE_GENERATE, "\"images\":[\"aGVsbG8=\"]")),
                Arguments.of("format json", with(BASE_GENERATE, "\"format\":\"json\"")),
                Arguments.of("format schema", with(BASE_GENERATE, "\"format\":{\"type\":\"object\"}")),
                Arguments.of("tools", with(BASE_GENERATE, "\"tools\":[{\"type\":\"function\"}]")),
                Arguments.of("think", with(BASE_GENERATE, "\"think\":true")),
                Arguments.of("think level", with(BASE_GENERATE, "\"think\":\"high\"")),
                Arguments.of("raw", with(BASE_GENERATE, "\"raw\":true")),
                Arguments.of("context", with(BASE_GENERATE, "\"context\":[1,2,3]")),
                Arguments.of("truncate", with(BASE_GENERATE, "\"truncate\":false")),
                Arguments.of("logprobs", with(BASE_GENERATE, "\"logprobs\":true")),
                Arguments.of("temperature", BASE_GENERATE.replace("\"temperature\":0", "\"temperature\":0.7")),
                Arguments.of("temperature absent", BASE_GENERATE.replace("\"temperature\":0,", "")),
                Arguments.of("seed", BASE_GENERATE.replace("\"seed\":42", "\"seed\":43")),
                Arguments.of("top_k", BASE_GENERATE.replace("\"top_k\":40", "\"top_k\":41")),
                Arguments.of("top_p", option("\"top_p\":0.9")),
                Arguments.of("min_p", option("\"min_p\":0.05")),
                Arguments.of("typical_p", option("\"typical_p\":0.5")),
                Arguments.of("num_predict", option("\"num_predict\":128")),
                Arguments.of("repeat_penalty", option("\"repeat_penalty\":1.1")),
                Arguments.of("repeat_last_n", option("\"repeat_last_n\":32")),
                Arguments.of("presence_penalty", option("\"presence_penalty\":0.5")),
                Arguments.of("frequency_penalty", option("\"frequency_penalty\":0.5")),
                Arguments.of("num_keep", option("\"num_keep\":8")),
                Arguments.of("unknown option", option("\"mirostat\":2")),
                Arguments.of("stop", BASE_GENERATE.replace("[\"\\n\\n\"]", "[\"\\n\"]")),
                Arguments.of("stop list", BASE_GENERATE.replace("[\"\\n\\n\"]", "[\"\\n\\n\",\"END\"]")),
                Arguments.of("num_ctx", BASE_GENERATE.replace("\"num_ctx\":4096", "\"num_ctx\":2048")),
                Arguments.of("unknown top-level field", with(BASE_GENERATE, "\"shift\":false")),
                Arguments.of("number vs string", BASE_GENERATE.replace("\"seed\":42", "\"seed\":\"42\"")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("differentAnswer")
    void key_outputAffectingDifference_givesAnotherKey(String name, String variant) {
        assertThat(canonicalizer.key(EndpointKind.GENERATE, json(variant)))
                .isNotEqualTo(canonicalizer.key(EndpointKind.GENERATE, json(BASE_GENERATE)));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "message order | [{\"role\":\"user\",\"content\":\"Hi\"},{\"role\":\"system\",\"content\":\"Be brief.\"}]",
                "message content | [{\"role\":\"system\",\"content\":\"Be brief.\"},{\"role\":\"user\",\"content\":\"Hi!\"}]",
                "message role | [{\"role\":\"user\",\"content\":\"Be brief.\"},{\"role\":\"user\",\"content\":\"Hi\"}]",
                "message images | [{\"role\":\"system\",\"content\":\"Be brief.\"},{\"role\":\"user\",\"content\":\"Hi\",\"images\":[\"eA==\"]}]",
                "extra turn | [{\"role\":\"system\",\"content\":\"Be brief.\"},{\"role\":\"user\",\"content\":\"Hi\"},{\"role\":\"assistant\",\"content\":\"Hello\"}]",
            })
    void key_chatMessagesDiffer_givesAnotherKey(String name, String messages) {
        String variant = BASE_CHAT.replaceFirst("\\[.*\\]", java.util.regex.Matcher.quoteReplacement(messages));
        assertThat(canonicalizer.key(EndpointKind.CHAT, json(variant)))
                .isNotEqualTo(canonicalizer.key(EndpointKind.CHAT, json(BASE_CHAT)));
    }

    @Test
    void key_sameJsonToAnotherEndpoint_givesAnotherKey() {
        String request = "{\"model\":\"llama3.2\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}],\"seed\":1}";
        assertThat(canonicalizer.key(EndpointKind.CHAT, json(request)))
                .isNotEqualTo(canonicalizer.key(EndpointKind.V1_CHAT, json(request)));
    }

    @Test
    void key_schemaPropertyOrder_isKeptBecauseItShapesTheOutput() {
        String ab = with(
                BASE_GENERATE,
                "\"format\":{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\"},"
                        + "\"b\":{\"type\":\"string\"}}}");
        String ba = with(
                BASE_GENERATE,
                "\"format\":{\"type\":\"object\",\"properties\":{\"b\":{\"type\":\"string\"},"
                        + "\"a\":{\"type\":\"string\"}}}");
        assertThat(canonicalizer.key(EndpointKind.GENERATE, json(ab)))
                .isNotEqualTo(canonicalizer.key(EndpointKind.GENERATE, json(ba)));
    }

    @Test
    void canonicalText_exampleRequest_matchesThePinnedForm() {
        // Changing this form changes every key: stored answers are then never found again.
        String request = "{\"stream\":false,\"prompt\":\"Hi\",\"model\":\"llama3.2\",\"options\":{\"top_p\":0.90,"
                + "\"num_thread\":4,\"temperature\":0.0,\"num_predict\":10}}";
        assertThat(canonicalizer.canonicalText(EndpointKind.GENERATE, json(request)))
                .isEqualTo("{\"endpoint\":\"generate\",\"request\":{\"model\":\"llama3.2:latest\",\"options\":"
                        + "{\"num_predict\":1E+1,\"temperature\":0,\"top_p\":0.9},\"prompt\":\"Hi\"}}");
    }

    @Test
    void canonicalText_chatRequest_replacesEachMessageByTheSha256OfItsCanonicalForm() throws Exception {
        // Pinned as canonicalText_exampleRequest_matchesThePinnedForm is: the digest of {"content":"Hi","role":"user"}.
        String request =
                "{\"model\":\"llama3.2\",\"messages\":[{\"role\":\"USER\",\"content\":\"Hi\",\"images\":null}],"
                        + "\"stream\":false}";
        String hi = "e26a4fdb02827da2d4bde4e33af6770095a092c26e74775db76678cd727ad87c";
        assertThat(java.util.HexFormat.of()
                        .formatHex(java.security.MessageDigest.getInstance("SHA-256")
                                .digest(Fixtures.utf8("{\"content\":\"Hi\",\"role\":\"user\"}"))))
                .isEqualTo(hi);
        assertThat(canonicalizer.canonicalText(EndpointKind.CHAT, json(request)))
                .isEqualTo("{\"endpoint\":\"chat\",\"request\":{\"messages\":[\"" + hi
                        + "\"],\"model\":\"llama3.2:latest\"}}");
    }

    @Test
    void key_anyRequest_isSha256HexOfTheCanonicalBytes() throws Exception {
        var request = json(BASE_GENERATE);
        byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
                .digest(canonicalizer.canonicalBytes(EndpointKind.GENERATE, request));
        assertThat(canonicalizer.key(EndpointKind.GENERATE, request).hex())
                .hasSize(64)
                .isEqualTo(java.util.HexFormat.of().formatHex(digest));
    }

    @Test
    void key_rawBodyAndTree_agree() {
        assertThat(canonicalizer.key(EndpointKind.GENERATE, Fixtures.utf8(BASE_GENERATE)))
                .isEqualTo(canonicalizer.key(EndpointKind.GENERATE, json(BASE_GENERATE)));
    }

    @Test
    void key_bodyNotAnObject_isRejectedNamingWhatItGot() {
        assertThatThrownBy(() -> canonicalizer.key(EndpointKind.CHAT, Fixtures.utf8("[1,2]")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must be a JSON object")
                .hasMessageContaining("ARRAY");
        assertThatThrownBy(() -> canonicalizer.key(EndpointKind.CHAT, Fixtures.utf8("{\"model\":")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must be valid JSON");
    }

    @ParameterizedTest
    @CsvSource({
        "llama3.2, llama3.2:latest",
        "llama3.2:latest, llama3.2:latest",
        "llama3.2:1b, llama3.2:1b",
        "team/coder, team/coder:latest",
        "host:5000/team/coder, host:5000/team/coder:latest",
        "host:5000/team/coder:v2, host:5000/team/coder:v2",
    })
    void normaliseModel_nameWithOrWithoutTag_getsLatestOnlyWhenUntagged(String model, String expected) {
        assertThat(RequestCanonicalizer.normaliseModel(model)).isEqualTo(expected);
    }

    private static String with(String request, String member) {
        return request.substring(0, request.length() - 1) + "," + member + "}";
    }

    private static String option(String member) {
        return BASE_GENERATE.replace("\"num_ctx\":4096", "\"num_ctx\":4096," + member);
    }
}
