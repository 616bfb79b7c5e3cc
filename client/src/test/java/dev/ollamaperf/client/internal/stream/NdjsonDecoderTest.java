package dev.ollamaperf.client.internal.stream;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ollamaperf.client.StreamAggregate;
import dev.ollamaperf.client.StreamListener;
import dev.ollamaperf.client.api.ChatResponse;
import dev.ollamaperf.client.api.GenerateResponse;
import dev.ollamaperf.client.api.Metrics;
import dev.ollamaperf.client.error.StreamErrorException;
import dev.ollamaperf.client.error.StreamTruncatedException;
import dev.ollamaperf.client.internal.codec.OllamaCodecs;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

final class NdjsonDecoderTest {

    private static final String STREAM =
            "{\"model\":\"llama3.2\",\"created_at\":\"t\",\"response\":\"Blue\",\"done\":false}\n"
                    + "{\"model\":\"llama3.2\",\"created_at\":\"t\",\"response\":\" light \\u00e9\",\"done\":false}\n"
                    + "{\"model\":\"llama3.2\",\"created_at\":\"t\",\"response\":\"\",\"done\":true,\"done_reason\":\"stop\","
                    + "\"total_duration\":2480000000,\"load_duration\":3100000,\"prompt_eval_count\":31,"
                    + "\"prompt_eval_duration\":42000000,\"eval_count\":120,\"eval_duration\":2390000000}\n";

    private final OllamaCodecs codecs = OllamaCodecs.shared();

    @Test
    void feed_everySplitPoint_decodesSameAggregate() {
        byte[] bytes = STREAM.getBytes(UTF_8);
        StreamAggregate whole = decodeInPieces(bytes, new int[] {bytes.length});
        assertThat(whole.text()).isEqualTo("Blue light \u00e9");
        for (int cut = 1; cut < bytes.length; cut++) {
            StreamAggregate split = decodeInPieces(bytes, new int[] {cut, bytes.length - cut});
            assertThat(split.text()).as("cut at %d", cut).isEqualTo(whole.text());
            assertThat(split.metrics()).isEqualTo(whole.metrics());
            assertThat(split.chunkCount()).isEqualTo(3);
        }
    }

    @Test
    void feed_randomSmallPieces_decodesSameTextIncludingMultibyteChars() {
        String multi = "{\"model\":\"m\",\"response\":\"\u00e9\u6f22\ud83d\ude00\",\"done\":false}\n"
                + "{\"model\":\"m\",\"response\":\"\",\"done\":true}\n";
        byte[] bytes = multi.getBytes(UTF_8);
        Random random = new Random(42);
        for (int run = 0; run < 200; run++) {
            List<Integer> sizes = new ArrayList<>();
            int left = bytes.length;
            while (left > 0) {
                int n = Math.min(left, 1 + random.nextInt(7));
                sizes.add(n);
                left -= n;
            }
            StreamAggregate a = decodeInPieces(
                    bytes, sizes.stream().mapToInt(Integer::intValue).toArray());
            assertThat(a.text()).isEqualTo("\u00e9\u6f22\ud83d\ude00");
            assertThat(a.done()).isTrue();
        }
    }

    @Test
    void feed_blankLinesAndCrlf_areAccepted() {
        String crlf = "\r\n{\"model\":\"m\",\"response\":\"a\",\"done\":false}\r\n\r\n   \n"
                + "{\"model\":\"m\",\"response\":\"b\",\"done\":false}\r\n{\"model\":\"m\",\"done\":true}\r\n";
        StreamAggregate a = decodeInPieces(crlf.getBytes(UTF_8), new int[] {crlf.length()});
        assertThat(a.text()).isEqualTo("ab");
        assertThat(a.chunkCount()).isEqualTo(3);
    }

    @Test
    void feed_arrivalTimes_comeFromClockAtEachRead() {
        FakeNanoClock clock = new FakeNanoClock(1_000);
        List<Long> arrivals = new ArrayList<>();
        NdjsonDecoder<GenerateResponse> d = NdjsonDecoder.generate(codecs, (c, t) -> arrivals.add(t), clock, 1_000);
        String[] lines = STREAM.split("\n");
        clock.advance(500);
        d.feed((lines[0] + "\n").getBytes(UTF_8), 0, lines[0].length() + 1);
        clock.advance(200);
        d.feed((lines[1] + "\n").getBytes(UTF_8), 0, lines[1].getBytes(UTF_8).length + 1);
        clock.advance(300);
        d.feed((lines[2] + "\n").getBytes(UTF_8), 0, lines[2].length() + 1);
        StreamAggregate a = d.finish();
        assertThat(arrivals).containsExactly(500L, 700L, 1000L);
        assertThat(a.firstChunkNanos()).isEqualTo(500);
        assertThat(a.ttftNanos()).isEqualTo(500);
        assertThat(a.lastChunkNanos()).isEqualTo(1000);
        assertThat(a.gapsNanos()).containsExactly(200L);
        assertThat(a.doneReason()).isEqualTo("stop");
        assertThat(a.metrics().evalCount()).isEqualTo(120);
    }

