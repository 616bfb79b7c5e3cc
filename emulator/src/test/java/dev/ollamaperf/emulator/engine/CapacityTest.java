package dev.ollamaperf.emulator.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * 1,024 concurrent streams (4 models x 256 slots, all decoding at once) on one token thread. Prints
 * the engine's scheduling lateness so a run on a given machine can be quoted:
 * {@code ./mvnw -B -q -pl emulator -am test -Dtest=CapacityTest -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
final class CapacityTest {

    private static final int MODELS = 4;
    private static final int SLOTS = 256;
    /**
     * About 1.5 s per stream at the profile's rate, so that all 256 streams of a model are in flight together even
     * when submitting the 1,024 takes a while: with 20 tokens (0.5 s) a model's first streams had ended before its
     * last were submitted (211-251 at once instead of 256) while another test JVM and the reports module's build
     * shared the 2 cores.
     */
    private static final int TOKENS = 60;

    @Test
    void submit_1024ConcurrentStreams_allCompleteAtAboutTheProfileRate() throws Exception {
        List<ModelProfile> profiles = new ArrayList<>();
        for (int m = 0; m < MODELS; m++) {
            // 50 tokens/s alone; serial fraction 0.001 gives 39.8 tokens/s per stream with 256
            // busy slots (and exercises rescaling at scale); 20 ms load.
            profiles.add(TestProfiles.model("cap" + m, Duration.ofMillis(20), 50, 0.1, 0.001));
        }
        EngineSettings settings = EngineSettings.builder()
                .numParallel(SLOTS)
                .maxLoadedModels(MODELS)
                .catalogue(new ModelCatalogue(profiles))
                .build();
        try (InferenceEngine engine = Engines.create(settings)) {
            for (ModelProfile profile : profiles) {
                RecordingTokenSink load = new RecordingTokenSink();
                engine.submit(TestProfiles.of(profile.name(), GenerationRequest.Kind.LOAD, null), load);
                load.await();
            }
            Attempts.upTo(3, () -> runOnce(engine, profiles));
        }
    }

    private static void runOnce(InferenceEngine engine, List<ModelProfile> profiles) throws Exception {
        engine.resetPeaks();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long timerThread = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals("ollama-emulator-tokens")) // prefill ends and tokens (TokenDeadlines)
                .findFirst()
                .orElseThrow()
                .getId();
        long timerCpuBefore = threads.getThreadCpuTime(timerThread);
        List<RecordingTokenSink> sinks = new ArrayList<>();
        long start = System.nanoTime();
        for (int i = 0; i < MODELS * SLOTS; i++) {
            RecordingTokenSink sink = new RecordingTokenSink();
            sinks.add(sink);
            engine.submit(TestProfiles.generate(profiles.get(i % MODELS).name(), TOKENS), sink);
        }
        double worstRate = Double.MAX_VALUE;
        for (RecordingTokenSink sink : sinks) {
            Completion done = sink.await(Duration.ofSeconds(30)).completion();
            assertThat(done.evalCount()).isEqualTo(TOKENS);
            worstRate = Math.min(worstRate, done.evalCount() * 1e9 / done.evalNanos());
        }
        long wallMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        double timerCpuMicrosPerToken =
                (threads.getThreadCpuTime(timerThread) - timerCpuBefore) / 1e3 / (MODELS * SLOTS * TOKENS);
        EngineStats stats = engine.stats();
        EngineStats.SchedulingLateness late = stats.schedulingLateness();
        double expectedRate = profiles.get(0).slotTokensPerSecond(SLOTS);
        System.out.printf(
                "CapacityTest: %d streams x %d tokens in %d ms; slowest stream %.1f tokens/s"
                        + " (profile %.1f); lateness count=%d p50=%.2f ms p99=%.2f ms max=%.2f ms;"
                        + " token thread CPU %.2f us per token (incl. prefill events and the recording sink)%n",
                sinks.size(),
                TOKENS,
                wallMillis,
                worstRate,
                expectedRate,
                late.count(),
                late.p50Nanos() / 1e6,
                late.p99Nanos() / 1e6,
                late.maxNanos() / 1e6,
                timerCpuMicrosPerToken);

        for (ModelProfile profile : profiles) {
            assertThat(stats.models().get(profile.name()).maxInFlight()).isEqualTo(SLOTS);
        }
        // The profile gives ~1.5 s per stream; on a loaded 2-core machine the timer may fall
        // behind (mostly while 1,024 requests arrive at once), but not by 40% in every one of
        // three attempts. (Measured at load average 15 on 2 cores: one attempt in four missed.)
        assertThat(worstRate).isGreaterThan(0.6 * expectedRate);
        assertThat(late.count()).isEqualTo((long) MODELS * SLOTS * TOKENS);
    }
}
