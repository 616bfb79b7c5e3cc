package dev.ollamaperf.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ollamaperf.results.FormatFiles;
import dev.ollamaperf.results.TrafficRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code perf load replay}: the trace is checked before anything runs; the options become the scenario's settings. */
@Timeout(60)
final class LoadReplayCommandTest {

    @TempDir
    Path dir;

    private PerfHarness perf;

    @BeforeEach
    void checkout() {
        perf = new PerfHarness(dir.resolve("checkout"));
    }

    private Path trace() throws IOException {
        Path trace = dir.resolve("traffic.jsonl");
        TrafficRecord line = new TrafficRecord(
                1,
                "2026-12-07T10:00:00.000Z",
                "/api/chat",
                "llama3.2:latest",
                true,
                TrafficRecord.TrafficOptions.NONE,
                10L,
                5L,
                1,
                "0123456789abcdef",
                "llama3.2:latest",
                false,
                "ok",
                200,
                1.0,
                2.0,
                null);
        FormatFiles.writeTraffic(List.of(line), trace);
        return trace;
    }

    @Test
    void replay_noTrace_exitsTwoSayingItIsRequired() {
        assertThat(perf.run("load", "replay", "--run", dir.resolve("run").toString()))
                .isEqualTo(2);
        assertThat(perf.err()).contains("perf load replay: --trace FILE is required");
        assertThat(perf.children().started()).isEmpty();
    }

    @Test
    void replay_malformedLine_exitsTwoNamingTheLineAndRunsNothing() throws IOException {
        Path trace = trace();
        Files.writeString(trace, Files.readString(trace) + "{\"v\":1,\"arrival\":\"yesterday\"}\n");

        int status = perf.run(
                "load",
                "replay",
                "--trace",
                trace.toString(),
                "--run",
                dir.resolve("run").toString());

        assertThat(status).isEqualTo(2);
        assertThat(perf.err()).contains("perf load replay: --trace " + trace + ":2: ");
        assertThat(perf.children().started()).isEmpty();
        assertThat(dir.resolve("run")).doesNotExist();
    }

    @Test
    void replay_options_becomeTheScenariosSettingsWithTheTracesModels() throws IOException {
        Path trace = trace();
        succeeds();

        int status = perf.run(
                "load",
                "replay",
                "--trace",
                trace.toString(),
                "--speed",
                "2",
                "--limit",
                "10m",
                "--model-map",
                "llama3.2:latest=qwen2.5:0.5b",
                "--run",
                dir.resolve("run").toString());

        assertThat(status).as(perf.output()).isZero();
        FakeChild replay = replayChild();
        assertThat(replay.setting("replay.trace")).contains(trace.toString());
        assertThat(replay.setting("replay.speed")).contains("2");
        assertThat(replay.setting("replay.limit")).contains("10m");
        assertThat(replay.setting("replay.modelMap")).contains("llama3.2:latest=qwen2.5:0.5b");
        assertThat(replay.setting("models")).contains("qwen2.5:0.5b");
    }

    @Test
    void replay_azureTrace_runsWithTheModelGivenByModel() throws IOException {
        Path trace = dir.resolve("azure.csv");
        Files.writeString(trace, "TIMESTAMP,ContextTokens,GeneratedTokens\n2023-11-16 18:15:46.6805900,374,44\n");
        succeeds();

        int status = perf.run(
                "load",
                "replay",
                "--trace",
                trace.toString(),
                "--model",
                "qwen2.5:0.5b",
                "--run",
                dir.resolve("run").toString());

        assertThat(status).as(perf.output()).isZero();
        FakeChild replay = replayChild();
        assertThat(replay.setting("replay.trace")).contains(trace.toString());
        assertThat(replay.setting("models")).contains("qwen2.5:0.5b");
    }

    @Test
    void steady_withTrace_exitsTwoSayingTheOptionIsForReplay() throws IOException {
        assertThat(perf.run("load", "steady", "--trace", trace().toString())).isEqualTo(2);
        assertThat(perf.err()).contains("are for the replay scenario, not steady");
    }

    @Test
    void replay_paired_exitsTwoBeforeAnythingRuns() throws IOException {
        assertThat(perf.run("load", "replay", "--trace", trace().toString(), "-Dollama.perf.mode=paired"))
                .isEqualTo(2);
        assertThat(perf.err()).contains("cannot split a trace's arrivals in two");
        assertThat(perf.children().started()).isEmpty();
    }

    @Test
    void replay_badSpeed_exitsTwo() throws IOException {
        assertThat(perf.run("load", "replay", "--trace", trace().toString(), "--speed", "fast"))
                .isEqualTo(2);
        assertThat(perf.err()).contains("--speed must be a number between 0.01 and 1000, got: 'fast'");
    }

    private void succeeds() {
        perf.children().on("replay", child -> {
            child.writeResults();
            return 0;
        });
    }

    private FakeChild replayChild() {
        return perf.children().started().stream()
                .filter(c -> c.commandLine().contains(Scenario.REPLAY.simulation()))
                .findFirst()
                .orElseThrow();
    }
}
