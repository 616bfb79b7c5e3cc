package dev.ollamaperf.client.cache;

import static dev.ollamaperf.client.cache.Fixtures.json;
import static dev.ollamaperf.client.cache.Fixtures.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ollamaperf.client.internal.cache.OllamaTime;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

final class ResponseReplayTest {

    private static final Instant STORED = Instant.parse("2026-02-01T00:00:00Z");
    private final FakeClock clock = new FakeClock(Instant.parse("2026-03-01T10:00:00.510Z"));
    private final ResponseReplay replay = new ResponseReplay(clock);

    @Test
    void stream_generate_givesOneNdjsonLinePerChunkThenTheFinalObjectWithMetrics() {
        List<String> lines = replay.stream(Fixtures.generateAnswer(STORED), "llama3.2:latest", false);

        assertThat(lines)
                .hasSize(6)
                .allSatisfy(line -> assertThat(line).endsWith("\n").doesNotContain("\n\n"));
        List<JsonNode> chunks = lines.stream().map(Fixtures::json).collect(Collectors.toList());
        assertThat(chunks.subList(0, 5)).allSatisfy(chunk -> {
            assertThat(chunk.get("done").asBoolean()).isFalse();
            assertThat(chunk.get("model").asText()).isEqualTo("llama3.2:latest");
            assertThat(chunk.get("created_at").asText()).isEqualTo("2026-03-01T10:00:00.51Z");
        });
        assertThat(chunks.stream().map(c -> c.get("response").asText()).collect(Collectors.joining()))
                .isEqualTo("Blue light scatters more.");
        JsonNode last = chunks.get(5);
        assertThat(last.get("done").asBoolean()).isTrue();
        assertThat(last.get("response").asText()).isEmpty();
        assertThat(last.get("done_reason").asText()).isEqualTo("stop");
        assertThat(last.get("eval_count").asLong()).isEqualTo(5);
        assertThat(last.get("total_duration").asLong()).isEqualTo(2480000000L);
        assertThat(last.get("context")).hasSize(3);
    }

    @Test
    void stream_chatTextNeedingEscapes_replaysEveryCharacterExactly() {
        String tricky = "a \"quote\", a back\\slash,\nnew line, tab\t, control \u0001, caf\u00e9, \uD83D\uDE00 ";
        byte[] body = ("{\"model\":\"m\",\"created_at\":\"2026-02-01T00:00:00Z\",\"message\":{\"role\":\"assistant\","
                        + "\"content\":"
                        + Fixtures.json("\""
                                        + tricky.replace("\\", "\\\\")
                                                .replace("\"", "\\\"")
                                                .replace("\n", "\\n")
                                                .replace("\t", "\\t")
                                                .replace("\u0001", "\\u0001")
                                        + "\"")
                                .toString()
                        + "},\"done\":true,\"done_reason\":\"stop\"}")
                .getBytes(StandardCharsets.UTF_8);
        CachedResponse answer = CachedResponse.of(
                EndpointKind.CHAT, body, List.of(tricky.substring(0, 9), tricky.substring(9)), STORED);

        List<String> lines = replay.stream(answer, "m", false);

        assertThat(lines).hasSize(3);
        assertThat(lines.subList(0, 2).stream()
                        .map(Fixtures::json)
                        .map(chunk -> chunk.get("message").get("content").asText())
                        .collect(Collectors.joining()))
                .isEqualTo(tricky);
        assertThat(lines.get(0)).endsWith("\"done\":false}\n");
    }

    @Test
    void stream_chatWithThinking_sendsThinkingFirstThenContentThenFinalMessage() {
        String body = Fixtures.CHAT_BODY.replace(
                "\"content\":\"Hi there, friend\"", "\"content\":\"Hi there, friend\",\"thinking\":\"greet them\"");
        CachedResponse cached = CachedResponse.fromBody(EndpointKind.CHAT, utf8(body), STORED);

        List<JsonNode> chunks = replay.stream(cached, "llama3.2", false).stream()
                .map(Fixtures::json)
                .collect(Collectors.toList());

        assertThat(chunks.get(0).at("/message/thinking").asText()).isEqualTo("greet them");
        assertThat(chunks.get(0).at("/message/content").asText()).isEmpty();
        assertThat(chunks.subList(1, chunks.size() - 1))
                .extracting(c -> c.at("/message/content").asText())
                .containsExactly("Hi", " there,", " friend");
        assertThat(chunks.subList(1, chunks.size()))
                .allSatisfy(c -> assertThat(c.at("/message/role").asText()).isEqualTo("assistant"));
        JsonNode last = chunks.get(chunks.size() - 1);
        assertThat(last.get("done").asBoolean()).isTrue();
        assertThat(last.at("/message/content").asText()).isEmpty();
        assertThat(last.at("/message/thinking").isMissingNode()).isTrue();
        assertThat(last.get("prompt_eval_count").asLong()).isEqualTo(18);
    }

