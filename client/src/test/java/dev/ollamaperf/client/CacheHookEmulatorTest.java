package dev.ollamaperf.client;

import static dev.ollamaperf.client.EmulatorFixture.TINY;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ollamaperf.client.api.ChatMessage;
import dev.ollamaperf.client.api.ChatRequest;
import dev.ollamaperf.client.api.ChatResponse;
import dev.ollamaperf.client.api.GenerateRequest;
import dev.ollamaperf.client.api.GenerateResponse;
import dev.ollamaperf.client.api.Options;
import dev.ollamaperf.emulator.Emulator;
import dev.ollamaperf.emulator.engine.EngineSettings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The response cache plugged into the client (its SQLite file in a temp dir), against the emulator. */
final class CacheHookEmulatorTest {

    private static final Options DETERMINISTIC =
            Options.builder().temperature(0.0).numPredict(6).build();

    private static long requests(Emulator emulator) {
        return EmulatorFixture.stats(emulator, TINY).requests();
    }

    @Test
    @Timeout(30)
    void generate_deterministicRepeat_isServedFromCacheWithoutReachingServer(@TempDir Path dir) {
        try (Emulator emulator = EmulatorFixture.start(EngineSettings.defaults());
                OllamaClient client = OllamaClient.create(EmulatorFixture.config(emulator)
                        .cachePath(dir.resolve("responses.db"))
                        .build())) {
            GenerateRequest request = GenerateRequest.builder(TINY)
                    .prompt("cache me")
                    .options(DETERMINISTIC)
                    .build();
            GenerateResponse first = client.generate(request);
            long afterFirst = requests(emulator);
            GenerateResponse second = client.generate(request);
            assertThat(requests(emulator)).isEqualTo(afterFirst);
            assertThat(second.response()).isEqualTo(first.response());
            assertThat(second.metrics()).isEqualTo(first.metrics());

            List<String> replayed = new ArrayList<>();
            StreamAggregate streamed = client.generate(request, (c, t) -> replayed.add(c.response()));
            assertThat(requests(emulator)).isEqualTo(afterFirst);
            assertThat(streamed.text()).isEqualTo(first.response()).isEqualTo(String.join("", replayed));
            assertThat(streamed.done()).isTrue();
            var tiers = client.metrics().snapshot().cacheTiers();
            assertThat(tiers.get("memory").hits()).as("memory hits").isEqualTo(2);
            assertThat(tiers.get("memory").hitRatio()).isGreaterThan(0.5);
        }
    }

    @Test
    @Timeout(30)
    void chat_streamedThenRepeated_replaysStoredStream(@TempDir Path dir) {
        try (Emulator emulator = EmulatorFixture.start(EngineSettings.defaults());
                OllamaClient client = OllamaClient.create(EmulatorFixture.config(emulator)
                        .cachePath(dir.resolve("responses.db"))
                        .build())) {
            ChatRequest request = ChatRequest.builder(TINY)
                    .messages(List.of(ChatMessage.user("hello")))
                    .options(DETERMINISTIC)
                    .build();
            StreamAggregate live = client.chat(request, (c, t) -> {});
            long afterFirst = requests(emulator);
            List<ChatResponse> chunks = new ArrayList<>();
            StreamAggregate replay = client.chat(request, (c, t) -> chunks.add(c));
            assertThat(requests(emulator)).isEqualTo(afterFirst);
            assertThat(replay.text()).isEqualTo(live.text());
            assertThat(chunks.get(chunks.size() - 1).done()).isTrue();
            assertThat(client.chat(request).message().content()).isEqualTo(live.text());
        }
    }

    @Test
    @Timeout(30)
    void generate_samplingRequest_isNotCached(@TempDir Path dir) {
        try (Emulator emulator = EmulatorFixture.start(EngineSettings.defaults());
                OllamaClient client = OllamaClient.create(EmulatorFixture.config(emulator)
                        .cachePath(dir.resolve("responses.db"))
                        .build())) {
            GenerateRequest request = GenerateRequest.builder(TINY)
                    .prompt("random")
                    .options(Options.builder().numPredict(3).build())
                    .build();
            client.generate(request);
            long afterFirst = requests(emulator);
            client.generate(request);
            assertThat(requests(emulator)).isEqualTo(afterFirst + 1);
        }
    }

    @Test
    @Timeout(30)
    void chat_sampledRequest_isNeitherLookedUpNorStored(@TempDir Path dir) {
        try (Emulator emulator = EmulatorFixture.start(EngineSettings.defaults());
                OllamaClient client = OllamaClient.create(EmulatorFixture.config(emulator)
                        .cachePath(dir.resolve("responses.db"))
                        .build())) {
            ChatRequest sampled = ChatRequest.builder(TINY)
                    .messages(List.of(ChatMessage.user("surprise me")))
                    .options(Options.builder().temperature(0.9).numPredict(4).build())
                    .build();
            client.chat(sampled);
            client.chat(sampled, (c, t) -> {});
            var tiers = client.metrics().snapshot().cacheTiers();
            assertThat(requests(emulator)).isEqualTo(2);
            assertThat(tiers.get("memory").hits() + tiers.get("memory").misses())
                    .as("memory lookups")
                    .isZero();
            assertThat(tiers.get("sqlite").hits() + tiers.get("sqlite").misses())
                    .as("SQLite lookups")
                    .isZero();
        }
    }

    @Test
    @Timeout(30)
    void chat_replayedHit_handsTheListenerTheOriginalStreamsChunks(@TempDir Path dir) {
        try (Emulator emulator = EmulatorFixture.start(EngineSettings.defaults());
                OllamaClient client = OllamaClient.create(EmulatorFixture.config(emulator)
                        .cachePath(dir.resolve("responses.db"))
                        .build())) {
            ChatRequest request = ChatRequest.builder(TINY)
                    .messages(List.of(ChatMessage.user("say something")))
                    .options(DETERMINISTIC)
                    .build();
            List<ChatResponse> original = new ArrayList<>();
            StreamAggregate live = client.chat(request, (c, t) -> original.add(c));
            long afterFirst = requests(emulator);
            List<ChatResponse> replayed = new ArrayList<>();
            StreamAggregate replay = client.chat(request, (c, t) -> replayed.add(c));
            assertThat(requests(emulator)).isEqualTo(afterFirst);
            // Only the timestamps differ: a replay is stamped with the time it is served.
            assertThat(withoutTimestamps(replayed)).isEqualTo(withoutTimestamps(original));
            assertThat(replay.text()).isEqualTo(live.text());
            assertThat(replay.metrics()).isEqualTo(live.metrics());
            assertThat(replay.doneReason()).isEqualTo(live.doneReason());
            assertThat(replay.chunkCount()).isEqualTo(live.chunkCount());
            assertThat(replay.contentChunkCount()).isEqualTo(live.contentChunkCount());
        }
    }

    private static List<ChatResponse> withoutTimestamps(List<ChatResponse> chunks) {
        List<ChatResponse> out = new ArrayList<>();
        for (ChatResponse c : chunks) {
            out.add(new ChatResponse(c.model(), "", c.message(), c.done(), c.doneReason(), c.metrics()));
        }
        return out;
    }
}
