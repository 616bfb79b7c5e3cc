package dev.ollamaperf.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ollamaperf.emulator.engine.FaultPlan;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The stream's chunked coding byte for byte (RFC 9112 §7.1): the emulator frames token chunks itself,
 * below Netty's codec, so a client must still read {@code <hex size>\r\n<line>\r\n} per NDJSON line and
 * a terminating {@code 0\r\n\r\n}.
 */
final class ChunkFramingTest {

    @Test
    void stream_onTheWire_isOneChunkPerLineWithItsExactSizeThenTheTerminator() throws IOException {
        try (Emulator emulator = TestProfiles.start(TestProfiles.settings(1, FaultPlan.NONE))) {
            String wire = RawHttp.postAndReadToEnd(
                    emulator.port(),
                    "/api/chat",
                    "{\"model\":\"fast\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],"
                            + "\"options\":{\"num_predict\":5}}",
                    "Connection: close\r\n");

            assertThat(wire).startsWith("HTTP/1.1 200 OK").contains("transfer-encoding: chunked");
            byte[] body = wire.substring(wire.indexOf("\r\n\r\n") + 4).getBytes(StandardCharsets.UTF_8);
            List<String> lines = new ArrayList<>();
            int at = 0;
            while (true) {
                int sizeEnd = indexOfCrlf(body, at);
                int size = Integer.parseInt(ascii(body, at, sizeEnd), 16);
                if (size == 0) {
                    assertThat(ascii(body, sizeEnd, body.length))
                            .as("terminator, nothing after")
                            .isEqualTo("\r\n\r\n");
                    break;
                }
                String line = new String(body, sizeEnd + 2, size, StandardCharsets.UTF_8);
                assertThat(line).endsWith("}\n");
                at = sizeEnd + 2 + size;
                assertThat(ascii(body, at, at + 2))
                        .as("CRLF after the chunk's bytes")
                        .isEqualTo("\r\n");
                at += 2;
                lines.add(line);
            }
            assertThat(lines).hasSize(5 + 1);
            assertThat(lines.subList(0, 5)).allSatisfy(line -> assertThat(line).contains("\"done\":false"));
            assertThat(lines.get(5)).contains("\"done\":true");
        }
    }

    private static int indexOfCrlf(byte[] bytes, int from) {
        for (int i = from; i + 1 < bytes.length; i++) {
            if (bytes[i] == '\r' && bytes[i + 1] == '\n') {
                return i;
            }
        }
        throw new AssertionError("no CRLF after byte " + from);
    }

    private static String ascii(byte[] bytes, int from, int to) {
        return new String(bytes, from, to - from, StandardCharsets.US_ASCII);
    }
}
