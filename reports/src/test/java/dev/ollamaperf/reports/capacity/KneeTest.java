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

    Knee knee = Knee.find(steps, 0.1);

    assertThat(knee.level()).isEqualTo(4);
    assertThat(knee.reached()).isTrue();
    assertThat(knee.basis()).contains("from 4 to 8");
  }

  @Test
  void find_throughputStillGrowing_lastStepNotReached() {
    List<CapacityStep> steps = SyntheticSteps.closed(new QueueingModel(false, 1.0, 0.0, 32, 0), 1, 2, 4, 8);

    Knee knee = Knee.find(steps, 0.1);

    assertThat(knee.level()).isEqualTo(8);
    assertThat(knee.reached()).isFalse();
  }

  @Test
  void find_heavyBatchingLoss_kneeWhereDoublingGainsUnderTenPercent() {
    // s = 0.45: X(N) = N / (1 + 0.45 (N - 1)); doubling 8 -> 16 gains 7%, 4 -> 8 gains 13%.
    List<CapacityStep> steps = SyntheticSteps.closed(new QueueingModel(false, 1.0, 0.45, 64, 0), 1, 2, 4, 8, 16, 32);

    assertThat(Knee.find(steps, 0.1).level()).isEqualTo(8);
  }

  @Test
  void find_unevenLevels_gainScaledByLoadIncrease() {
    // 4 -> 5 users is +25% load: with minGain 0.1 the curve is flat below +2.5% throughput.
    List<CapacityStep> steps = List.of(SyntheticSteps.step("capacity_c004", 4, 4.0, 1000, 0, 0),
        SyntheticSteps.step("capacity_c005", 5, 4.05, 1234, 200, 0),
        SyntheticSteps.step("capacity_c006", 6, 4.05, 1480, 400, 0));

    Knee knee = Knee.find(steps, 0.1);

    assertThat(knee.level()).isEqualTo(4);
  }

  @Test
  void find_noSteps_namesTheProblem() {
    assertThatThrownBy(() -> Knee.find(List.of(), 0.1)).hasMessageContaining("empty sweep");
  }
}
