package dev.ollamaperf.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ollamaperf.client.OllamaClient;
import dev.ollamaperf.client.cache.ResponseCache;
import dev.ollamaperf.client.config.OllamaClientConfig;
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
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The bearer token (issue 17): required on every request when set, and named in the exposure warning. */
@Timeout(60)
final class GatewayAuthTest {

    @TempDir
    Path home;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void withAToken_everyRequestWithoutIt_gets401_andWithIt_isServed() throws Exception {
        try (Emulator emulator = Emulator.start(EmulatorConfig.defaults());
                OllamaClient client = OllamaClient.builder(OllamaClientConfig.builder()
                                .endpoint(emulator.baseUri().toString())
                                .build())
                        .build();
                OllamaGateway gateway = OllamaGateway.start(
                        GatewayConfig.ephemeral().withToken("s3cret-token"),
                        client,
                        ResponseCache.disabled(),
                        Clock.systemUTC())) {
            URI base = gateway.baseUri();
            for (String path :
                    List.of("/", "/api/version", "/api/tags", "/metrics", "/v1/models", "/api/pull", "/nowhere")) {
                for (String authorization : new String[] {
                    null,
                    "Bearer wrong",
                    "Bearer s3cret-toke",
                    "Bearer s3cret-token2",
                    "Basic s3cret-token",
                    "s3cret-token"
                }) {
                    HttpRequest.Builder request =
                            HttpRequest.newBuilder(base.resolve(path)).GET();
                    if (authorization != null) {
                        request.header("Authorization", authorization);
                    }
                    HttpResponse<String> answer = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
                    assertThat(answer.statusCode())
                            .as(path + " with " + authorization)
                            .isEqualTo(401);
                    assertThat(answer.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
                    assertThat(answer.body()).contains("Authorization: Bearer");
                }
            }
            HttpResponse<String> posted = http.send(
                    HttpRequest.newBuilder(base.resolve("/api/generate"))
                            .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"llama3.2\",\"prompt\":\"x\"}"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(posted.statusCode()).as("a model call without the token").isEqualTo(401);

            for (String path : List.of("/", "/api/version", "/api/tags", "/v1/models")) {
                HttpResponse<String> answer = http.send(
                        HttpRequest.newBuilder(base.resolve(path))
                                .header("Authorization", "Bearer s3cret-token")
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(answer.statusCode()).as(path).isEqualTo(200);
            }
        }
    }

    @Test
    void tokenFromTheEnvironment_isRequired() throws Exception {
        try (Emulator emulator = Emulator.start(EmulatorConfig.defaults());
                GatewayMain.Running running = GatewayMain.start(
                        new String[] {"--port", "0"},
                        Map.of(
                                "OLLAMA_ENDPOINT",
                                emulator.baseUri().toString(),
                                "OLLAMA_CACHE_ENABLED",
                                "false",
                                GatewayConfig.TOKEN_VARIABLE,
                                "from-env"),
                        home,
                        quiet(),
                        quiet())) {
            URI version = running.gateway.baseUri().resolve("/api/version");
            assertThat(http.send(HttpRequest.newBuilder(version).GET().build(), HttpResponse.BodyHandlers.ofString())
                            .statusCode())
                    .isEqualTo(401);
            assertThat(http.send(
                                    HttpRequest.newBuilder(version)
                                            .header("Authorization", "Bearer from-env")
                                            .GET()
                                            .build(),
                                    HttpResponse.BodyHandlers.ofString())
                            .statusCode())
                    .isEqualTo(200);
        }
    }

    @Test
    void warningBeyondLoopback_saysWhetherATokenIsSetAndHowToSetOne() {
        GatewayConfig open = new GatewayConfig("0.0.0.0", 0, 4, 1024);

        assertThat(GatewayMain.exposureWarning(open))
                .contains(
                        "0.0.0.0",
                        "not loopback",
                        "no token is set",
                        "set OLLAMA_GATEWAY_TOKEN",
                        "Authorization: Bearer <token>");
        assertThat(GatewayMain.exposureWarning(open.withToken("t")))
                .contains("0.0.0.0", "not loopback", "OLLAMA_GATEWAY_TOKEN is set", "Authorization: Bearer <token>")
                .doesNotContain("no token");
        assertThat(GatewayMain.exposureWarning(GatewayConfig.ephemeral())).isEmpty();
    }

    private static PrintStream quiet() {
        return new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    }
}
