package dev.ollamaperf.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ollamaperf.client.OllamaClient;
import dev.ollamaperf.client.cache.ResponseCache;
import dev.ollamaperf.client.config.OllamaClientConfig;
import dev.ollamaperf.emulator.Emulator;
import dev.ollamaperf.emulator.EmulatorConfig;
import dev.ollamaperf.emulator.engine.EngineSettings;
import dev.ollamaperf.emulator.engine.EngineStats;
import dev.ollamaperf.emulator.engine.ModelCatalogue;
import dev.ollamaperf.emulator.engine.ModelProfile;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A caller that leaves before the first token: the gateway cancels the upstream call (issue 17). */
@Timeout(60)
final class GatewayCancelTest {

    /** A 30 s prefill: the first token comes long after the caller has gone. */
    private static final ModelProfile SLOW_PREFILL = new ModelProfile(
            "prefill:latest",
            "llama",
            "3.2B",
            "Q4_K_M",
            2_019_393_189L,
            131_072,
            114_688,
            Duration.ofMillis(20),
            1_000_000,
            Duration.ofSeconds(30),
            1000,
            0,
            0,
            40,
            0,
            List.of("completion"),
            0,
            "gateway test profile: long prefill");

    @Test
    void callerLeavesBeforeTheFirstToken_upstreamCallIsCancelledPromptly() throws Exception {
        try (Emulator emulator = Emulator.start(EmulatorConfig.of(EngineSettings.builder()
                        .catalogue(new ModelCatalogue(List.of(SLOW_PREFILL)))
                        .build()));
                OllamaClient client = OllamaClient.builder(OllamaClientConfig.builder()
                                .endpoint(emulator.baseUri().toString())
                                .build())
                        .build();
                OllamaGateway gateway = OllamaGateway.start(
                        GatewayConfig.ephemeral(), client, ResponseCache.disabled(), Clock.systemUTC())) {
            for (String path : List.of("/api/generate", "/api/chat", "/v1/chat/completions")) {
                long failedBefore = model(emulator).failed();
                String body = path.equals("/api/generate")
                        ? "{\"model\":\"prefill\",\"prompt\":\"x\"}"
                        : "{\"model\":\"prefill\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}";
                try (Socket caller = new Socket()) {
                    caller.connect(new InetSocketAddress("127.0.0.1", gateway.port()), 5000);
                    OutputStream out = caller.getOutputStream();
                    out.write(("POST " + path + " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                                    + "Content-Length: " + body.length() + "\r\n\r\n" + body)
                            .getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    awaitModel(emulator, m -> m.inFlight() == 1, path + ": prefilling upstream");
                } // the caller leaves, 30 s before the first token

                awaitModel(emulator, m -> m.inFlight() == 0, path + ": the upstream call ended");
                assertThat(model(emulator).failed())
                        .as(path + ": ended as cancelled, not completed")
                        .isEqualTo(failedBefore + 1);
                assertThat(model(emulator).completed()).isZero();
            }
        }
    }

    private static EngineStats.ModelStats model(Emulator emulator) {
        return emulator.engine().stats().models().get("prefill:latest");
    }

    /** Waits up to 5 s (the prefill is 30 s, so meeting it within 5 s means it was cut, not finished). */
    private static void awaitModel(Emulator emulator, Predicate<EngineStats.ModelStats> condition, String what)
            throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!condition.test(model(emulator))) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what + " within 5 s; emulator: " + model(emulator));
            }
            Thread.sleep(20);
        }
    }
}
