package dev.ollamaperf.reports.capacity;

import java.util.List;
import java.util.Locale;

/**
 * The knee of a throughput curve: the last step before more load stopped buying throughput. Going
 * from step k to k+1 raises the load by the factor {@code L(k+1)/L(k)}; if throughput then grows by
 * less than {@code minGain} of the proportional gain, {@code X(k+1)/X(k) - 1 < minGain * (L(k+1)/L(k) - 1)},
 * step k is the knee (with doubling levels and the default 0.1: doubling the load gained less than
 * 10% throughput). When no step does that, the knee lies beyond the sweep: the last step, {@code reached = false}.
 *
 * @param index   the knee step's index in the sweep
 * @param level   its level
 * @param reached true when a later step showed the flattening
 * @param basis   the numbers behind it, for people
 */
public record Knee(int index, double level, boolean reached, String basis) {

  /** The default share of proportional gain. */
  public static final double DEFAULT_MIN_GAIN = 0.1;

  /**
   * Finds the knee of the steps (sorted by level).
   *
   * @param minGain share of the proportional throughput gain below which the curve is flat, 0..1
   * @throws IllegalArgumentException when there are no steps
   */
  public static Knee find(List<CapacityStep> steps, double minGain) {
    if (steps.isEmpty()) {
      throw new IllegalArgumentException("cannot find the knee of an empty sweep");
    }
    if (!(minGain >= 0 && minGain <= 1)) {
      throw new IllegalArgumentException("knee 'minGain' must be between 0 and 1, got: " + minGain);
    }
    for (int k = 0; k + 1 < steps.size(); k++) {
      CapacityStep here = steps.get(k);
      CapacityStep next = steps.get(k + 1);
      double gain = here.throughput() <= 0 ? Double.POSITIVE_INFINITY : next.throughput() / here.throughput() - 1;
      double needed = minGain * (next.level() / here.level() - 1);
      if (gain < needed) {
        return new Knee(k, here.level(), true, String.format(Locale.ROOT,
            "from %s to %s the load grew %.2fx but throughput %+.1f%% (%.2f -> %.2f req/s; flat below %+.1f%%)",
            Levels.plain(here.level()), Levels.plain(next.level()), next.level() / here.level(), 100 * gain,
            here.throughput(), next.throughput(), 100 * needed));
      }
    }
    CapacityStep last = steps.get(steps.size() - 1);
    return new Knee(steps.size() - 1, last.level(), false, String.format(Locale.ROOT,
        "throughput still grew at the last step (%s, %.2f req/s): the knee is at or beyond it",
        Levels.plain(last.level()), last.throughput()));
  }
}
