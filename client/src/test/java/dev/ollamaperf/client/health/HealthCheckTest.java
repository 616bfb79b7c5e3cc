package dev.ollamaperf.client.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ollamaperf.client.OllamaClient;
import dev.ollamaperf.client.config.OllamaClientConfig;
import dev.ollamaperf.emulator.Emulator;
import dev.ollamaperf.emulator.EmulatorConfig;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Startup and health checks against a closed port, an unknown host and the real emulator. */
final class HealthCheckTest {

    private static OllamaClient client(String endpoint, String model) {
        return OllamaClient.builder(OllamaClientConfig.builder()
                        .endpoint(endpoint)
                        .defaultModel(model)
                        .noCache()
                        .build())
                .responseCache(null)
                .build();
    }

    private static int closedPort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort(); // closed once this returns: nothing listens there
        }
    }

    @Test
    @Timeout(20)
    void requireReady_closedPort_failsFastSayingNotRunning() throws Exception {
        int port = closedPort();
        try (OllamaClient client = client("http://127.0.0.1:" + port, "tiny:latest")) {
            long start = System.nanoTime();
            assertThatThrownBy(() -> client.health().requireReady(Duration.ofSeconds(1)))
                    .isInstanceOfSatisfying(NotReadyException.class, e -> {
                        assertThat(e.reason()).isEqualTo(NotReadyException.Reason.NOT_RUNNING);
                        assertThat(e.getMessage())
                                .contains("Ollama is not running at http://127.0.0.1:" + port)
                                .contains("OLLAMA_ENDPOINT");
                    });
            long ms = (System.nanoTime() - start) / 1_000_000;
            assertThat(ms)
                    .as("ms to fail (1 s budget + tolerance for a loaded machine)")
                    .isLessThan(5_000);
            assertThat(client.health().liveness().ok()).isFalse();
        }
    }

    @Test
    @Timeout(20)
    void requireReady_unknownHost_failsAtOnceSayingWrongAddress() {
        try (OllamaClient client = client("http://no-such-host.invalid:11434", "tiny:latest")) {
            assertThatThrownBy(() -> client.health().requireReady(Duration.ofSeconds(5)))
                    .isInstanceOfSatisfying(NotReadyException.class, e -> {
                        assertThat(e.reason()).isEqualTo(NotReadyException.Reason.UNKNOWN_HOST);
                        assertThat(e.getMessage())
                                .contains("no-such-host.invalid")
                                .contains("wrong address");
                    });
        }
    }

    @Test
    @Timeout(20)
    void requireReady_missingModel_listsModelsPresent() throws Exception {
        try (Emulator emulator = Emulator.start(EmulatorConfig.defaults());
                OllamaClient client = client(emulator.baseUri().toString(), "llama9:70b")) {
            assertThatThrownBy(() -> client.health().requireReady(Duration.ofSeconds(2)))
                    .isInstanceOfSatisfying(NotReadyException.class, e -> {
                        assertThat(e.reason()).isEqualTo(NotReadyException.Reason.MODEL_MISSING);
                        assertThat(e.getMessage())
                                .startsWith("model 'llama9:70b' not found on")
                                .contains("present: ")
                                .contains("tiny:latest");
                    });
            HealthStatus ready = client.health().readiness();
            assertThat(ready.ok()).isFalse();
            assertThat(client.health().liveness().ok()).isTrue();
            assertThat(client.health().liveness().detail()).startsWith("Ollama ");
        }
    }

    @Test
    @Timeout(20)
    void requireReady_modelPresent_returnsAndReportsLoadedModels() throws Exception {
        try (Emulator emulator = Emulator.start(EmulatorConfig.defaults());
                OllamaClient client = client(emulator.baseUri().toString(), "tiny")) {
            client.health().requireReady(Duration.ofSeconds(2));
            assertThat(client.health().readiness().ok()).isTrue();
            assertThat(client.health().loadedModels().models()).isEmpty();
        }
    }

    @Test
    @Timeout(20)
    void liveness_withinTtl_isServedFromCache() throws Exception {
        long[] now = {0};
        Emulator emulator = Emulator.start(EmulatorConfig.defaults());
        try (OllamaClient client = OllamaClient.builder(OllamaClientConfig.builder()
                        .endpoint(emulator.baseUri().toString())
                        .noCache()
                        .build())
                .responseCache(null)
                .nanoClock(() -> now[0])
                .healthTtl(Duration.ofSeconds(2))
                .build()) {
            HealthStatus first = client.health().liveness();
            emulator.close(); // the server goes away: only the cached result can still say "ok"
            assertThat(client.health().liveness()).isSameAs(first);
            now[0] += Duration.ofSeconds(3).toNanos();
            assertThat(client.health().liveness().ok()).isFalse();
        } finally {
            emulator.close();
        }
    }
}
