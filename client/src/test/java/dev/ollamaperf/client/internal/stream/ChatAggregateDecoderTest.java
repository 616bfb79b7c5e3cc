package dev.ollamaperf.client.internal.stream;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ollamaperf.client.StreamAggregate;
import dev.ollamaperf.client.StreamListener;
import dev.ollamaperf.client.api.ChatResponse;
import dev.ollamaperf.client.error.StreamErrorException;
import dev.ollamaperf.client.error.StreamTruncatedException;
import dev.ollamaperf.client.internal.codec.OllamaCodecs;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link NdjsonDecoder#chatAggregate} against {@link NdjsonDecoder#chat}: the same bytes, read in the same pieces at
 * the same clock readings, give the same aggregate (text, thinking, counts, arrival times, gaps, reason, metrics)
 * or the same exception with the same partial aggregate, and every chunk is reported as delivered.
 */
final class ChatAggregateDecoderTest {

    private static final String DONE = "{\"model\":\"llama3.2\",\"created_at\":\"2026-12-07T05:00:00.5Z\","
            + "\"message\":{\"role\":\"assistant\",\"content\":\"\"},\"done\":true,\"done_reason\":\"stop\","
            + "\"total_duration\":2480000000,\"load_duration\":3100000,\"prompt_eval_count\":31,"
            + "\"prompt_eval_duration\":42000000,\"eval_count\":120,\"eval_duration\":2390000000}\n";

    private final OllamaCodecs codecs = OllamaCodecs.shared();
    /** Chunks the last {@link #decode} handed to the listener. */
    private int listened;

    @Test
    void decode_plainStream_sameAggregateAsFullDecoding() {
        String s =
                chunk("Why") + chunk(" is \\\"the\\\" sky\\n") + chunk(" \u00e9\u6f22\ud83d\ude00") + chunk("") + DONE;

        Outcome full = decode(s, false, whole(s));
        Outcome scanned = decode(s, true, whole(s));

        assertThat(full.aggregate.text()).isEqualTo("Why is \"the\" sky\n \u00e9\u6f22\ud83d\ude00");
        assertThat(full.aggregate.metrics().evalCount()).isEqualTo(120);
        assertThat(scanned).isEqualTo(full);
        assertThat(listened)
                .as("chunks the scanning decoder handed to the listener")
                .isZero();
        assertThat(scanned.delivered).isEqualTo(5);
    }

    @Test
    void decode_everySplitPoint_sameAggregateAsFullDecoding() {
        String s = chunk("Blue") + chunk(" light \u00e9") + DONE;
        int length = s.getBytes(UTF_8).length;
        for (int cut = 1; cut < length; cut++) {
            int[] pieces = {cut, length - cut};
            assertThat(decode(s, true, pieces)).as("cut at %d", cut).isEqualTo(decode(s, false, pieces));
        }
    }

    @Test
    void decode_unusualAndDeclinedLines_sameAggregateAsFullDecoding() {
        String s = "\r\n" + chunk("a")
                + "{\"model\":\"m2\",\"message\":{\"role\":\"assistant\",\"content\":\"\",\"thinking\":\"hmm\"},"
                + "\"done\":false}\r\n"
                + "{\"model\":\"m2\",\"message\":{\"role\":\"assistant\",\"content\":\"\",\"tool_calls\":"
                + "[{\"function\":{\"name\":\"get_weather\",\"arguments\":{\"city\":\"Paris\"}}}]},\"done\":false}\n"
                + "{\"model\":null,\"created_at\":null,\"message\":null,\"done\":false,\"extra\":[1,{\"x\":2}]}\n"
                + "{\"message\":{\"role\":\"assistant\",\"content\":\"b\",\"images\":null},\"done\":false}\n"
                + "   \n"
                + "{\"model\":\"m2\",\"message\":{\"content\":\"c\"},\"done\":false} {\"model\":\"m3\"}\n"
                + "{\"model\":\"m2\",\"message\":{\"content\":\"d\",\"content\":\"e\"},\"done\":false}\n"
                + "{\"message\":{\"content\":\"lost\"},\"message\":{\"role\":\"assistant\"},\"done\":false}\n"
                + "{\"model\":\"m2\",\"message\":{\"content\":\"f\"},\"done\":true,\"eval_count\":1.5,"
                + "\"done_reason\":null}\n"
                + chunk("after the end");

        Outcome full = decode(s, false, whole(s));

        assertThat(full.aggregate.toolCalls()).hasSize(1);
        assertThat(full.aggregate.thinking()).isEqualTo("hmm");
        assertThat(decode(s, true, whole(s))).isEqualTo(full);
    }

    @Test
    void decode_plainChunksWithoutModelAfterADeclinedLine_keepTheDeclinedLinesModel() {
        String s = chunk("a")
                + "{\"model\":\"other\",\"message\":{\"content\":\"b\",\"images\":[\"aGk=\"]},\"done\":false}\n"
                + "{\"message\":{\"content\":\"c\"},\"done\":false}\n"
                + "{\"message\":{\"content\":\"\"},\"done\":true}\n";

        Outcome full = decode(s, false, whole(s));

        assertThat(full.aggregate.model()).isEqualTo("other");
        assertThat(decode(s, true, whole(s))).isEqualTo(full);
    }

