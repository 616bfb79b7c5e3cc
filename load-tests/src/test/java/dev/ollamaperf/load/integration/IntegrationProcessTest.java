package dev.ollamaperf.load.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ollamaperf.emulator.Emulator;
import dev.ollamaperf.emulator.EmulatorConfig;
import dev.ollamaperf.emulator.engine.EngineSettings;
import dev.ollamaperf.results.IntegrationMetrics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The integration in a JVM of its own, driven over its standard input, in front of a real emulator. */
final class IntegrationProcessTest {

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void window_aroundRequestsThroughIt_measuresItsMemoryAndCacheAndItStopsOnClose() throws Exception {
        try (Emulator emulator = Emulator.start(EmulatorConfig.of(EngineSettings.defaults()))) {
            IntegrationProcess integration = IntegrationProcess.start(
                    emulator.baseUri(),
                    Map.of("OLLAMA_CACHE_PATH", dir.resolve("cache.db").toString()),
                    List.of("-Xmx128m"),
                    dir.resolve("integration.log"));
            try {
                chat(integration.baseUri()); // before the window: not counted
                integration.openWindow();
                for (int i = 0; i < 3; i++) {
                    chat(integration.baseUri()); // the same deterministic request: a miss, then hits
                }
                IntegrationReply reply = integration.closeWindow();

                IntegrationMetrics.JvmMemory memory = reply.memory();
                assertThat(memory.allocatedBytes()).isPositive();
                assertThat(memory.heapAfterGcEndBytes()).isPositive().isLessThanOrEqualTo(128L << 20);
                assertThat(memory.threadsPeak()).isPositive();
                assertThat(memory.samples()).isNotEmpty();
                assertThat(memory.rssPeakBytes())
                        .as("Linux reports the resident set")
                        .isPositive();
                assertThat(reply.cacheLookups()).isEqualTo(3);
                assertThat(reply.cacheHits()).isBetween(2L, 3L);
                assertThat(reply.prometheus()).contains("hit");
            } finally {
                integration.close();
            }
            assertThat(integration.alive()).isFalse();
            assertThat(emulator.engine().stats().destructiveCalls()).isEmpty();
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void start_badApplicationSetting_failsWithTheIntegrationsOwnMessage() {
        assertThatThrownBy(() -> IntegrationProcess.start(
                        URI.create("http://127.0.0.1:9"),
                        Map.of("OLLAMA_MAX_CONCURRENT", "many"),
                        List.of(),
                        dir.resolve("integration.log")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("its log")
                .hasMessageContaining("OLLAMA_MAX_CONCURRENT");
    }

    private static void chat(URI gateway) throws Exception {
        String body = "{\"model\":\"llama3.2:latest\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],"
                + "\"stream\":true,\"options\":{\"seed\":7,\"num_predict\":4}}";
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(gateway.resolve("/api/chat"))
                                .POST(HttpRequest.BodyPublishers.ofString(body))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }
}
