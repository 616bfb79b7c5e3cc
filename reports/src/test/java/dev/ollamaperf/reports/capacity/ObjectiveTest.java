package dev.ollamaperf.reports.capacity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Objectives parse from the command line and judge steps. */
final class ObjectiveTest {

    @Test
    void parse_millisAndSeconds_limitInMillis() {
        assertThat(Objective.parse("ttft.p95=1500ms")).isEqualTo(new Objective("ttft", "p95", 1500));
        assertThat(Objective.parse("e2e.p99=10s")).isEqualTo(new Objective("e2e", "p99", 10_000));
        assertThat(Objective.parse("e2e.p99 <= 2.5s").maxMillis()).isEqualTo(2500);
    }

    @Test
    void parse_unknownLatencyOrSyntax_namesRuleAndValue() {
        assertThatThrownBy(() -> Objective.parse("ttfb.p95=1s"))
                .hasMessageContaining("ttfb")
                .hasMessageContaining("must be one of");
        assertThatThrownBy(() -> Objective.parse("ttft<1s"))
                .hasMessageContaining("ttft.p95=1500ms")
                .hasMessageContaining("ttft<1s");
        assertThatThrownBy(() -> Objective.parse("ttft.p42=1s")).hasMessageContaining("p42");
    }

    @Test
    void metBy_atAndAboveLimit_boundaryIncluded() {
        CapacityStep step = SyntheticSteps.step("capacity_c001", 1, 1, 800, 0, 0);

        assertThat(new Objective("e2e", "p95", 800).metBy(step)).isTrue();
        assertThat(new Objective("e2e", "p95", 799).metBy(step)).isFalse();
        assertThat(new Objective("inter_token", "p95", 1e6).metBy(step))
                .as("not measured is not met")
                .isFalse();
    }

    @Test
    void missed_errorsAboveLimit_reportedWithNumbers() {
        CapacityStep step = SyntheticSteps.step("capacity_c001", 1, 1, 800, 0, 0.2);
        CapacityOptions options = CapacityOptions.defaults();

        assertThat(CapacityAnalyzer.missed(step, options)).containsExactly("errors 20.0% > 1.0%");
    }
}
