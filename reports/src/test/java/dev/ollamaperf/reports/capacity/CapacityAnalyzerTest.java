package dev.ollamaperf.reports.capacity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The analysis on a synthetic closed sweep with a known answer: 4 slots, S1 = 1 s, s = 0.2, so the
 * e2e is 1.0 s at 1 user, 1.2 s at 2, 1.6 s at 4 and 3.2 s at 8, and throughput is flat from 4 users.
 */
final class CapacityAnalyzerTest {

    private static final QueueingModel TRUTH = new QueueingModel(false, 1.0, 0.2, 4, 0);
    private static final long GIB = 1L << 30;
    private static final List<SweepInfo.ModelInputs> LLAMA =
            List.of(new SweepInfo.ModelInputs("llama3.2:latest", 2 * GIB, 4096, 114_688));

    @Test
    void analyse_e2eObjective_recommendsHighestLevelMeetingItAndNodesForTarget() {
        CapacityOptions options = new CapacityOptions(
                List.of(Objective.parse("e2e.p95=1500ms")), 0.01, 1000, 0, KvCacheType.F16, 0, 4096, 0.9, 3);

        CapacityAnalysis analysis = analyse(options);

        assertThat(analysis.knee().level()).isEqualTo(4);
        assertThat(analysis.goodputIndex()).isEqualTo(1);
        assertThat(analysis.chosen().level()).isEqualTo(2);
        assertThat(value(analysis, "OLLAMA_MAX_CONCURRENT")).isEqualTo("2");
        assertThat(value(analysis, "OLLAMA_NUM_PARALLEL")).isEqualTo("2");
        // 2 users / 1.2 s = 1.667 req/s = 100 req/min; 1000 req/min need 10 nodes.
        assertThat(value(analysis, "requests per minute per node")).isEqualTo("100");
        assertThat(value(analysis, "nodes for 1000 req/min")).isEqualTo("10");
        assertThat(basis(analysis, "OLLAMA_MAX_CONCURRENT"))
                .contains("e2e.p95 1200 ms <= 1500")
                .contains("at 4 users: e2e.p95 1600 ms > 1500 ms");
        assertThat(analysis.checks().get(2)).containsExactly("e2e.p95 1600 ms > 1500 ms");
    }

    @Test
    void analyse_noObjectives_recommendsTheKnee() {
        CapacityAnalysis analysis = analyse(CapacityOptions.defaults());

        assertThat(value(analysis, "OLLAMA_MAX_CONCURRENT")).isEqualTo("4");
        assertThat(value(analysis, "OLLAMA_NUM_PARALLEL")).isEqualTo("4");
        assertThat(basis(analysis, "OLLAMA_MAX_CONCURRENT")).startsWith("no objectives given: the knee");
    }

    @Test
    void analyse_slotWaitOnlyBeyondFourUsers_infersFourSlots() {
        CapacityAnalysis analysis = analyse(CapacityOptions.defaults());

        assertThat(analysis.slots()).isEqualTo(4);
        assertThat(analysis.slotsSource()).startsWith("inferred");
        assertThat(analysis.model().s1Seconds()).isEqualTo(1.0, org.assertj.core.api.Assertions.within(0.01));
    }

    @Test
    void analyse_memoryTooSmallForTwoSlots_lowersParallelToWhatFits() {
        // 2 GiB weights + 448 MiB of f16 KV cache per slot at 4096 tokens: 2.5 GiB holds one slot.
        CapacityOptions options = new CapacityOptions(
                List.of(Objective.parse("e2e.p95=1500ms")), 0.01, 0, GIB * 5 / 2, KvCacheType.F16, 0, 4096, 0.9, 3);

        CapacityAnalysis analysis = analyse(options);

        assertThat(analysis.memory().models().get(0).kvBytes()).isEqualTo(2 * 114_688L * 4096);
        assertThat(analysis.memory().fits()).isFalse();
        assertThat(analysis.memory().maxParallelFit()).isEqualTo(1);
        assertThat(value(analysis, "OLLAMA_NUM_PARALLEL")).isEqualTo("1");
        assertThat(basis(analysis, "OLLAMA_NUM_PARALLEL")).contains("lowered from 2");
    }

    @Test
    void analyse_q8Cache_halvesTheKvCache() {
        CapacityOptions options = new CapacityOptions(List.of(), 0.01, 0, 0, KvCacheType.Q8_0, 0, 4096, 0.9, 3);

        CapacityAnalysis analysis = analyse(options);

        assertThat(analysis.memory().models().get(0).kvBytesPerToken()).isEqualTo(57_344);
        assertThat(analysis.memory().totalBytes()).isEqualTo(2 * GIB + 4 * 57_344L * 4096);
    }

