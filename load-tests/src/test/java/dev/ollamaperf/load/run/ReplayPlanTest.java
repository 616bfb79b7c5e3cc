package dev.ollamaperf.load.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ollamaperf.load.protocol.OllamaApi;
import dev.ollamaperf.load.protocol.OllamaRequest;
import dev.ollamaperf.results.FormatFiles;
import dev.ollamaperf.results.TrafficRecord;
import dev.ollamaperf.results.TrafficRecord.TrafficOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Planning a replay from a trace: offsets, speed, limit, model map, token shapes and sessions; bad traces. */
@Timeout(30)
final class ReplayPlanTest {

    @TempDir
    Path dir;

    private static TrafficRecord line(
            String arrival, String endpoint, String model, Long prompt, Long output, Integer messages, String session) {
        return new TrafficRecord(
                1,
                arrival,
                endpoint,
                model,
                true,
                new TrafficOptions(64L, 2048L, 0.0, 7L),
                prompt,
                output,
                messages,
                session,
                model,
                false,
                "ok",
                200,
                1.0,
                2.0,
                null);
    }

    /** Written out of order, as a log is (lines are written when answers end). */
    private static final List<TrafficRecord> TRACE = List.of(
            line("2026-12-07T10:00:01.500Z", "/api/chat", "a", 40L, 7L, 4, "s1"),
            line("2026-12-07T10:00:00.000Z", "/api/chat", "a", 20L, 5L, 2, "s1"),
            line("2026-12-07T10:00:00.250Z", "/api/embed", "e", 3L, null, null, null),
            line("2026-12-07T10:00:00.750Z", "/api/generate", "b", 9L, 3L, 1, "s2"));

    private static ReplaySettings settings(double speed, Duration limit, Map<String, String> map) {
        return new ReplaySettings(Path.of("trace.jsonl"), speed, limit, map);
    }

    @Test
    void of_trace_sortsByArrivalSkipsEmbeddingsAndKeepsShapes() {
        ReplayPlan plan = ReplayPlan.of(TRACE, settings(1, Duration.ZERO, Map.of()), "d", 64, 64);

        assertThat(plan.requests())
                .extracting(ReplayPlan.Planned::offset)
                .containsExactly(Duration.ZERO, Duration.ofMillis(750), Duration.ofMillis(1500));
        assertThat(plan.skippedEmbeddings()).isEqualTo(1);
        OllamaRequest first = plan.requests().get(0).request();
        assertThat(first.api()).isEqualTo(OllamaApi.CHAT);
        assertThat(first.numPredict()).isEqualTo(5);
        assertThat(first.numCtx()).isEqualTo(2048);
        assertThat(first.seed()).isEqualTo(7L);
        assertThat(plan.requests().get(1).request().api()).isEqualTo(OllamaApi.GENERATE);
        assertThat(plan.requests())
                .allSatisfy(p -> assertThat(emulatorTokens(p.request()))
                        .isEqualTo(p.source().promptTokens()));
        assertThat(plan.models()).containsExactly("a", "b");
    }

    @Test
    void of_laterTurnOfASession_startsWithTheEarlierTurnsMessages() {
        ReplayPlan plan = ReplayPlan.of(TRACE, settings(1, Duration.ZERO, Map.of()), "d", 64, 64);

        List<OllamaRequest.Message> turn1 = plan.requests().get(0).request().messages();
        List<OllamaRequest.Message> turn2 = plan.requests().get(2).request().messages();
        assertThat(turn1).hasSize(2);
        assertThat(turn2).hasSize(4).startsWith(turn1.toArray(OllamaRequest.Message[]::new));
        assertThat(turn2.get(3).role()).isEqualTo("user");
    }

