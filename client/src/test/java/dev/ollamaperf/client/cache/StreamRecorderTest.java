package dev.ollamaperf.client.cache;

import static dev.ollamaperf.client.cache.Fixtures.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

final class StreamRecorderTest {

    private static final Instant STORED = Instant.parse("2026-02-01T00:00:00Z");
    private final FakeClock clock = new FakeClock();
    private final ResponseReplay replay = new ResponseReplay(clock);

    @ParameterizedTest
    @EnumSource(
            value = EndpointKind.class,
            names = {"GENERATE", "CHAT", "V1_CHAT"})
    void finish_replayedStream_givesBackTheSameAnswer(EndpointKind endpoint) {
        CachedResponse original = sample(endpoint);
        StreamRecorder recorder = new StreamRecorder(endpoint, clock);

        for (byte[] chunk : replay.streamBytes(original, "llama3.2", true)) {
            recorder.accept(chunk);
        }

        CachedResponse recorded = recorder.finish().orElseThrow();
        assertThat(recorded.chunks()).isEqualTo(original.chunks());
        assertThat(recorded.text()).isEqualTo(original.text());
        assertThat(recorded.doneReason()).isEqualTo(original.doneReason());
        assertThat(recorded.metrics()).isEqualTo(original.metrics());
        assertThat(recorded.model()).isEqualTo("llama3.2");
        assertThat(recorded.createdAt()).isEqualTo(clock.instant());
    }

    @Test
    void finish_nativeChatWithThinkingAndToolCalls_keepsThemInTheBody() {
        StreamRecorder recorder = new StreamRecorder(EndpointKind.CHAT, clock);
        recorder.accept(
                utf8(
                        "{\"model\":\"m\",\"message\":{\"role\":\"assistant\",\"content\":\"\",\"thinking\":\"hm\"},\"done\":false}"));
        recorder.accept(
                utf8("{\"model\":\"m\",\"message\":{\"role\":\"assistant\",\"content\":\"ok\"},\"done\":false}"));
        recorder.accept(utf8("{\"model\":\"m\",\"message\":{\"role\":\"assistant\",\"content\":\"\",\"tool_calls\":"
                + "[{\"function\":{\"name\":\"f\",\"arguments\":{\"a\":1}}}]},\"done\":true,\"done_reason\":\"stop\","
                + "\"eval_count\":2}\n"));

        CachedResponse recorded = recorder.finish().orElseThrow();
        var body = recorded.bodyTree();
        assertThat(body.at("/message/content").asText()).isEqualTo("ok");
        assertThat(body.at("/message/thinking").asText()).isEqualTo("hm");
        assertThat(body.at("/message/tool_calls/0/function/name").asText()).isEqualTo("f");
        assertThat(recorded.metrics()).containsEntry("eval_count", 2L);
    }

    @Test
    void finish_streamWithoutFinalChunk_givesNothing() {
        StreamRecorder recorder = new StreamRecorder(EndpointKind.GENERATE, clock);
        List<byte[]> chunks = replay.streamBytes(Fixtures.generateAnswer(STORED), "llama3.2", false);
        for (byte[] chunk : chunks.subList(0, chunks.size() - 1)) {
            recorder.accept(chunk);
        }
        assertThat(recorder.finish()).isEmpty();
    }

    @Test
    void finish_streamWithAnErrorLine_givesNothingEvenIfItEndsWithDone() {
        StreamRecorder recorder = new StreamRecorder(EndpointKind.GENERATE, clock);
        recorder.accept(utf8("{\"model\":\"m\",\"response\":\"a\",\"done\":false}"));
        recorder.accept(utf8("{\"error\":\"an error was encountered while running the model\"}"));
        recorder.accept(utf8("{\"model\":\"m\",\"response\":\"\",\"done\":true}"));
        assertThat(recorder.finish()).isEmpty();
    }

    @Test
    void finish_v1WithoutDone_givesNothing() {
        StreamRecorder recorder = new StreamRecorder(EndpointKind.V1_CHAT, clock);
        CachedResponse v1 = sample(EndpointKind.V1_CHAT);
        List<byte[]> events = replay.streamBytes(v1, "llama3.2", false);
        for (byte[] event : events.subList(0, events.size() - 1)) {
            recorder.accept(event);
        }
        assertThat(recorder.complete()).isFalse();
        assertThat(recorder.finish()).isEmpty();
        recorder.accept("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
        assertThat(recorder.finish()).isPresent();
    }

    private static CachedResponse sample(EndpointKind endpoint) {
        switch (endpoint) {
            case GENERATE:
                return Fixtures.generateAnswer(STORED);
            case CHAT:
                return CachedResponse.fromBody(endpoint, utf8(Fixtures.CHAT_BODY), STORED);
            default:
                return CachedResponse.fromBody(endpoint, utf8(Fixtures.V1_BODY), STORED);
        }
    }
}
