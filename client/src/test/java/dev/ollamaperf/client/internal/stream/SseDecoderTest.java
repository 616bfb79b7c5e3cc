package dev.ollamaperf.client.internal.stream;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ollamaperf.client.StreamAggregate;
import dev.ollamaperf.client.StreamListener;
import dev.ollamaperf.client.api.openai.ChatCompletionChunk;
import dev.ollamaperf.client.error.StreamErrorException;
import dev.ollamaperf.client.error.StreamTruncatedException;
import dev.ollamaperf.client.internal.codec.OllamaCodecs;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

final class SseDecoderTest {

    private static final String HEAD =
            "{\"id\":\"chatcmpl-88\",\"object\":\"chat.completion.chunk\",\"created\":1740823202,"
                    + "\"model\":\"llama3.2\",\"system_fingerprint\":\"fp_ollama\",";
    private static final String STREAM = "data: " + HEAD
            + "\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"Hel\"},"
            + "\"finish_reason\":null}]}\n\n"
            + "data: " + HEAD + "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"lo\"},\"finish_reason\":null}]}\n\n"
            + "data: " + HEAD + "\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n"
            + "data: " + HEAD + "\"choices\":[],\"usage\":{\"prompt_tokens\":21,\"completion_tokens\":4,"
            + "\"total_tokens\":25}}\n\n"
            + "data: [DONE]\n\n";

    private final OllamaCodecs codecs = OllamaCodecs.shared();

    @Test
    void feed_v0326Stream_aggregatesTextFinishAndUsage() {
        List<ChatCompletionChunk> seen = new ArrayList<>();
        SseDecoder d = new SseDecoder(codecs, (c, t) -> seen.add(c), new FakeNanoClock(0), 0);
        byte[] b = STREAM.getBytes(UTF_8);
        d.feed(b, 0, b.length);
        assertThat(d.isDone()).isTrue();
        StreamAggregate a = d.finish();
        assertThat(seen).hasSize(4);
        assertThat(a.text()).isEqualTo("Hello");
        assertThat(a.doneReason()).isEqualTo("stop");
        assertThat(a.metrics().promptEvalCount()).isEqualTo(21);
        assertThat(a.metrics().evalCount()).isEqualTo(4);
        assertThat(a.contentChunkCount()).isEqualTo(2);
    }

    @Test
    void feed_everySplitPointWithCrlf_decodesSameText() {
        byte[] b = STREAM.replace("\n", "\r\n").getBytes(UTF_8);
        for (int cut = 1; cut < b.length; cut++) {
            SseDecoder d = new SseDecoder(codecs, StreamListener.ignoring(), new FakeNanoClock(0), 0);
            byte[] first = Arrays.copyOfRange(b, 0, cut);
            byte[] second = Arrays.copyOfRange(b, cut, b.length);
            d.feed(first, 0, first.length);
            d.feed(second, 0, second.length);
            assertThat(d.finish().text()).as("cut at %d", cut).isEqualTo("Hello");
        }
    }

    @Test
    void feed_multiLineDataAndCommentsAndOtherFields_joinsDataWithNewline() {
        String s = ": keep-alive comment\nevent: message\nid: 1\ndata: " + HEAD + "\"choices\":[{\"index\":0,\n"
                + "data:\"delta\":{\"content\":\"x\"},\"finish_reason\":null}]}\n\ndata: [DONE]\n\n";
        SseDecoder d = new SseDecoder(codecs, StreamListener.ignoring(), new FakeNanoClock(0), 0);
        byte[] b = s.getBytes(UTF_8);
        d.feed(b, 0, b.length);
        assertThat(d.finish().text()).isEqualTo("x");
    }

    @Test
    void finish_withoutDoneMarker_throwsTruncatedCarryingPartial() {
        String s = STREAM.substring(0, STREAM.indexOf("data: [DONE]"));
        SseDecoder d = new SseDecoder(codecs, StreamListener.ignoring(), new FakeNanoClock(0), 0);
        byte[] b = s.getBytes(UTF_8);
        d.feed(b, 0, b.length);
        assertThatThrownBy(d::finish)
                .isInstanceOfSatisfying(
                        StreamTruncatedException.class,
                        e -> assertThat(e.partial().text()).isEqualTo("Hello"));
    }

    @Test
    void feed_errorEvent_throwsStreamErrorWithMessage() {
        String s = STREAM.substring(
                        0, STREAM.indexOf("data: " + HEAD + "\"choices\":[{\"index\":0,\"delta\":{\"content\""))
                + "data: {\"error\":{\"message\":\"boom\",\"type\":\"api_error\",\"param\":null,\"code\":null}}\n\n";
        SseDecoder d = new SseDecoder(codecs, StreamListener.ignoring(), new FakeNanoClock(0), 0);
        byte[] b = s.getBytes(UTF_8);
        assertThatThrownBy(() -> d.feed(b, 0, b.length)).isInstanceOfSatisfying(StreamErrorException.class, e -> {
            assertThat(e.serverMessage()).isEqualTo("boom");
            assertThat(e.partial().text()).isEqualTo("Hel");
        });
    }
}
