package dev.ollamaperf.client.internal.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.ollamaperf.client.api.ChatResponse;
import dev.ollamaperf.client.api.GenerateResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link Codec#lineDecoder()} of the streaming codecs keeps one non-blocking parser for a whole stream; each line
 * must still decode to what {@link Codec#decode(byte[], int, int)} gives, and fail with the same exception, whatever
 * came before it on the same stream.
 */
final class LineDecoderTest {

    private final OllamaCodecs codecs = new OllamaCodecs();

    /** Well-formed and malformed lines in one stream, each compared with line-by-line decoding. */
    private static final List<String> CHAT_LINES = List.of(
            "{\"model\":\"llama3.2:latest\",\"created_at\":\"2025-03-01T10:00:00.1Z\","
                    + "\"message\":{\"role\":\"assistant\",\"content\":\" The\"},\"done\":false}",
            "{\"model\":\"llama3.2:latest\",\"created_at\":\"2025-03-01T10:00:00.2Z\","
                    + "\"message\":{\"role\":\"assistant\",\"content\":\" sky \\\"}{[\\\\\"},\"done\":false}   ",
            "  {\"model\":\"other\",\"message\":{\"role\":\"user\",\"content\":\"é ☃ \\u00e9\","
                    + "\"images\":[\"a\",\"b\"]},\"extra\":{\"x\":[1,{\"y\":[]}]},\"done\":false}",
            "{\"model\":\"llama3.2:latest\",\"message\":{\"role\":\"assistant\",\"content\":\"cut\"",
            "{\"model\":\"llama3.2:latest\",\"message\":{\"role\":\"assistant\",\"content\":\"x\"},\"done\":false}"
                    + " trailing",
            "{\"model\":\"a\",\"done\":false}{\"model\":\"b\",\"done\":false}",
            "{\"model\":\"a\",\"message\":{\"role\":\"assistant\",\"content\":\"after two\"},\"done\":false}",
            "{\"model\":\"a\",\"message\":]}",
            "{\"error\":\"model runner has unexpectedly stopped\"}",
            "[1,2]",
            "{\"model\":\"llama3.2:latest\",\"message\":{\"role\":\"assistant\",\"content\":\"\"},\"done\":true,"
                    + "\"done_reason\":\"stop\",\"total_duration\":2480000000,\"load_duration\":3100000,"
                    + "\"prompt_eval_count\":31,\"prompt_eval_duration\":42000000,\"eval_count\":16,"
                    + "\"eval_duration\":2390000000}");

    @Test
    void lineDecoder_chatLinesInOneStream_sameValuesAndExceptionsAsDecodingEachLine() {
        Codec<ChatResponse> codec = codecs.chatResponse();
        Codec.LineDecoder<ChatResponse> lines = codec.lineDecoder();

        for (String line : CHAT_LINES) {
            byte[] framed = ("xx" + line + "\n").getBytes(StandardCharsets.UTF_8);
            int length = framed.length - 3;

            Object expected = outcome(() -> codec.decode(framed, 2, length));
            Object actual = outcome(() -> lines.decode(framed, 2, length));

            assertThat(actual).as(line).isEqualTo(expected);
        }
    }

    @Test
    void lineDecoder_generateStream_sameValuesAsDecodingEachLine() {
        Codec<GenerateResponse> codec = codecs.generateResponse();
        Codec.LineDecoder<GenerateResponse> lines = codec.lineDecoder();
        for (int i = 0; i < 5; i++) {
            byte[] line = ("{\"model\":\"m\",\"created_at\":\"t" + i + "\",\"response\":\"w" + i + "\",\"done\":"
                            + (i == 4) + (i == 4 ? ",\"eval_count\":4" : "") + "}")
                    .getBytes(StandardCharsets.UTF_8);

            assertThat(lines.decode(line, 0, line.length)).isEqualTo(codec.decode(line));
        }
    }

    @Test
    void isOneCompleteObject_bracesInStringsAndTrailingText_onlyWholeObjectsPass() {
        assertThat(complete("{\"a\":\"}\"}")).isTrue();
        assertThat(complete(" {\"a\":[{}]} \t")).isTrue();
        assertThat(complete("{\"a\":\"\\\"}\"}")).isTrue();
        assertThat(complete("{\"a\":\"}")).isFalse();
        assertThat(complete("{\"a\":1} x")).isFalse();
        assertThat(complete("{}{}")).isFalse();
        assertThat(complete("[{}]")).isFalse();
        assertThat(complete("   ")).isFalse();
    }

    private static boolean complete(String s) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        return StreamingCodec.isOneCompleteObject(bytes, 0, bytes.length);
    }

    /** The decoded value, or the exception's class and message. */
    private static Object outcome(java.util.function.Supplier<?> decode) {
        Object[] value = new Object[1];
        Throwable thrown = catchThrowable(() -> value[0] = decode.get());
        return thrown == null ? value[0] : thrown.getClass().getName() + ": " + thrown.getMessage();
    }
}
