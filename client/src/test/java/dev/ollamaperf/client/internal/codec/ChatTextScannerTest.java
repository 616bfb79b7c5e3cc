package dev.ollamaperf.client.internal.codec;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ollamaperf.client.api.ChatResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The scanner reads the bytes itself, so whatever line it accepts must read as decoding it into a {@link
 * ChatResponse} reads it (a line it declines goes to that decoder: {@code ChatAggregateDecoderTest} checks the
 * streams). Valid lines, then every byte of them replaced by bytes that matter to JSON and UTF-8, deleted, and
 * such bytes inserted before it or appended.
 */
final class ChatTextScannerTest {

    private static final String[] LINES = {
        "{\"model\":\"m\",\"created_at\":\"2026-12-07T05:00:00Z\",\"message\":{\"role\":\"assistant\",\"content\":"
                + "\"\\\"\\u00e9\\ud83d\\/\\b\\t\u00e9\u6f22\u20ac\ud55c\ud83d\ude00\",\"thinking\":\"\\n\"},\"done\":false}",
        // A token chunk as Ollama writes it, after a chunk that named its model: read by comparing whole ranges.
        "{\"model\":\"m\",\"created_at\":\"2026-12-07T05:00:00.123456789Z\",\"message\":{\"role\":\"assistant\","
                + "\"content\":\" caf\u00e9 \\\"\\u0041\\ud83d\\ude00\\n\"},\"done\":false}",
        "{\"model\":\"m\",\"created_at\":\"2026-12-07T05:00:00.5Z\",\"message\":{\"role\":\"assistant\","
                + "\"content\":\"\",\"thinking\":\"So \u00e9\\t\\u00e9\"},\"done\":false}",
        "{ \"done\" : false , \"message\" : { \"content\" : \"x\" , \"role\" : null } , \"model\" : \"m\" }\r",
        "{\"model\":null,\"message\":{\"content\":null,\"thinking\":null},\"done\":true,\"created_at\":null,"
                + "\"eval_count\":null,\"done_reason\":\"stop\",\"total_duration\":0,\"eval_duration\":120}",
        "{\"model\":\"llama3.2\",\"message\":{\"role\":\"assistant\",\"content\":\"\"},\"done\":true,"
                + "\"done_reason\":\"length\",\"total_duration\":2480000000,\"prompt_eval_count\":31,\"eval_count\":120}"
    };
    private static final byte[] DAMAGE = " \"\\/{}[,:019.-enu\u0000".getBytes(UTF_8);
    private static final int[] HIGH_BYTES = {0x80, 0xA0, 0xBF, 0xC0, 0xC3, 0xE0, 0xED, 0xF0, 0xF4, 0xFF};

    private final Codec<ChatResponse> full = OllamaCodecs.shared().chatResponse();
    private final ChatTextScanner scanner = new ChatTextScanner();

    @Test
    void scan_validLines_acceptedAndReadAsDecodingReadsThem() {
        for (String line : LINES) {
            byte[] bytes = line.getBytes(UTF_8);
            assertThat(scanner.scan(bytes, 0, bytes.length)).as(line).isTrue();
            assertSameAsFullDecoding(bytes);
        }
    }

    @Test
    void scan_damagedLines_acceptedOnlyWhenReadAsDecodingReadsThem() {
        int accepted = 0;
        int declined = 0;
        for (String line : LINES) {
            byte[] valid = line.getBytes(UTF_8);
            for (int at = 0; at <= valid.length; at++) {
                for (byte[] variant : variants(valid, at)) {
                    if (scanner.scan(variant, 0, variant.length)) {
                        assertSameAsFullDecoding(variant);
                        accepted++;
                    } else {
                        declined++;
                    }
                }
            }
        }
        assertThat(accepted)
                .as("damaged lines still plain (a space, another digit or letter in a text)")
                .isGreaterThan(500);
        assertThat(declined).isGreaterThan(2_000);
    }