    @Test
    void of_speedLimitAndModelMap_divideOffsetsCutAndRename() {
        ReplayPlan plan = ReplayPlan.of(TRACE, settings(2, Duration.ofMillis(700), Map.of("a", "a2")), "d", 64, 64);

        assertThat(plan.requests())
                .extracting(ReplayPlan.Planned::offset)
                .containsExactly(Duration.ZERO, Duration.ofMillis(375));
        assertThat(plan.beyondLimit()).isEqualTo(1);
        assertThat(plan.models()).containsExactly("a2", "b");
    }

    @Test
    void read_malformedLine_namesTheFileAndTheLine() throws IOException {
        Path trace = dir.resolve("t.jsonl");
        Files.writeString(trace, FormatFiles.trafficLine(TRACE.get(0)) + "\n{\"v\":1}\n");

        assertThatThrownBy(() -> ReplayPlan.read(new ReplaySettings(trace, 1, Duration.ZERO, Map.of()), "d", 64, 64))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("the trace " + trace + ":2: ");
    }

    @Test
    void read_onlyEmbeddings_isRefusedSayingWhy() throws IOException {
        Path trace = dir.resolve("t.jsonl");
        FormatFiles.writeTraffic(List.of(TRACE.get(2)), trace);

        assertThatThrownBy(() -> ReplayPlan.read(new ReplaySettings(trace, 1, Duration.ZERO, Map.of()), "d", 64, 64))
                .hasMessageContaining("has no chat, generate or /v1/chat/completions line")
                .hasMessageContaining("1 embeddings");
    }

    @Test
    void read_azureTrace_asksTheDefaultModelMappedWithTheRowsTokens() throws IOException {
        Path trace = dir.resolve("azure.csv");
        Files.writeString(
                trace,
                "TIMESTAMP,ContextTokens,GeneratedTokens\n2023-11-16 18:15:46.6805900,374,44\n"
                        + "2023-11-16 18:15:50.9951690,396,109\n");

        ReplayPlan plan = ReplayPlan.read(new ReplaySettings(trace, 1, Duration.ZERO, Map.of("d", "d2")), "d", 64, 64);

        assertThat(plan.requests())
                .extracting(ReplayPlan.Planned::offset)
                .containsExactly(Duration.ZERO, Duration.ofMillis(4315));
        assertThat(plan.requests()).extracting(p -> p.request().numPredict()).containsExactly(44, 109);
        assertThat(plan.requests()).extracting(p -> emulatorTokens(p.request())).containsExactly(374L, 396L);
        assertThat(plan.models()).containsExactly("d2");
    }

    @Test
    void from_properties_readsEverySettingAndRefusesBadOnes() {
        ReplaySettings s = ReplaySettings.from(Map.of(
                ReplaySettings.TRACE, "x.jsonl",
                ReplaySettings.SPEED, "2",
                ReplaySettings.LIMIT, "10m",
                ReplaySettings.MODEL_MAP, "a=b, c=d"));

        assertThat(s.speed()).isEqualTo(2.0);
        assertThat(s.limit()).isEqualTo(Duration.ofMinutes(10));
        assertThat(s.modelMap()).containsEntry("a", "b").containsEntry("c", "d");
        assertThatThrownBy(() -> ReplaySettings.from(Map.of())).hasMessageContaining("'ollama.perf.replay.trace'");
        assertThatThrownBy(() -> ReplaySettings.from(Map.of(ReplaySettings.TRACE, "x", ReplaySettings.SPEED, "0")))
                .hasMessage("'ollama.perf.replay.speed' must be between 0.01 and 1000, got: 0.0");
        assertThatThrownBy(() -> ReplaySettings.from(Map.of(ReplaySettings.TRACE, "x", ReplaySettings.MODEL_MAP, "a")))
                .hasMessageContaining("must be RECORDED=REPLAYED pairs");
    }

    /** The emulator's estimate: the contents joined by newlines, a token per four characters rounded up. */
    private static long emulatorTokens(OllamaRequest request) {
        String joined = String.join(
                "\n",
                request.messages().stream().map(OllamaRequest.Message::content).toList());
        return Math.max(1, (joined.length() + 3) / 4);
    }
}