    @Test
    void stream_v1WithUsage_followsTheOpenAiWireFormat() {
        CachedResponse cached = CachedResponse.fromBody(EndpointKind.V1_CHAT, utf8(Fixtures.V1_BODY), STORED);

        List<String> events = replay.stream(cached, "llama3.2", true);

        assertThat(events).allSatisfy(e -> assertThat(e).startsWith("data: ").endsWith("\n\n"));
        assertThat(events.get(events.size() - 1)).isEqualTo("data: [DONE]\n\n");
        List<JsonNode> chunks = events.subList(0, events.size() - 1).stream()
                .map(e -> json(e.substring("data: ".length())))
                .collect(Collectors.toList());
        assertThat(chunks).hasSize(4).allSatisfy(c -> {
            assertThat(c.get("object").asText()).isEqualTo("chat.completion.chunk");
            assertThat(c.get("id").asText()).isEqualTo("chatcmpl-417");
            assertThat(c.get("created").asLong()).isEqualTo(clock.instant().getEpochSecond());
        });
        assertThat(chunks.get(0).at("/choices/0/delta/role").asText()).isEqualTo("assistant");
        assertThat(chunks.get(0).at("/choices/0/delta/content").asText()).isEqualTo("Hello");
        assertThat(chunks.get(0).at("/choices/0/finish_reason").isNull()).isTrue();
        assertThat(chunks.get(1).at("/choices/0/delta/role").isMissingNode()).isTrue();
        assertThat(chunks.get(1).at("/choices/0/delta/content").asText()).isEqualTo(" there.");
        assertThat(chunks.get(2).at("/choices/0/delta").isEmpty()).isTrue();
        assertThat(chunks.get(2).at("/choices/0/finish_reason").asText()).isEqualTo("stop");
        assertThat(chunks.get(3).get("choices")).isEmpty();
        assertThat(chunks.get(3).at("/usage/total_tokens").asLong()).isEqualTo(23);
    }

    @Test
    void stream_v1WithoutUsage_hasNoUsageChunk() {
        CachedResponse cached = CachedResponse.fromBody(EndpointKind.V1_CHAT, utf8(Fixtures.V1_BODY), STORED);

        List<String> events = replay.stream(cached, "llama3.2", false);

        assertThat(events).hasSize(4).noneMatch(e -> e.contains("usage"));
    }

    @Test
    void body_requestSpelledTheModelDifferently_repeatsItsSpellingAndTheReplayTime() {
        JsonNode body = json(
                new String(replay.body(Fixtures.generateAnswer(STORED), "llama3.2:latest"), StandardCharsets.UTF_8));

        assertThat(body.get("model").asText()).isEqualTo("llama3.2:latest");
        assertThat(body.get("created_at").asText()).isEqualTo("2026-03-01T10:00:00.51Z");
        assertThat(body.get("response").asText()).isEqualTo("Blue light scatters more.");
        assertThat(body.get("eval_duration").asLong()).isEqualTo(2390000000L);
    }

    @Test
    void body_v1_restampsCreated() {
        CachedResponse cached = CachedResponse.fromBody(EndpointKind.V1_CHAT, utf8(Fixtures.V1_BODY), STORED);
        JsonNode body = json(new String(replay.body(cached, "llama3.2"), StandardCharsets.UTF_8));
        assertThat(body.get("created").asLong()).isEqualTo(clock.instant().getEpochSecond());
        assertThat(body.at("/choices/0/message/content").asText()).isEqualTo("Hello there.");
    }

    @Test
    void stream_embedding_isRejectedNamingTheEndpoint() {
        CachedResponse cached = CachedResponse.fromBody(EndpointKind.EMBED, utf8(Fixtures.EMBED_BODY), STORED);
        assertThatThrownBy(() -> replay.stream(cached, "nomic-embed-text", false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("endpoint must be streamable to replay a stream, got: EMBED");
    }

    @Test
    void format_instant_dropsTrailingZerosLikeOllama() {
        assertThat(OllamaTime.format(Instant.parse("2025-03-01T10:00:00.123456Z")))
                .isEqualTo("2025-03-01T10:00:00.123456Z");
        assertThat(OllamaTime.format(Instant.parse("2025-03-01T10:00:02.900Z"))).isEqualTo("2025-03-01T10:00:02.9Z");
        assertThat(OllamaTime.format(Instant.parse("2025-03-01T10:00:02Z"))).isEqualTo("2025-03-01T10:00:02Z");
    }
}