    @Test
    void decode_errorLine_sameExceptionAndPartial() {
        String s = chunk("Hi") + "{\"error\":\"an error was encountered while running the model\"}\n";

        Outcome full = decode(s, false, whole(s));

        assertThat(full.failure).startsWith(StreamErrorException.class.getName());
        assertThat(decode(s, true, whole(s))).isEqualTo(full);
    }

    @Test
    void decode_undecodableOrCutStream_sameExceptionAndPartial() {
        String undecodable = chunk("Hi") + "{\"model\":\"m\",\"message\":{\"content\":42},\"done\":false}\n" + DONE;
        String cut = chunk("Hi") + chunk(" there") + DONE.substring(0, 40);

        assertThat(decode(undecodable, true, whole(undecodable)))
                .isEqualTo(decode(undecodable, false, whole(undecodable)));
        Outcome truncated = decode(cut, false, whole(cut));
        assertThat(truncated.failure).startsWith(StreamTruncatedException.class.getName());
        assertThat(decode(cut, true, whole(cut))).isEqualTo(truncated);
    }

    @Test
    void decode_randomChunksInRandomPieces_sameAsFullDecoding() {
        Random random = new Random(7);
        String[] texts = {
            "", "a", " the", "\\n\\n", "\\\"q\\\"", "\u00e9t\u00e9", "\u6f22\u5b57", "\ud83d\ude00", "\\u0001"
        };
        for (int run = 0; run < 200; run++) {
            StringBuilder s = new StringBuilder();
            int chunks = random.nextInt(40);
            for (int i = 0; i < chunks; i++) {
                String text = texts[random.nextInt(texts.length)];
                s.append(random.nextInt(10) == 0 ? thinking(text) : chunk(text));
            }
            s.append(DONE);
            byte[] bytes = s.toString().getBytes(UTF_8);
            List<Integer> sizes = new ArrayList<>();
            for (int left = bytes.length; left > 0; ) {
                int n = Math.min(left, 1 + random.nextInt(90));
                sizes.add(n);
                left -= n;
            }
            int[] pieces = sizes.stream().mapToInt(Integer::intValue).toArray();
            assertThat(decode(s.toString(), true, pieces))
                    .as("run %d", run)
                    .isEqualTo(decode(s.toString(), false, pieces));
        }
    }

    /** One read of the whole stream. */
    private static int[] whole(String stream) {
        return new int[] {stream.getBytes(UTF_8).length};
    }

    private static String chunk(String jsonText) {
        return "{\"model\":\"llama3.2\",\"created_at\":\"2026-12-07T05:00:00.123456789Z\","
                + "\"message\":{\"role\":\"assistant\",\"content\":\"" + jsonText + "\"},\"done\":false}\n";
    }

    private static String thinking(String jsonText) {
        return "{\"model\":\"llama3.2\",\"created_at\":\"2026-12-07T05:00:00Z\","
                + "\"message\":{\"role\":\"assistant\",\"content\":\"\",\"thinking\":\"" + jsonText
                + "\"},\"done\":false}\n";
    }

    private Outcome decode(String stream, boolean scanning, int[] sizes) {
        return decode(stream.getBytes(UTF_8), scanning, sizes);
    }

    /**
     * Decodes {@code stream} in reads of {@code sizes} bytes, the clock advancing by a different step before each
     * read, through {@link NdjsonDecoder#chatAggregate} ({@code scanning}) or {@link NdjsonDecoder#chat}.
     */
    private Outcome decode(byte[] bytes, boolean scanning, int[] sizes) {
        FakeNanoClock clock = new FakeNanoClock(0);
        listened = 0;
        int[] delivered = {0};
        StreamListener<ChatResponse> listener = (c, t) -> {
            listened++;
            delivered[0]++;
        };
        NdjsonDecoder<ChatResponse> d = scanning
                ? NdjsonDecoder.chatAggregate(codecs, listener, () -> delivered[0]++, clock, 0)
                : NdjsonDecoder.chat(codecs, listener, clock, 0);
        int offset = 0;
        try {
            for (int i = 0; i < sizes.length; i++) {
                clock.advance(100 + 7L * i);
                byte[] piece = Arrays.copyOfRange(bytes, offset, offset + sizes[i]); // a fresh array per read
                d.feed(piece, 0, piece.length);
                offset += sizes[i];
            }
            return new Outcome(d.finish(), null, delivered[0]);
        } catch (StreamErrorException | StreamTruncatedException e) {
            StreamAggregate partial = e instanceof StreamErrorException
                    ? ((StreamErrorException) e).partial()
                    : ((StreamTruncatedException) e).partial();
            return new Outcome(partial, e.getClass().getName() + ": " + e.getMessage(), delivered[0]);
        }
    }

    /** What a decoding ended with, and the chunks reported delivered (to the listener or as scanned). */
    private record Outcome(StreamAggregate aggregate, String failure, int delivered) {}
}
