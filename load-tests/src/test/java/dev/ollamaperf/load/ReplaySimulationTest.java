package dev.ollamaperf.load;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ollamaperf.client.OllamaClient;
import dev.ollamaperf.client.cache.ResponseCache;
import dev.ollamaperf.client.config.OllamaClientConfig;
import dev.ollamaperf.emulator.Emulator;
import dev.ollamaperf.gateway.CacheHitProbe;
import dev.ollamaperf.gateway.GatewayConfig;
import dev.ollamaperf.gateway.OllamaGateway;
import dev.ollamaperf.gateway.TrafficLog;
import dev.ollamaperf.gateway.TrafficLogSettings;
import dev.ollamaperf.load.simulations.ReplaySimulation;
import dev.ollamaperf.results.FormatFiles;
import dev.ollamaperf.results.TrafficRecord;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The round trip: a gateway records a short run in a traffic log; the replay scenario sends that trace through a
 * second recording gateway to the same emulator; the second log must hold the same requests, at the same offsets
 * (within {@link #OFFSET_TOLERANCE}), to the same models, with the same token counts and message counts, and with
 * the turns of a conversation still sharing a session.
 */
@ExtendWith(ClearsLoadSettings.class)
final class ReplaySimulationTest {

    /**
     * How far a replayed request's offset from the first may be from the recorded one: Gatling schedules users to
     * the millisecond, and a loaded 2-core machine delays a thread by some tens of milliseconds.
     */
    static final Duration OFFSET_TOLERANCE = Duration.ofMillis(150);

    private static final String SYSTEM = "{\"role\":\"system\",\"content\":\"You answer in one line.\"}";
    private static final String FIRST = "{\"role\":\"user\",\"content\":\"What is a cache for?\"}";

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void replay_recordedTrace_sendsTheSameRequestsAtTheRecordedOffsets(@TempDir Path dir) throws Exception {
        try (Emulator emulator = SimulationsTest.start(4)) {
            Path recorded = dir.resolve("recorded.jsonl");
            try (Recording production = new Recording(emulator, recorded)) {
                production.warmUp();
                production.send(production.at(0), "/api/chat", chat("a:latest", "[" + SYSTEM + "," + FIRST + "]", 3));
                production.send(
                        production.at(400),
                        "/api/generate",
                        "{\"model\":\"b:latest\",\"prompt\":\"Name three colours, please.\",\"stream\":false,"
                                + "\"options\":{\"num_predict\":4}}");
                production.send(
                        production.at(800),
                        "/api/chat",
                        chat(
                                "a:latest",
                                "[" + SYSTEM + "," + FIRST
                                        + ",{\"role\":\"assistant\",\"content\":\"To keep answers.\"},"
                                        + "{\"role\":\"user\",\"content\":\"And when is it wrong to use one?\"}]",
                                2));
                production.send(
                        production.at(1200),
                        "/api/chat",
                        chat(
                                "b:latest",
                                "[{\"role\":\"user\",\"content\":\"Summarise the plot of a long novel.\"}]",
                                6));
            }
            List<TrafficRecord> trace = byArrival(withoutWarmUp(FormatFiles.readTraffic(recorded)));
            assertThat(trace).hasSize(4).allSatisfy(l -> assertThat(l.outcome()).isEqualTo("ok"));
            FormatFiles.writeTraffic(trace, recorded);

            Path replayedLog = dir.resolve("replayed.jsonl");
            try (Recording replayGateway = new Recording(emulator, replayedLog)) {
                JsonNode scenarios = SimulationsTest.run(
                        emulator,
                        ReplaySimulation.class,
                        dir.resolve("run"),
                        Map.of(
                                "ollama.perf.endpoint",
                                replayGateway.uri().toString(),
                                "ollama.perf.models",
                                "a:latest,b:latest",
                                "ollama.perf.warmUp",
                                "1",
                                "ollama.perf.replay.trace",
                                recorded.toString()));
                assertThat(SimulationsTest.names(scenarios)).containsExactly("replay");
                long ok = 0;
                for (JsonNode model : scenarios.get(0).path("models")) {
                    ok += model.path("counters").path("ok").asLong();
                }
                assertThat(ok).as("requests answered, all models").isEqualTo(4);
            }
            // the replay's warm-up (one request per model, ollama.perf.numPredict 5) went through the gateway first
            List<TrafficRecord> replayed = withoutWarmUp(FormatFiles.readTraffic(replayedLog));

            assertThat(replayed).hasSize(trace.size());
            // matched by what they ask (each recorded request asks its own output length), not by arrival order:
            // requests due close together may reach the gateway in either order
            List<TrafficRecord> matched = trace.stream()
                    .map(was -> replayed.stream()
                            .filter(is -> is.endpoint().equals(was.endpoint())
                                    && is.model().equals(was.model())
                                    && was.outputTokens().equals(is.options().numPredict()))
                            .findFirst()
                            .orElseThrow(() -> new AssertionError("not replayed: " + was)))
                    .toList();
            for (int i = 0; i < trace.size(); i++) {
                TrafficRecord was = trace.get(i);
                TrafficRecord is = matched.get(i);
                assertThat(is.endpoint()).as("line %d endpoint", i).isEqualTo(was.endpoint());
                assertThat(is.model()).as("line %d model", i).isEqualTo(was.model());
                assertThat(is.stream()).as("line %d stream", i).isEqualTo(was.stream());
                assertThat(is.outputTokens()).as("line %d output tokens", i).isEqualTo(was.outputTokens());
                assertThat(is.promptTokens()).as("line %d prompt tokens", i).isEqualTo(was.promptTokens());
                assertThat(is.messageCount()).as("line %d messages", i).isEqualTo(was.messageCount());
                Duration drift = offset(matched, i).minus(offset(trace, i)).abs();
                assertThat(drift).as("line %d offset drift", i).isLessThanOrEqualTo(OFFSET_TOLERANCE);
            }
            assertThat(matched.get(2).session()).isEqualTo(matched.get(0).session());
            assertThat(matched.get(3).session()).isNotEqualTo(matched.get(0).session());
        }
    }

    /** Output tokens of the warm-up requests on both sides (SimulationsTest.run's numPredict), none of the trace's. */
    private static final long WARM_UP_TOKENS = 5;

    private static List<TrafficRecord> withoutWarmUp(List<TrafficRecord> lines) {
        return lines.stream()
                .filter(l -> !Long.valueOf(WARM_UP_TOKENS).equals(l.options().numPredict()))
                .toList();
    }

    private static String chat(String model, String messages, int numPredict) {
        return "{\"model\":\"" + model + "\",\"messages\":" + messages + ",\"options\":{\"num_predict\":" + numPredict
                + "}}";
    }

    private static List<TrafficRecord> byArrival(List<TrafficRecord> lines) {
        List<TrafficRecord> sorted = new ArrayList<>(lines);
        sorted.sort(Comparator.comparing(l -> Instant.parse(l.arrival())));
        return sorted;
    }

    private static Duration offset(List<TrafficRecord> lines, int i) {
        return Duration.between(
                Instant.parse(lines.get(0).arrival()),
                Instant.parse(lines.get(i).arrival()));
    }

    /** A gateway in front of the emulator, without a response cache, logging its traffic to a file. */
    private static final class Recording implements AutoCloseable {
        private final OllamaClient client;
        private final TrafficLog log;
        private final OllamaGateway gateway;
        private final HttpClient http = HttpClient.newHttpClient();
        private final List<CompletableFuture<HttpResponse<String>>> sent = new ArrayList<>();
        private long start = -1;

        Recording(Emulator emulator, Path file) throws IOException {
            ResponseCache cache = new CacheHitProbe(ResponseCache.disabled());
            client = OllamaClient.builder(OllamaClientConfig.builder()
                            .endpoint(emulator.baseUri().toString())
                            .build())
                    .responseCache(cache)
                    .build();
            log = TrafficLog.open(new TrafficLogSettings(file, false), Clock.systemUTC(), System.err);
            gateway = OllamaGateway.start(GatewayConfig.ephemeral(), client, cache, Clock.systemUTC(), log);
        }

        /**
         * One request to each model, before the recorded ones: the gateway's first model call pays its cold path
         * (class loading, first connections), which would delay the first recorded arrival; its line is dropped.
         */
        void warmUp() {
            for (String model : List.of("a:latest", "b:latest")) {
                HttpResponse<String> answer = http.sendAsync(
                                HttpRequest.newBuilder(gateway.baseUri().resolve("/api/chat"))
                                        .POST(HttpRequest.BodyPublishers.ofString(
                                                chat(model, "[" + FIRST + "]", (int) WARM_UP_TOKENS)))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString())
                        .join();
                assertThat(answer.statusCode()).isEqualTo(200);
            }
        }

        URI uri() {
            return gateway.baseUri();
        }

        /** Waits until {@code millis} after the first call; returns the caller. */
        Recording at(long millis) throws InterruptedException {
            if (start < 0) {
                start = System.nanoTime();
            }
            long wait = start + millis * 1_000_000 - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            return this;
        }

        void send(Recording when, String path, String body) {
            sent.add(when.http.sendAsync(
                    HttpRequest.newBuilder(gateway.baseUri().resolve(path))
                            .POST(HttpRequest.BodyPublishers.ofString(body))
                            .build(),
                    HttpResponse.BodyHandlers.ofString()));
        }

        @Override
        public void close() {
            sent.forEach(f -> assertThat(f.join().statusCode()).isEqualTo(200));
            gateway.close();
            client.close();
            log.close();
        }
    }
}
