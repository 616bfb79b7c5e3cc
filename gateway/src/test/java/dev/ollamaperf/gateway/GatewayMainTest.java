package dev.ollamaperf.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ollamaperf.emulator.Emulator;
import dev.ollamaperf.emulator.EmulatorConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
final class GatewayMainTest {

    @TempDir
    Path home;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void help_printsEveryFlagAndExits0() {
        assertThatThrownBy(() -> start(Map.of(), "--help"))
                .isInstanceOfSatisfying(
                        GatewayMain.Exit.class, e -> assertThat(e.status).isZero());
        assertThat(text(out)).contains("--port N", "--bind ADDR", "--threads N", "--help", "OLLAMA_CACHE_ENABLED");
    }

    @Test
    void badArgumentOrSetting_exits2NamingIt() {
        assertThatThrownBy(() -> start(Map.of(), "--threads", "0"))
                .isInstanceOfSatisfying(
                        GatewayMain.Exit.class, e -> assertThat(e.status).isEqualTo(2));
        assertThat(text(err)).contains("'--threads' must be between 1 and 4096, got: 0");
        assertThatThrownBy(() -> start(Map.of("OLLAMA_CACHE_TTL", "soon"), "--port", "0"))
                .isInstanceOfSatisfying(
                        GatewayMain.Exit.class, e -> assertThat(e.status).isEqualTo(2));
        assertThat(text(err)).contains("'OLLAMA_CACHE_TTL' must be seconds or a duration");
        assertThatThrownBy(() -> start(Map.of(), "--verbose"))
                .isInstanceOfSatisfying(
                        GatewayMain.Exit.class, e -> assertThat(e.status).isEqualTo(2));
    }

    @Test
    void start_fromTheEnvironment_servesOnLoopbackAndUsesTheConfiguredCacheFile() throws Exception {
        try (Emulator emulator = Emulator.start(EmulatorConfig.defaults())) {
            Map<String, String> env = Map.of(
                    "OLLAMA_ENDPOINT",
                    emulator.baseUri().toString(),
                    "OLLAMA_CACHE_PATH",
                    home.resolve("c/responses.db").toString());
            try (GatewayMain.Running running = start(env, "--port", "0")) {
                URI uri = running.gateway.baseUri();
                assertThat(uri.getHost()).isEqualTo("127.0.0.1");
                HttpResponse<String> root = HttpClient.newHttpClient()
                        .send(
                                HttpRequest.newBuilder(uri.resolve("/")).GET().build(),
                                HttpResponse.BodyHandlers.ofString());
                assertThat(root.body()).isEqualTo("Ollama is running");
            }
            assertThat(text(out)).contains("listening on http://127.0.0.1:");
            assertThat(home.resolve("c/responses.db")).exists();
            assertThat(text(err)).doesNotContain("WARNING");
        }
    }

    @Test
    void start_trafficLogInAMissingFolder_exits2NamingTheVariable() {
        Path file = home.resolve("no/such/folder/traffic.jsonl");

        assertThatThrownBy(() -> start(Map.of("OLLAMA_TRAFFIC_LOG", file.toString()), "--port", "0"))
                .isInstanceOfSatisfying(
                        GatewayMain.Exit.class, e -> assertThat(e.status).isEqualTo(2));
        assertThat(text(err))
                .contains("'OLLAMA_TRAFFIC_LOG' must name a file that can be created or appended to")
                .contains(file.toString());
    }

    @Test
    void start_trafficLogTextNotABoolean_exits2() {
        assertThatThrownBy(() -> start(
                        Map.of(
                                "OLLAMA_TRAFFIC_LOG",
                                home.resolve("t.jsonl").toString(),
                                "OLLAMA_TRAFFIC_LOG_TEXT",
                                "yes"),
                        "--port",
                        "0"))
                .isInstanceOfSatisfying(
                        GatewayMain.Exit.class, e -> assertThat(e.status).isEqualTo(2));
        assertThat(text(err)).contains("'OLLAMA_TRAFFIC_LOG_TEXT' must be true or false, got: 'yes'");
    }

    @Test
    void start_trafficLogSet_printsItAtStartAndItsCountsAtClose() throws Exception {
        Path file = home.resolve("traffic.jsonl");
        try (Emulator emulator = Emulator.start(EmulatorConfig.defaults())) {
            Map<String, String> env = Map.of(
                    "OLLAMA_ENDPOINT", emulator.baseUri().toString(),
                    "OLLAMA_CACHE_ENABLED", "false",
                    "OLLAMA_TRAFFIC_LOG", file.toString());
            try (GatewayMain.Running running = start(env, "--port", "0")) {
                HttpResponse<String> answer = HttpClient.newHttpClient()
                        .send(
                                HttpRequest.newBuilder(running.gateway.baseUri().resolve("/api/generate"))
                                        .POST(HttpRequest.BodyPublishers.ofString(
                                                "{\"model\":\"llama3.2\",\"prompt\":\"Hi\",\"stream\":false,"
                                                        + "\"options\":{\"num_predict\":2}}"))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString());
                assertThat(answer.statusCode()).isEqualTo(200);
            }
        }
        assertThat(text(out))
                .contains("traffic: traffic log " + file + " (no text)")
                .contains("ollama-gateway: traffic log " + file + ": 1 lines written, 0 dropped");
        assertThat(dev.ollamaperf.results.FormatFiles.readTraffic(file))
                .singleElement()
                .satisfies(l -> assertThat(l.outputTokens()).isEqualTo(2L));
    }

    private GatewayMain.Running start(Map<String, String> env, String... args) throws GatewayMain.Exit {
        return GatewayMain.start(
                args,
                env,
                home,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private static String text(ByteArrayOutputStream bytes) {
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
