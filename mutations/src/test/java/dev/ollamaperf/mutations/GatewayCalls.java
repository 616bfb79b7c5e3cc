package dev.ollamaperf.mutations;

import dev.ollamaperf.emulator.Emulator;
import dev.ollamaperf.emulator.EmulatorConfig;
import dev.ollamaperf.emulator.engine.EngineSettings;
import dev.ollamaperf.emulator.engine.ModelCatalogue;
import dev.ollamaperf.emulator.engine.ModelProfile;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The HTTP requests the tests send to a gateway, and the emulator model they go to. */
final class GatewayCalls {

    /** 1,000 tokens/s, no jitter: a 10-token answer streams in about 10 ms. */
    static final ModelProfile FAST = new ModelProfile(
            "fast:latest",
            "llama",
            "3.2B",
            "Q4_K_M",
            2_019_393_189L,
            131_072,
            114_688,
            Duration.ofMillis(20),
            1_000_000,
            Duration.ofMillis(5),
            1000,
            0,
            0,
            40,
            0,
            List.of("completion", "tools"),
            0,
            "mutations test profile");

    /** An emulator holding {@link #FAST}, 4 slots, on an ephemeral loopback port. */
    static Emulator startEmulator() throws IOException {
        return Emulator.start(EmulatorConfig.of(EngineSettings.builder()
                .catalogue(new ModelCatalogue(List.of(FAST)))
                .numParallel(4)
                .build()));
    }

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /**
     * A streamed, deterministic (cacheable) generate of {@code tokens} tokens; returns its status.
     *
     * @param prompt the same prompt twice is the same cache key
     */
    int streamedGenerate(URI gateway, String prompt, int tokens) throws IOException, InterruptedException {
        String body = "{\"model\":\"fast\",\"prompt\":\"" + prompt + "\",\"stream\":true,"
                + "\"options\":{\"num_predict\":" + tokens + ",\"temperature\":0}}";
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(gateway.resolve("/api/generate"))
                        .timeout(Duration.ofSeconds(20))
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        return response.statusCode() == 200 && response.body().contains("\"done\":true")
                ? 200
                : Math.max(response.statusCode(), 599);
    }

    /** The least time of {@code times} identical streamed generates, in nanoseconds (the first warms up). */
    long fastestStream(URI gateway, int tokens, int times) throws IOException, InterruptedException {
        long best = Long.MAX_VALUE;
        for (int i = 0; i < times; i++) {
            long start = System.nanoTime();
            // a new prompt each time: a cache hit would not stream from the model
            int status = streamedGenerate(gateway, "timing " + i + " " + System.nanoTime(), tokens);
            long took = System.nanoTime() - start;
            if (status != 200) {
                throw new IllegalStateException("status " + status);
            }
            best = Math.min(best, took);
        }
        return best;
    }

    /** A counter of the gateway's {@code /metrics}, summed over the cache tiers. */
    long cacheCounter(URI gateway, String name) throws IOException, InterruptedException {
        String text = http.send(
                        HttpRequest.newBuilder(gateway.resolve("/metrics")).build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
        Matcher m =
                Pattern.compile("(?m)^" + name + "\\{tier=\"[a-z]+\"} (\\d+)$").matcher(text);
        long sum = 0;
        boolean found = false;
        while (m.find()) {
            sum += Long.parseLong(m.group(1));
            found = true;
        }
        if (!found) {
            throw new IllegalStateException("no " + name + " in /metrics:\n" + text);
        }
        return sum;
    }
}
