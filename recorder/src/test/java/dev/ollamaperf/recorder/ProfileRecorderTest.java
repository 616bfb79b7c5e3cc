package dev.ollamaperf.recorder;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ollamaperf.emulator.Emulator;
import dev.ollamaperf.emulator.EmulatorConfig;
import dev.ollamaperf.emulator.engine.EngineSettings;
import dev.ollamaperf.emulator.engine.ModelCatalogue;
import dev.ollamaperf.emulator.engine.ModelProfile;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The proof that record-profile measures what it claims: the emulator runs a profile whose every
 * parameter is known, the recorder measures it over HTTP, and each recovered parameter must lie
 * within the tolerance stated here (and in recorder/README.md).
 *
 * <p>Tolerances, and why they hold on a loaded 2-core machine: the emulator's durations are real
 * timer waits, so every figure carries the machine's scheduling lateness (engine p99 up to tens of
 * ms under load, emulator/README.md), which only ever adds time.
 * <ul>
 *   <li>load time 300 ms: 285..420 ms (load_duration also holds the scheduler hand-over);
 *   <li>prompt 2,000 tokens/s: +-15%; overhead 40 ms: +-15 ms (a late prefill timer lands in the
 *       intercept);
 *   <li>a reused prompt token's cost 0 (the emulator's default, llama-server's ideal): at most 0.1 (an
 *       intercept 15 ms off moves it by 0.05 at 600 reused tokens);
 *   <li>generation 60 tokens/s: +-10% (token deadlines chain from the intended ones, so lateness
 *       does not accumulate);
 *   <li>jitter 0.1: 0.04..0.17 (from ~580 gaps between the server's created_at stamps, which the
 *       emulator takes on its event loop, so a busy machine's noise is in them too; measured 0.100..0.113
 *       in three runs at load average 5-8, and 0.064..0.129 with half as many gaps);
 *   <li>serial fraction 0.3: +-0.1 (requests of a round start and end a few ms apart);
 *   <li>the server's 4 slots found from the 5th request queueing;
 *   <li>output length 60 +- 12 tokens from 10 answers: mean within 3 standard errors (48..72), sd 4..22;
 *   <li>size, KV bytes per token, context, details: exact.
 * </ul>
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
final class ProfileRecorderTest {

    static final ModelProfile TRUTH = new ModelProfile(
            "calib:7b",
            "llama",
            "7B",
            "Q4_K_M",
            4_000_000_000L,
            8192,
            131_072,
            Duration.ofMillis(300),
            2000,
            Duration.ofMillis(40),
            60,
            0.1,
            0.3,
            60,
            12,
            List.of("completion", "tools"),
            0,
            "the known truth");

    static final Clock FIXED = Clock.fixed(Instant.parse("2026-11-26T15:00:00Z"), ZoneOffset.UTC);

    private final ByteArrayOutputStream console = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(console, true, StandardCharsets.UTF_8);

    @Test
    void run_knownProfile_recoversEveryParameterWithinTolerance(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("recorded.json");
        try (Emulator emulator = start(TRUTH, 4)) {
            RecorderSettings settings = new RecorderSettings(
                    emulator.baseUri(), List.of("calib:7b"), file, 5, 10, List.of(16, 200, 600), 2, 24, 2, 200);

            ProfileRecorder.Result result = new ProfileRecorder(settings, out, FIXED).run();

            assertThat(result.failure()).as(console()).isNull();
            ModelProfile p = result.profiles().get(0);
            System.out.println(console() + "source: " + p.source()); // the recovered values, for the report
            String why = console() + "\nsource: " + p.source();
            assertThat(p.loadTime()).as(why).isBetween(Duration.ofMillis(285), Duration.ofMillis(420));
            assertThat(p.promptTokensPerSecond()).as(why).isBetween(1700.0, 2300.0);
            assertThat(p.promptOverhead()).as(why).isBetween(Duration.ofMillis(25), Duration.ofMillis(55));
            assertThat(p.cachedPromptTokenCost()).as(why).isBetween(0.0, 0.1);
            assertThat(p.generationTokensPerSecond()).as(why).isBetween(54.0, 66.0);
            assertThat(p.jitter()).as(why).isBetween(0.04, 0.17);
            assertThat(p.serialFraction()).as(why).isBetween(0.2, 0.4);
            assertThat(p.outputTokensMean()).as(why).isBetween(48, 72);
            assertThat(p.outputTokensStdDev()).as(why).isBetween(4, 22);
            assertThat(p.source()).as(why).contains("--num-parallel 4").doesNotContain("NOT MEASURED");
            assertThat(p.name()).isEqualTo(TRUTH.name());
            assertThat(List.of(p.family(), p.parameterSize(), p.quantizationLevel()))
                    .containsExactly("llama", "7B", "Q4_K_M");
            assertThat(p.sizeBytes()).isEqualTo(TRUTH.sizeBytes());
            assertThat(p.kvBytesPerToken()).as(why).isEqualTo(TRUTH.kvBytesPerToken());
            assertThat(p.trainedContextLength()).isEqualTo(TRUTH.trainedContextLength());
            assertThat(p.capabilities()).isEqualTo(TRUTH.capabilities());
            assertThat(ModelCatalogue.load(file).all()).containsExactly(p);
            assertThat(emulator.engine().loadedModels())
                    .as("the model it loaded is unloaded again")
                    .isEmpty();
            assertThat(emulator.engine().stats().destructiveCalls()).isEmpty();
        }
    }

    private String console() {
        return console.toString(StandardCharsets.UTF_8);
    }

    static Emulator start(ModelProfile profile, int numParallel) throws Exception {
        return Emulator.start(EmulatorConfig.of(EngineSettings.builder()
                .catalogue(new ModelCatalogue(List.of(profile)))
                .numParallel(numParallel)
                .build()));
    }
}
