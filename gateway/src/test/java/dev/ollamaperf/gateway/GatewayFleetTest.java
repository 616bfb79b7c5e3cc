package dev.ollamaperf.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ollamaperf.emulator.Emulator;
import dev.ollamaperf.emulator.EmulatorConfig;
import dev.ollamaperf.emulator.EmulatorFleet;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The gateway in front of a fleet of emulator nodes ({@code OLLAMA_ENDPOINTS}), started as its main starts it. */
@Timeout(60)
final class GatewayFleetTest {

    private static final String TINY = "tiny:latest";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path home;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final HttpClient http = HttpClient.newHttpClient();

    private GatewayMain.Running start(Map<String, String> env) throws GatewayMain.Exit {
        return GatewayMain.start(
                new String[] {"--port", "0"},
                env,
                home,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private HttpResponse<String> send(URI base, String method, String path, String body) throws Exception {
        HttpRequest.BodyPublisher publisher =
                body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body);
        return http.send(
                HttpRequest.newBuilder(base.resolve(path))
                        .method(method, publisher)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private List<String> names(HttpResponse<String> listing) throws Exception {
        List<String> names = new ArrayList<>();
        for (JsonNode m : JSON.readTree(listing.body()).path("models")) {
            names.add(m.path("name").asText());
        }
        return names;
    }

    private static String chat(int tokens) {
        return "{\"model\":\"" + TINY + "\",\"stream\":false,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}],"
                + "\"options\":{\"num_predict\":" + tokens + "}}";
    }

    @Test
    void fleet_forwardsChat_answersTagsOnceAndPsPerNode_andRefusesDestructiveCalls() throws Exception {
        try (EmulatorFleet fleet = EmulatorFleet.start(EmulatorConfig.defaults(), 2);
                GatewayMain.Running running =
                        start(Map.of("OLLAMA_ENDPOINTS", fleet.endpoints(), "OLLAMA_CACHE_ENABLED", "false"))) {
            URI gateway = running.gateway.baseUri();
            assertThat(text(out))
                    .contains("-> " + fleet.node(0).baseUri() + ", "
                            + fleet.node(1).baseUri());

            HttpResponse<String> answer = send(gateway, "POST", "/api/chat", chat(3));
            assertThat(answer.statusCode()).isEqualTo(200);
            assertThat(JSON.readTree(answer.body()).path("eval_count").asInt()).isEqualTo(3);

            List<String> oneNode = names(send(fleet.node(0).baseUri(), "GET", "/api/tags", null));
            assertThat(names(send(gateway, "GET", "/api/tags", null)))
                    .as("the union over the nodes, each model once")
                    .containsExactlyElementsOf(oneNode);
            assertThat(names(send(gateway, "GET", "/api/ps", null)))
                    .as("loaded on the node that served the chat")
                    .containsExactly(TINY);

            for (Emulator node : fleet.nodes()) { // load it on the other node too, straight
                send(node.baseUri(), "POST", "/api/generate", "{\"model\":\"" + TINY + "\"}");
            }
            assertThat(names(send(gateway, "GET", "/api/ps", null)))
                    .as("every node's loaded models")
                    .containsExactly(TINY, TINY);
            assertThat(send(gateway, "POST", "/api/show", "{\"model\":\"" + TINY + "\"}")
                            .statusCode())
                    .isEqualTo(200);
            assertThat(send(gateway, "GET", "/api/version", null).body()).contains("0.32.15");
            HttpResponse<String> passedThrough = send(gateway, "GET", "/v1/models", null);
            assertThat(passedThrough.statusCode()).isEqualTo(200);
            assertThat(passedThrough.body()).contains(TINY);

            assertThat(send(gateway, "DELETE", "/api/delete", "{\"model\":\"" + TINY + "\"}")
                            .statusCode())
                    .isEqualTo(403);
            String metrics = send(gateway, "GET", "/metrics", null).body();
            for (Emulator node : fleet.nodes()) {
                assertThat(metrics).contains("ollama_client_node_up{node=\"" + node.baseUri() + "\"} 1");
                assertThat(node.engine().stats().destructiveCalls().values()).allMatch(n -> n == 0);
            }
        }
    }

    @Test
    void malformedEndpoints_exit2NamingTheEntry() {
        assertThatThrownBy(() -> start(Map.of("OLLAMA_ENDPOINTS", "http://127.0.0.1:1,,http://127.0.0.1:2")))
                .isInstanceOfSatisfying(
                        GatewayMain.Exit.class, e -> assertThat(e.status).isEqualTo(2));
        assertThat(text(err))
                .contains("ollama-gateway: 'OLLAMA_ENDPOINTS' entry 2 of 3 is empty")
                .contains("expected comma-separated URLs such as http://node1:11434,http://node2:11434");
    }

    private static String text(ByteArrayOutputStream bytes) {
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