    @Test
    void analyse_errorsFromTheFirstStep_noGoodputAndSaysSo() {
        List<CapacityStep> steps = List.of(
                SyntheticSteps.step("capacity_c001", 1, 1, 1000, 0, 0.5),
                SyntheticSteps.step("capacity_c002", 2, 1, 2000, 1000, 0.5));
        CapacityOptions options = new CapacityOptions(
                List.of(Objective.parse("e2e.p95=10s")), 0.01, 0, 0, KvCacheType.F16, 0, 4096, 0.9, 3);

        CapacityAnalysis analysis = new CapacityAnalyzer().analyse("run", steps, null, Map.of(), options);

        assertThat(analysis.goodputIndex()).isEqualTo(-1);
        assertThat(basis(analysis, "OLLAMA_MAX_CONCURRENT"))
                .contains("no step met the objectives")
                .contains("errors 50.0% > 1.0%");
    }

    @Test
    void analyse_rateSweepBeyondCapacity_unsustainedStepIsNotGoodputAndLittleGivesConcurrency() {
        // Evenly spaced arrivals, 4 slots of 1 s each: at 3/s nobody waits; at 5/s only 4/s are served.
        List<CapacityStep> steps = List.of(
                SyntheticSteps.step("capacity_r1", 1, 1, 1000, 0, 0),
                SyntheticSteps.step("capacity_r2", 2, 2, 1000, 0, 0),
                SyntheticSteps.step("capacity_r3", 3, 3, 1000, 0, 0),
                SyntheticSteps.step("capacity_r5", 5, 4, 2500, 1500, 0));
        CapacityOptions options = new CapacityOptions(
                List.of(Objective.parse("e2e.p95=10s")), 0.01, 0, 0, KvCacheType.F16, 4, 4096, 0.9, 3);

        CapacityAnalysis analysis = new CapacityAnalyzer().analyse("run", steps, null, Map.of(), options);

        assertThat(analysis.open()).isTrue();
        assertThat(analysis.checks().get(3)).containsExactly("served 4.07 of 5 req/s (< 95%): not sustainable");
        assertThat(analysis.chosen().level()).isEqualTo(3);
        // Little: 3 req/s x 1 s mean e2e = 3 in flight; busy slots 3 x (1 s - 0 wait) = 3.
        assertThat(value(analysis, "OLLAMA_MAX_CONCURRENT")).isEqualTo("3");
        assertThat(value(analysis, "OLLAMA_NUM_PARALLEL")).isEqualTo("3");
        assertThat(analysis.modelChecks().get(3).predictedResponse())
                .as("5/s x 1 s > 4 slots")
                .isInfinite();
    }

    @Test
    void analyse_rateSweepSaturatingTwoSlots_infersTwoSlotsFromTheBusyOnesNotFromE2e() {
        // 2 slots of 800 ms, evenly spaced arrivals: 1/s and 2/s wait for nothing; at 3/s only 2.5/s are
        // served and requests wait 2.2 s for a slot. In flight at 3/s: 2.5 x 3 s = 7.5; busy: 2.5 x 0.8 s = 2.
        List<CapacityStep> steps = List.of(
                SyntheticSteps.step("capacity_r1", 1, 1, 800, 0, 0),
                SyntheticSteps.step("capacity_r2", 2, 2, 800, 0, 0),
                SyntheticSteps.step("capacity_r3", 3, 2.5, 3000, 2200, 0));

        CapacityAnalysis analysis =
                new CapacityAnalyzer().analyse("run", steps, null, Map.of(), CapacityOptions.defaults());

        assertThat(analysis.open()).isTrue();
        assertThat(analysis.slots()).isEqualTo(2);
        assertThat(analysis.slotsSource())
                .startsWith("inferred: the most slots busy in a step")
                .contains("at 3 req/s, where requests waited for a slot");
    }

    @Test
    void analyse_noisyThroughputSlotWaitFromThreeUsers_recommendsTwoSlotsFromTheSlotEvidence() {
        // The sweep against a 2-slot server on a busy machine: throughput 0.62, 0.51, 0.58, 0.70 req/s
        // (within the noise of each other), no slot wait at 1 and 2 users, 1,367 ms at 3.
        List<CapacityStep> steps = List.of(
                SyntheticSteps.sampled(1, 1600, 0, SyntheticSteps.spread(0.62, 30)),
                SyntheticSteps.sampled(2, 3900, 2, SyntheticSteps.spread(0.51, 30)),
                SyntheticSteps.sampled(3, 5170, 1367, SyntheticSteps.spread(0.58, 30)),
                SyntheticSteps.sampled(4, 5700, 2700, SyntheticSteps.spread(0.70, 30)));

        CapacityAnalysis analysis =
                new CapacityAnalyzer().analyse("run", steps, null, Map.of(), CapacityOptions.defaults());

        assertThat(analysis.knee().verdict()).isEqualTo(Knee.Verdict.INCONCLUSIVE);
        assertThat(analysis.slotEvidence().waitFree()).isEqualTo(2);
        assertThat(analysis.slots()).isEqualTo(2);
        assertThat(value(analysis, "OLLAMA_NUM_PARALLEL")).isEqualTo("2");
        assertThat(value(analysis, "OLLAMA_MAX_CONCURRENT")).isEqualTo("2");
        assertThat(basis(analysis, "OLLAMA_NUM_PARALLEL"))
                .contains("knee: inconclusive")
                .contains("slot wait from 3 users (mean 1367 ms; 2 ms at 2): at most 2 slots");
        assertThat(basis(analysis, "OLLAMA_MAX_CONCURRENT"))
                .contains("the step at the slots the slot evidence supports");
    }

