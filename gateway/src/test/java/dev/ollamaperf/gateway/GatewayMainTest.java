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
