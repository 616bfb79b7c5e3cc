package dev.ollamaperf.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ollamaperf.emulator.engine.FaultPlan;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** HTTP/1.1 connection behaviour, configuration from the environment, and the peak reset. */
@Timeout(30)
final class ConnectionHandlingTest {

    @Test
    void pipelinedRequestsOnOneConnection_areAnsweredInOrderAndTheConnectionStaysOpen() throws IOException {
        try (Emulator emulator = TestProfiles.start(TestProfiles.settings(1, FaultPlan.NONE));
                Socket socket = new Socket("127.0.0.1", emulator.port())) {
            socket.setSoTimeout(10_000);
            String generate = "{\"model\":\"fast\",\"prompt\":\"x\",\"options\":{\"num_predict\":3}}";
            String requests = "POST /api/generate HTTP/1.1\r\nHost: h\r\nContent-Length: " + generate.length()
                    + "\r\n\r\n" + generate + "GET /api/version HTTP/1.1\r\nHost: h\r\n\r\n";
            socket.getOutputStream().write(requests.getBytes(StandardCharsets.US_ASCII));
            String wire = readUntil(socket.getInputStream(), "0.32.15\"}");
            int stream = wire.indexOf("application/x-ndjson");
            int done = wire.indexOf("\"done\":true");
            int version = wire.indexOf("{\"version\"");
            assertThat(stream).isPositive();
            assertThat(done)
                    .as("the stream ends before the next response starts")
                    .isGreaterThan(stream);
            assertThat(version).isGreaterThan(done);
            assertThat(wire).doesNotContainIgnoringCase("connection: close");

            socket.getOutputStream().write("GET / HTTP/1.1\r\nHost: h\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(readUntil(socket.getInputStream(), "Ollama is running")).contains("HTTP/1.1 200 OK");
        }
    }

    /**
     * Closing the emulator ends its idle keep-alive connections too, so a client that reuses one fails at once instead
     * of waiting for its read timeout. Shutting the event loops down alone left one open in about one close of twenty,
     * hence the repeats.
     */
    @Test
    void close_endsIdleKeepAliveConnections() throws IOException {
        for (int i = 0; i < 60; i++) {
            Emulator emulator = TestProfiles.start(TestProfiles.settings(1, FaultPlan.NONE));
            try (Socket socket = new Socket("127.0.0.1", emulator.port())) {
                socket.setSoTimeout(5_000);
                socket.getOutputStream()
                        .write("GET /api/version HTTP/1.1\r\nHost: h\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                readUntil(socket.getInputStream(), "0.32.15\"}");
                emulator.close();
                assertThat(socket.getInputStream().read())
                        .as("close %d: the connection ended", i)
                        .isEqualTo(-1);
            } finally {
                emulator.close();
            }
        }
    }

    @Test
    void pipelinedBeyondTheBound_closesTheConnectionAndServesOthers() throws IOException {
        try (Emulator emulator = TestProfiles.start(TestProfiles.settings(1, FaultPlan.NONE));
                Socket socket = new Socket("127.0.0.1", emulator.port())) {
            socket.setSoTimeout(10_000);
            String generate = "{\"model\":\"fast\",\"prompt\":\"x\",\"options\":{\"num_predict\":5000}}";
            StringBuilder requests = new StringBuilder("POST /api/generate HTTP/1.1\r\nHost: h\r\nContent-Length: "
                    + generate.length() + "\r\n\r\n" + generate);
            for (int i = 0; i < 40; i++) {
                requests.append("GET /api/version HTTP/1.1\r\nHost: h\r\n\r\n");
            }
            socket.getOutputStream().write(requests.toString().getBytes(StandardCharsets.US_ASCII));

            assertThat(readToEnd(socket.getInputStream()))
                    .as("the server closed the connection")
                    .doesNotContain("0.32.15");
        }
    }

    @Test
    void pipelinedBodiesBeyondTheByteBound_closeTheConnection() throws IOException {
        try (Emulator emulator = TestProfiles.start(TestProfiles.settings(1, FaultPlan.NONE));
                Socket socket = new Socket("127.0.0.1", emulator.port())) {
            socket.setSoTimeout(10_000);
            String slow = "{\"model\":\"fast\",\"prompt\":\"x\",\"options\":{\"num_predict\":5000}}";
            socket.getOutputStream()
                    .write(("POST /api/generate HTTP/1.1\r\nHost: h\r\nContent-Length: " + slow.length() + "\r\n\r\n"
                                    + slow)
                            .getBytes(StandardCharsets.US_ASCII));
            byte[] big = ("{\"model\":\"fast\",\"prompt\":\"" + "y".repeat(7 << 20) + "\"}")
                    .getBytes(StandardCharsets.US_ASCII);
            try {
                for (int i = 0; i < 6; i++) {
                    socket.getOutputStream()
                            .write(("POST /api/generate HTTP/1.1\r\nHost: h\r\nContent-Length: " + big.length
                                            + "\r\n\r\n")
                                    .getBytes(StandardCharsets.US_ASCII));
                    socket.getOutputStream().write(big);
                }
            } catch (IOException closedWhileWriting) {
                // the server closed the connection while the bodies were still going out: what is tested
            }

            assertThat(readToEnd(socket.getInputStream()))
                    .as("the server closed the connection")
                    .doesNotContain("\"done\":true");
        }
    }

    @Test
    void resetPeaks_afterALoad_setsMaxInFlightBackToTheCurrentValue() {
        try (Emulator emulator = TestProfiles.start(TestProfiles.settings(2, FaultPlan.NONE))) {
            OllamaHttp http = new OllamaHttp(emulator.baseUri());
            http.post(
                    "/api/generate",
                    "{\"model\":\"fast\",\"prompt\":\"x\",\"stream\":false," + "\"options\":{\"num_predict\":2}}");
            assertThat(emulator.engine().stats().models().get("fast:latest").maxInFlight())
                    .isEqualTo(1);
            assertThat(http.post("/_emulator/reset-peaks", "").statusCode()).isEqualTo(204);
            assertThat(emulator.engine().stats().models().get("fast:latest").maxInFlight())
                    .isZero();
            assertThat(OllamaHttp.parse(http.get("/_emulator/stats").body())
                            .at("/models/fast:latest/maxInFlight")
                            .asInt())
                    .isZero();
        }
    }

    @Test
    void fromEnvironment_readsOllamaHostAndTheEnginesVariables() {
        EmulatorConfig config = EmulatorConfig.fromEnvironment(
                Map.of("OLLAMA_HOST", "http://127.0.0.1", "OLLAMA_NUM_PARALLEL", "4", "OLLAMA_MAX_QUEUE", "9"));
        assertThat(config.bindAddress()).isEqualTo("127.0.0.1");
        assertThat(config.port()).isEqualTo(80);
        assertThat(config.engine().numParallel()).isEqualTo(4);
        assertThat(config.engine().maxQueue()).isEqualTo(9);
        assertThat(config.maxRequestBodyBytes()).isEqualTo(EmulatorConfig.DEFAULT_MAX_REQUEST_BODY_BYTES);
        assertThat(EmulatorConfig.fromEnvironment(Map.of()).port()).isEqualTo(11434);
    }

    /** Everything until the server closes the connection (a reset counts as closed). */
    private static String readToEnd(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                out.write(buffer, 0, n);
            }
        } catch (java.net.SocketException reset) {
            // closed with data unread: a reset
        }
        return out.toString(StandardCharsets.US_ASCII);
    }

    private static String readUntil(InputStream in, String marker) throws IOException {
        ByteArrayOutputStream seen = new ByteArrayOutputStream();
        byte[] buffer = new byte[4096];
        while (!seen.toString(StandardCharsets.UTF_8).contains(marker)) {
            int n = in.read(buffer);
            assertThat(n)
                    .as("connection ended before " + marker + "; got: " + seen)
                    .isPositive();
            seen.write(buffer, 0, n);
        }
        return seen.toString(StandardCharsets.UTF_8);
    }
}
