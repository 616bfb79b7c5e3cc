package dev.ollamaperf.reports.capacity;

import java.util.List;
import java.util.Locale;

/**
 * The knee of a throughput curve: the first step whose throughput reaches {@code share} (default
 * 0.9) of the highest throughput of the sweep. Beyond it, more load buys at most the remaining
 * tenth, and only latency grows. Defined against the whole curve rather than step to step, so one
 * noisy step (a shared machine slowing a whole step down) does not move it. When the knee is the
 * last step, the sweep may have stopped before the curve flattened: {@code reached = false}.
 *
 * @param index   the knee step's index in the sweep
 * @param level   its level
 * @param reached true when later steps exist and gained at most the remaining share
 * @param basis   the numbers behind it, for people
 */
public record Knee(int index, double level, boolean reached, String basis) {

  /** The default share of the highest throughput that marks the knee. */
  public static final double DEFAULT_SHARE = 0.9;

  /**
   * Finds the knee of the steps (sorted by level).
   *
   * @param share of the highest throughput, between 0 (exclusive) and 1
   * @throws IllegalArgumentException when there are no steps or the share is out of range
   */
  public static Knee find(List<CapacityStep> steps, double share) {
    if (steps.isEmpty()) {
      throw new IllegalArgumentException("cannot find the knee of an empty sweep");
    }
    if (!(share > 0 && share <= 1)) {
      throw new IllegalArgumentException("knee share must be between 0 (exclusive) and 1, got: " + share);
    }
    CapacityStep best = steps.stream().max(java.util.Comparator.comparingDouble(CapacityStep::throughput))
        .orElseThrow();
    for (int k = 0; k < steps.size(); k++) {
      CapacityStep step = steps.get(k);
      if (step.throughput() >= share * best.throughput()) {
        boolean reached = k + 1 < steps.size();
        return new Knee(k, step.level(), reached, String.format(Locale.ROOT,
            "%.2f req/s at %s is the first step within %.0f%% of the highest, %.2f req/s at %s%s", step.throughput(),
            Levels.plain(step.level()), 100 * share, best.throughput(), Levels.plain(best.level()),
            reached ? "" : "; it is the last step, so the knee may lie beyond the sweep"));
      }
    }
    throw new IllegalStateException("the best step is within any share of itself");
  }
}