    @Test
    void scan_modelNamesChangingBetweenChunks_eachReadAsDecodingReadsIt() {
        // The name is compared undecoded with the last one while it repeats: escapes must not fool that.
        String[] names = {"m", "m", "m\\u0031", "m1", "m1", "a\\\\b", "a\\b", "a\\\\b", "", "\\ud83d", "?", "m1"};
        for (String name : names) {
            byte[] line =
                    ("{\"model\":\"" + name + "\",\"message\":{\"content\":\"x\"},\"done\":false}").getBytes(UTF_8);
            assertThat(scanner.scan(line, 0, line.length)).as(name).isTrue();
            assertSameAsFullDecoding(line);
        }
    }

    @Test
    void scan_tokenChunkTextsLongerThanEveryOneBefore_readWhole() {
        String tokenChunk =
                "{\"model\":\"m\",\"created_at\":\"2026-12-07T05:00:00Z\",\"message\":{\"role\":\"assistant\","
                        + "\"content\":\"%s\"},\"done\":false}";
        String[] lines = {
            "{\"model\":\"m\",\"done\":false}", // names the model, carries no text
            String.format(tokenChunk, "a text longer than any buffer the scanner had so far"),
            String.format(tokenChunk, "a text longer than any buffer the scanner had so far, longer than the last"),
            String.format(tokenChunk, "\",\"thinking\":\"a thought longer than any buffer the scanner had so far")
        };
        for (String line : lines) {
            byte[] bytes = line.getBytes(UTF_8);
            assertThat(scanner.scan(bytes, 0, bytes.length)).as(line).isTrue();
            assertSameAsFullDecoding(bytes);
        }
    }

    @Test
    void scan_negativeOrHugeOrFractionalTimings_areLeftToTheFullDecoder() {
        for (String value : new String[] {"-1", "1.5", "1e3", "01", "9999999999999999999", "\"1\"", "true"}) {
            byte[] line = ("{\"model\":\"m\",\"done\":true,\"eval_count\":" + value + "}").getBytes(UTF_8);
            assertThat(scanner.scan(line, 0, line.length)).as(value).isFalse();
        }
    }

    /** The line with the byte at {@code at} replaced or deleted, or a byte inserted before it (or appended). */
    private static List<byte[]> variants(byte[] valid, int at) {
        List<byte[]> variants = new ArrayList<>();
        for (byte b : DAMAGE) {
            variants.add(inserted(valid, at, b));
        }
        if (at == valid.length) {
            return variants;
        }
        for (byte b : DAMAGE) {
            variants.add(replaced(valid, at, b));
        }
        for (int b : HIGH_BYTES) {
            variants.add(replaced(valid, at, (byte) b));
        }
        byte[] deleted = new byte[valid.length - 1];
        System.arraycopy(valid, 0, deleted, 0, at);
        System.arraycopy(valid, at + 1, deleted, at, valid.length - at - 1);
        variants.add(deleted);
        return variants;
    }

    private static byte[] inserted(byte[] bytes, int at, byte b) {
        byte[] copy = new byte[bytes.length + 1];
        System.arraycopy(bytes, 0, copy, 0, at);
        copy[at] = b;
        System.arraycopy(bytes, at, copy, at + 1, bytes.length - at);
        return copy;
    }

    private static byte[] replaced(byte[] bytes, int at, byte b) {
        byte[] copy = bytes.clone();
        copy[at] = b;
        return copy;
    }

    /** The scanner has just accepted {@code line}: its parts are those of the decoded {@link ChatResponse}. */
    private void assertSameAsFullDecoding(byte[] line) {
        ChatResponse decoded = full.decode(line, 0, line.length);
        String thinking = decoded.message().thinking();
        Scanned scanned = new Scanned(
                scanner.model(),
                new String(scanner.content(), 0, scanner.contentLength()),
                new String(scanner.thinking(), 0, scanner.thinkingLength()),
                scanner.done(),
                scanner.doneReason(),
                scanner.metrics().toString());
        Scanned expected = new Scanned(
                decoded.model(),
                decoded.message().content(),
                thinking == null ? "" : thinking,
                decoded.done(),
                decoded.doneReason(),
                decoded.metrics().toString());
        if (!scanned.equals(expected)) { // AssertJ only on a difference: thousands of lines pass here
            assertThat(scanned)
                    .as(new String(line, StandardCharsets.ISO_8859_1))
                    .isEqualTo(expected);
        }
    }

    private record Scanned(
            String model, String content, String thinking, boolean done, String doneReason, String metrics) {}
}
