package dev.ollamaperf.reports.capacity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Knee finding on curves with a known knee. */
final class KneeTest {

  @Test
  void find_fourSlotsNoBatchingLoss_kneeAtFourUsers() {
    List<CapacityStep> steps = SyntheticSteps.closed(new QueueingModel(false, 1.0, 0.0, 4, 0), 1, 2, 4, 8, 16);

    Knee knee = Knee.find(steps, 0.9);

    assertThat(knee.level()).isEqualTo(4);
    assertThat(knee.reached()).isTrue();
    assertThat(knee.basis()).contains("4.00 req/s at 4 is the first step within 90% of the highest");
  }

  @Test
  void find_throughputStillGrowing_lastStepNotReached() {
    List<CapacityStep> steps = SyntheticSteps.closed(new QueueingModel(false, 1.0, 0.0, 32, 0), 1, 2, 4, 8);

    Knee knee = Knee.find(steps, 0.9);

    assertThat(knee.level()).isEqualTo(8);
    assertThat(knee.reached()).isFalse();
  }

  @Test
  void find_heavyBatchingLoss_kneeAtNinetyPercentOfTheHighest() {
    // s = 0.45: X(N) = N / (1 + 0.45 (N - 1)): 1.70 at 4, 1.93 at 8, 2.14 at 32 (90% of it: 1.92).
    List<CapacityStep> steps = SyntheticSteps.closed(new QueueingModel(false, 1.0, 0.45, 64, 0), 1, 2, 4, 8, 16, 32);

    assertThat(Knee.find(steps, 0.9).level()).isEqualTo(8);
  }

  @Test
  void find_oneNoisyStepBelowTheKnee_kneeUnmoved() {
    // A shared machine slowed the 2-user step down: its throughput equals the 1-user step's.
    List<CapacityStep> steps = List.of(SyntheticSteps.step("capacity_c001", 1, 4.3, 230, 0, 0),
        SyntheticSteps.step("capacity_c002", 2, 4.4, 450, 0, 0),
        SyntheticSteps.step("capacity_c004", 4, 17.1, 233, 0, 0),
        SyntheticSteps.step("capacity_c008", 8, 17.6, 460, 230, 0));

    Knee knee = Knee.find(steps, 0.9);

    assertThat(knee.level()).isEqualTo(4);
    assertThat(knee.reached()).isTrue();
  }

  @Test
  void find_noSteps_namesTheProblem() {
    assertThatThrownBy(() -> Knee.find(List.of(), 0.9)).hasMessageContaining("empty sweep");
  }
}