    @Test
    void analyse_kneeBeyondTheSlotWaitOnset_capsParallelAtTheOnset() {
        // A clear knee at 3 users (a quiet machine, batching that still gained at 3), but requests already waited
        // for a slot at 3: the server has 2, and a third would be a count the sweep never showed.
        List<CapacityStep> steps = List.of(
                SyntheticSteps.step("capacity_c001", 1, 1.0, 1000, 0, 0),
                SyntheticSteps.step("capacity_c002", 2, 1.6, 1250, 0, 0),
                SyntheticSteps.step("capacity_c003", 3, 2.0, 1500, 400, 0),
                SyntheticSteps.step("capacity_c004", 4, 2.0, 2000, 900, 0));

        CapacityAnalysis analysis =
                new CapacityAnalyzer().analyse("run", steps, null, Map.of(), CapacityOptions.defaults());

        assertThat(analysis.knee().level()).isEqualTo(3);
        assertThat(analysis.knee().verdict()).isEqualTo(Knee.Verdict.FOUND);
        assertThat(value(analysis, "OLLAMA_MAX_CONCURRENT")).isEqualTo("3");
        assertThat(value(analysis, "OLLAMA_NUM_PARALLEL")).isEqualTo("2");
        assertThat(basis(analysis, "OLLAMA_NUM_PARALLEL")).contains("which caps 3 at 2");
    }

    @Test
    void analyse_configuredSlotsAboveTheOnset_recommendsTheOnset() {
        // The harness saw OLLAMA_NUM_PARALLEL=4, but the server waited from 3 users: it ran with 2.
        List<CapacityStep> steps = List.of(
                SyntheticSteps.step("capacity_c001", 1, 1.0, 1000, 0, 0),
                SyntheticSteps.step("capacity_c002", 2, 2.0, 1000, 0, 0),
                SyntheticSteps.step("capacity_c003", 3, 2.0, 1500, 500, 0),
                SyntheticSteps.step("capacity_c004", 4, 2.0, 2000, 1000, 0));
        SweepInfo sweep = new SweepInfo("concurrency", List.of(1.0, 2.0, 3.0, 4.0), false, "", "4", Map.of(), LLAMA);

        CapacityAnalysis analysis =
                new CapacityAnalyzer().analyse("run", steps, sweep, Map.of(), CapacityOptions.defaults());

        assertThat(analysis.slotEvidence().supported()).isEqualTo(2);
        assertThat(value(analysis, "OLLAMA_NUM_PARALLEL")).isEqualTo("2");
        assertThat(basis(analysis, "OLLAMA_NUM_PARALLEL")).contains("OLLAMA_NUM_PARALLEL of the run: 4");
    }

    @Test
    void analyse_fleetOfTwoNodes_dividesTheFleetsRequestsPerMinuteByTheNodes() {
        CapacityOptions options = new CapacityOptions(
                List.of(Objective.parse("e2e.p95=1500ms")), 0.01, 1000, 0, KvCacheType.F16, 0, 4096, 0.9, 3);
        List<CapacityStep> steps = SyntheticSteps.closed(TRUTH, 1, 2, 4, 8);

        CapacityAnalysis analysis = new CapacityAnalyzer().analyse("run", steps, false, null, Map.of(), options, 2);

        // the same steps as one node's 100 req/min (above), now the totals of 2 nodes: 50 each, 20 for 1000 req/min
        assertThat(value(analysis, "requests per minute per node")).isEqualTo("50");
        assertThat(value(analysis, "nodes for 1000 req/min")).isEqualTo("20");
        assertThat(basis(analysis, "requests per minute per node")).contains("on a fleet of 2 nodes, divided by 2");
    }

    private static CapacityAnalysis analyse(CapacityOptions options) {
        List<CapacityStep> steps = SyntheticSteps.closed(TRUTH, 1, 2, 4, 8);
        SweepInfo sweep =
                new SweepInfo("concurrency", List.of(1.0, 2.0, 4.0, 8.0, 16.0), true, "saturated", "", Map.of(), LLAMA);
        return new CapacityAnalyzer().analyse("run", steps, sweep, Map.of(), options);
    }

    private static String value(CapacityAnalysis analysis, String name) {
        return analysis.recommendations().stream()
                .filter(r -> r.name().equals(name))
                .findFirst()
                .orElseThrow()
                .value();
    }

    private static String basis(CapacityAnalysis analysis, String name) {
        return analysis.recommendations().stream()
                .filter(r -> r.name().equals(name))
                .findFirst()
                .orElseThrow()
                .basis();
    }
}
