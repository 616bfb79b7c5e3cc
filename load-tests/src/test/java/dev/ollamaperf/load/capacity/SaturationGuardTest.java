package dev.ollamaperf.load.capacity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The sweep's stop rule: errors, or latency growing while throughput does not. */
final class SaturationGuardTest {

    private final SaturationGuard guard = new SaturationGuard(new SaturationGuard.Rule(0.05, 1.5, 0.1, 1));

    @Test
    void verdict_errorsAboveLimit_stopsNamingTheRatio() {
        List<SaturationGuard.Step> steps = List.of(step("capacity_c001", 1, 100, 6, 10, 200));

        assertThat(guard.verdict(steps))
                .hasValueSatisfying(reason ->
                        assertThat(reason).startsWith("errors: 6.0% of requests failed at capacity_c001 (limit 5.0%)"));
    }

    @Test
    void verdict_latencyDoublesThroughputFlat_stopsAsSaturated() {
        List<SaturationGuard.Step> steps =
                List.of(step("capacity_c004", 4, 160, 0, 10, 250), step("capacity_c008", 8, 164, 0, 10, 500));

        assertThat(guard.verdict(steps))
                .hasValueSatisfying(reason -> assertThat(reason)
                        .startsWith("saturated")
                        .contains("2.00x")
                        .contains("+2.5%"));
    }

    @Test
    void verdict_latencyGrowsButThroughputDoubles_goesOn() {
        // Below the knee with batching: p50 grows, but throughput still gains far more than 10%.
        List<SaturationGuard.Step> steps =
                List.of(step("capacity_c002", 2, 80, 0, 10, 250), step("capacity_c004", 4, 130, 0, 10, 400));

        assertThat(guard.verdict(steps)).isEmpty();
    }

    @Test
    void verdict_throughputFlatButLatencySteady_goesOn() {
        List<SaturationGuard.Step> steps =
                List.of(step("capacity_c004", 4, 160, 0, 10, 250), step("capacity_c008", 8, 161, 0, 10, 300));

        assertThat(guard.verdict(steps)).isEmpty();
    }

    @Test
    void verdict_unevenLevels_gainScaledByLoadIncrease() {
        // 4 -> 5 users is +25% load: gaining 3% is more than 10% of 25%, so not flat.
        List<SaturationGuard.Step> steps =
                List.of(step("capacity_c004", 4, 100, 0, 10, 250), step("capacity_c005", 5, 103, 0, 10, 400));

        assertThat(guard.verdict(steps)).isEmpty();
    }

    @Test
    void verdict_patienceTwo_oneSaturatedStepGoesOnTwoInARowStop() {
        SaturationGuard patient = new SaturationGuard(new SaturationGuard.Rule(0.05, 1.5, 0.1, 2));
        SaturationGuard.Step four = step("capacity_c004", 4, 160, 0, 10, 250);
        SaturationGuard.Step eight = step("capacity_c008", 8, 164, 0, 10, 500);
        SaturationGuard.Step sixteen = step("capacity_c016", 16, 163, 0, 10, 1000);

        assertThat(patient.verdict(List.of(four, eight))).isEmpty();
        assertThat(patient.verdict(List.of(four, eight, sixteen)))
                .hasValueSatisfying(reason -> assertThat(reason)
                        .startsWith("saturated: at capacity_c016")
                        .endsWith("(2 steps in a row)"));
    }

    @Test
    void verdict_patienceTwo_noisyStepThenRecovery_goesOn() {
        // A busy machine slowed the 2-user step; the 4-user step doubled throughput again.
        SaturationGuard patient = new SaturationGuard(new SaturationGuard.Rule(0.05, 1.5, 0.1, 2));
        List<SaturationGuard.Step> steps = List.of(
                step("capacity_c001", 1, 40, 0, 10, 250),
                step("capacity_c002", 2, 41, 0, 10, 400),
                step("capacity_c004", 4, 160, 0, 10, 250));

        assertThat(patient.verdict(steps)).isEmpty();
    }

    @Test
    void verdict_rateStepsServingLessThanTheirRate_saturatedTwiceStops() {
        // 8 s steps of 0.8 s answers: 4/s kept up (32 in 8.36 s, 32 / (8.36 - 0.8) = 4.2/s);
        // 5/s and 6/s did not (40 in 9.83 s: 4.5/s; 48 in 11.8 s: 4.36/s).
        List<SaturationGuard.Step> steps = List.of(
                open("capacity_r4", 4, 32, 8.36, 800),
                open("capacity_r5", 5, 40, 9.83, 800),
                open("capacity_r6", 6, 48, 11.8, 800));
        SaturationGuard patient = new SaturationGuard(new SaturationGuard.Rule(0.05, 1.5, 0.1, 2));

        assertThat(patient.verdict(steps.subList(0, 2))).isEmpty();
        assertThat(patient.verdict(steps))
                .hasValueSatisfying(
                        reason -> assertThat(reason).contains("capacity_r6 served 4.36 of 6 req/s (< 95%)"));
    }

    private static SaturationGuard.Step open(String name, double rate, long ok, double seconds, long minMillis) {
        return new SaturationGuard.Step(
                name, rate, ok, 0, seconds, minMillis * 2_000_000L, minMillis * 1_000_000L, false);
    }

    @Test
    void rule_outOfRange_namesPropertyAndValue() {
        assertThatThrownBy(() -> new SaturationGuard.Rule(1.5, 1.5, 0.1, 1))
                .hasMessage("'ollama.perf.stop.errorRatio' must be between 0 and 1, got: 1.5");
        assertThatThrownBy(() -> new SaturationGuard.Rule(0.05, 0.5, 0.1, 1))
                .hasMessageContaining("'ollama.perf.stop.latencyGrowth'");
    }

    private static SaturationGuard.Step step(
            String name, double level, long requests, long failures, double seconds, long p50Millis) {
        return new SaturationGuard.Step(
                name, level, requests, failures, seconds, p50Millis * 1_000_000L, p50Millis * 1_000_000L / 2, true);
    }
}
