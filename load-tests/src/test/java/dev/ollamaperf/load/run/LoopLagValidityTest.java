package dev.ollamaperf.load.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ollamaperf.emulator.Emulator;
import dev.ollamaperf.emulator.EmulatorConfig;
import dev.ollamaperf.emulator.engine.EngineSettings;
import io.netty.util.concurrent.EventExecutor;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A closed-model run marks itself INVALID, with the numbers, when its stream event loops fell behind (the harness past
 * its own capacity), and not otherwise.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
final class LoopLagValidityTest {

    @Test
    void finish_closedPhaseWhoseStreamLoopsStalled_isInvalidWithTheNumbers(@TempDir Path folder) throws Exception {
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        JsonNode scenario = runOnePhase(folder, console, 400);

        assertThat(scenario.path("status").asText()).isEqualTo("INVALID");
        assertThat(scenario.path("reasons").toString())
                .contains("the harness was past its own capacity: its stream event loops ran more than 100 ms late")
                .contains("ollama.perf.maxLoopLag")
                .containsPattern("the run.s latest (3[5-9]\\d|[4-9]\\d\\d)\\.\\d ms late");
        assertThat(console.toString(StandardCharsets.UTF_8)).contains("WARNING steady: the harness was past its own");
    }

    @Test
    void finish_closedPhaseWhoseStreamLoopsKeptUp_isValid(@TempDir Path folder) throws Exception {
        JsonNode scenario = runOnePhase(folder, new ByteArrayOutputStream(), 0);

        assertThat(scenario.path("reasons").toString()).doesNotContain("capacity");
        assertThat(scenario.path("status").asText()).isEqualTo("VALID");
    }

    /** One closed-model phase with one answer, its stream loops held for {@code stallMillis} (0: not at all). */
    private static JsonNode runOnePhase(Path folder, ByteArrayOutputStream console, long stallMillis) throws Exception {
        try (Emulator emulator = Emulator.start(EmulatorConfig.of(EngineSettings.defaults()))) {
            LoadSettings settings = LoadSettings.from(
                    Map.of("ollama.perf.run", folder.toString(), "ollama.perf.models", "tiny:latest"), Map.of());
            LoadRun run = new LoadRun(
                    settings,
                    LoadTarget.at(emulator.baseUri(), "emulator"),
                    Clock.systemUTC(),
                    new PrintStream(console, true, StandardCharsets.UTF_8));
            LoadRun.Phase phase = run.phase("steady", 0).users(1);
            phase.nextRequest();
            phase.protocol().recorder().recordStart(0);
            // every loop's thread is held at once, as handlers with more lines than they can take would hold it
            List<Future<?>> stalls = new ArrayList<>();
            for (EventExecutor loop : phase.protocol().loops().group()) {
                stalls.add(loop.submit(() -> sleep(stallMillis)));
            }
            for (Future<?> stall : stalls) {
                stall.get();
            }
            sleep(300);
            phase.protocol().recorder().record(LoadRunTest.ok());
            phase.markEnd();
            run.finish();
        }
        return new ObjectMapper()
                .readTree(folder.resolve("load/metrics.json").toFile())
                .path("scenarios")
                .get(0);
    }

    private static Object sleep(long millis) throws InterruptedException {
        Thread.sleep(millis);
        return null;
    }
}