    @Test
    void finish_withoutDone_throwsTruncatedCarryingPartial() {
        String cut = STREAM.substring(0, STREAM.indexOf("\"done\":true") - 20);
        NdjsonDecoder<GenerateResponse> d =
                NdjsonDecoder.generate(codecs, StreamListener.ignoring(), System::nanoTime, System.nanoTime());
        byte[] bytes = cut.getBytes(UTF_8);
        d.feed(bytes, 0, bytes.length);
        assertThatThrownBy(d::finish).isInstanceOfSatisfying(StreamTruncatedException.class, e -> {
            assertThat(e.partial().text()).isEqualTo("Blue light \u00e9");
            assertThat(e.partial().done()).isFalse();
        });
    }

    @Test
    void readFully_streamEndingWithoutDone_throwsTruncated() {
        String twoChunks = STREAM.substring(0, STREAM.indexOf("\n", STREAM.indexOf("light")) + 1);
        NdjsonDecoder<GenerateResponse> d =
                NdjsonDecoder.generate(codecs, StreamListener.ignoring(), System::nanoTime, System.nanoTime());
        assertThatThrownBy(() -> d.readFully(new ByteArrayInputStream(twoChunks.getBytes(UTF_8))))
                .isInstanceOfSatisfying(
                        StreamTruncatedException.class,
                        e -> assertThat(e.partial().chunkCount()).isEqualTo(2));
    }

    @Test
    void feed_errorLineMidStream_throwsStreamErrorCarryingPartial() {
        String s = "{\"model\":\"m\",\"message\":{\"role\":\"assistant\",\"content\":\"Hi\"},\"done\":false}\n"
                + "{\"error\":\"an error was encountered while running the model\"}\n";
        NdjsonDecoder<ChatResponse> d =
                NdjsonDecoder.chat(codecs, StreamListener.ignoring(), System::nanoTime, System.nanoTime());
        byte[] bytes = s.getBytes(UTF_8);
        assertThatThrownBy(() -> d.feed(bytes, 0, bytes.length))
                .isInstanceOfSatisfying(StreamErrorException.class, e -> {
                    assertThat(e.serverMessage()).isEqualTo("an error was encountered while running the model");
                    assertThat(e.partial().text()).isEqualTo("Hi");
                });
    }

    @Test
    void feed_chatStream_aggregatesContentAndFinalMetrics() {
        String s = "{\"model\":\"llama3.2\",\"message\":{\"role\":\"assistant\",\"content\":\"Hi\"},\"done\":false}\n"
                + "{\"model\":\"llama3.2\",\"message\":{\"role\":\"assistant\",\"content\":\" there\"},\"done\":false}\n"
                + "{\"model\":\"llama3.2\",\"message\":{\"role\":\"assistant\",\"content\":\"\"},\"done\":true,"
                + "\"done_reason\":\"length\",\"eval_count\":2,\"eval_duration\":1000}\n";
        List<ChatResponse> seen = new ArrayList<>();
        NdjsonDecoder<ChatResponse> d =
                NdjsonDecoder.chat(codecs, (c, t) -> seen.add(c), System::nanoTime, System.nanoTime());
        StreamAggregate a = d.readFully(new ByteArrayInputStream(s.getBytes(UTF_8)));
        assertThat(seen).hasSize(3);
        assertThat(a.text()).isEqualTo("Hi there");
        assertThat(a.contentChunkCount()).isEqualTo(2);
        assertThat(a.doneReason()).isEqualTo("length");
        assertThat(a.metrics()).isEqualTo(new Metrics(0, 0, 0, 0, 2, 1000));
        assertThat(a.model()).isEqualTo("llama3.2");
    }

    @Test
    void finish_lastLineWithoutNewline_isDecoded() {
        String s = "{\"model\":\"m\",\"response\":\"x\",\"done\":false}\n{\"model\":\"m\",\"done\":true}";
        StreamAggregate a = decodeInPieces(s.getBytes(UTF_8), new int[] {s.length()});
        assertThat(a.done()).isTrue();
    }

    private StreamAggregate decodeInPieces(byte[] bytes, int[] sizes) {
        NdjsonDecoder<GenerateResponse> d =
                NdjsonDecoder.generate(codecs, StreamListener.ignoring(), new FakeNanoClock(0), 0);
        int offset = 0;
        for (int size : sizes) {
            byte[] piece = java.util.Arrays.copyOfRange(bytes, offset, offset + size); // a fresh array per read
            d.feed(piece, 0, piece.length);
            offset += size;
        }
        return d.finish();
    }
}
