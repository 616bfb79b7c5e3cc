package dev.ollamaperf.recorder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.ollamaperf.client.api.ModelInfo;
import dev.ollamaperf.client.api.ShowResponse;
import dev.ollamaperf.emulator.engine.ModelProfile;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The prefill figures of {@link ProfileAssembler} on a synthetic measurement shaped like a real
 * llama-server (docs/ollama-api.md §3.7): prompt_eval_duration holds only the batch time (5 ms a token,
 * intercept 0), the server spends 80 ms more before the first token outside it (template, tokenizer),
 * the transport adds 2 ms, and a decode step takes 50 ms. The emulator replays TTFT as overhead + tokens
 * / rate + one decode step + its own transport, so the overhead that reproduces the real TTFT is
 * 0 + 80 + 2 - 2 - 50 = 30 ms, where the intercept alone gives 0 (the 0 ms issue 14 recorded).
 */
final class ProfileAssemblerTest {

    private static final long MS = 1_000_000L;
    private static final long TOKEN = 5 * MS;
    private static final long SERVER_OUTSIDE = 80 * MS;
    private static final long TRANSPORT = 2 * MS;
    private static final long DECODE_STEP = 50 * MS;

    @Test
    void assemble_realServerShapedPrefill_overheadReproducesTheTtftNotJustTheIntercept() {
        ModelProfile p = assemble(List.of());

        assertThat(p.promptTokensPerSecond()).isCloseTo(200, within(0.1));
        assertThat(p.promptOverhead()).isEqualTo(Duration.ofMillis(30));
        long replayedTtft = p.promptOverhead().toNanos() + 256 * TOKEN + DECODE_STEP + TRANSPORT;
        assertThat(replayedTtft).as("the emulator's TTFT of a 256-token prompt").isEqualTo(ttft(256));
    }

    @Test
    void assemble_cacheRoundsWithResidualCost_recoversTheCostOfAReusedToken() {
        // a 1,024-token prefix sent again with 32 new tokens: the 1,023 reused ones cost a tenth of a new one
        List<CacheRound> rounds = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            rounds.add(new CacheRound(
                    prefill(1024, 1024 * TOKEN),
                    prefill(1056, 33 * TOKEN + 1023 * TOKEN / 10),
                    prefill(1056, 1056 * TOKEN)));
        }

        ModelProfile p = assemble(rounds);

        assertThat(p.cachedPromptTokenCost()).isCloseTo(0.1, within(0.001));
        assertThat(p.source()).contains("a reused token costs 0.100 of a new one");
    }

    @Test
    void assemble_cacheRoundsWithoutReuse_costIsOneAndTheSourceSaysSo() {
        List<CacheRound> rounds = List.of(
                new CacheRound(prefill(1024, 1024 * TOKEN), prefill(1056, 1056 * TOKEN), prefill(1056, 1056 * TOKEN)),
                new CacheRound(prefill(1024, 1024 * TOKEN), prefill(1056, 1056 * TOKEN), prefill(1056, 1056 * TOKEN)));

        ModelProfile p = assemble(rounds);

        assertThat(p.cachedPromptTokenCost()).isEqualTo(1.0);
        assertThat(p.source()).contains("reused (almost) nothing");
    }

    @Test
    void assemble_noCacheRounds_cachedTokensFreeAndNotMeasured() {
        ModelProfile p = assemble(List.of());

        assertThat(p.cachedPromptTokenCost()).isZero();
        assertThat(p.source()).contains("Prompt cache: NOT MEASURED");
    }

    private static ModelProfile assemble(List<CacheRound> cache) {
        List<Sample> prompts = new ArrayList<>();
        for (int tokens : new int[] {32, 256, 1024}) {
            for (int i = 0; i < 3; i++) {
                prompts.add(prefill(tokens, tokens * TOKEN));
            }
        }
        List<Sample> generation = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            generation.add(new Sample(
                    ttft(32),
                    ttft(32) + 99 * DECODE_STEP,
                    new long[0],
                    0,
                    32,
                    32 * TOKEN,
                    100,
                    100 * DECODE_STEP,
                    0,
                    "stop",
                    new long[0]));
        }
        ModelMeasurement m = new ModelMeasurement(
                new ModelInfo("real:1b", "real:1b", "", 1000, "d", null, null),
                new ShowResponse(null, null, null, null, null, null, null, null, null),
                List.of(),
                prompts,
                cache,
                generation,
                BatchingCurve.analyze(List.of()),
                null);
        RecorderSettings settings = new RecorderSettings(
                URI.create("http://127.0.0.1:11434"),
                List.of("real:1b"),
                Path.of("p.json"),
                1,
                3,
                List.of(32, 256, 1024),
                1,
                8,
                1,
                512);
        return new ProfileAssembler(settings, "0.32.15", Instant.EPOCH)
                .assemble(m)
                .profile();
    }

    /** A num_predict 1 request as the real server answers it: its first token right after the prefill. */
    private static Sample prefill(int tokens, long promptEvalNanos) {
        long ttft = SERVER_OUTSIDE + promptEvalNanos + TRANSPORT;
        return new Sample(
                ttft, ttft, new long[0], 0, tokens, promptEvalNanos, 1, 0, ttft - TRANSPORT, "length", new long[0]);
    }

    private static long ttft(int tokens) {
        return SERVER_OUTSIDE + tokens * TOKEN + TRANSPORT;
    }
}
