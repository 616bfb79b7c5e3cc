package dev.ollamaperf.reports.capacity;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The knee of a throughput curve, claimed only where the throughput differences exceed the noise.
 * Each step's throughput X carries a 95% interval of half-width h ({@link CapacityStep#throughputHalfWidth()},
 * 0 when the run has no per-second series); two steps i and j compare through
 * {@code d = share x X_j - X_i} with half-width {@code sqrt((share x h_j)^2 + h_i^2)}:
 * <ul>
 *   <li>step i is <b>below</b> step j when d's interval lies wholly above 0: j is more than 1/share of i,
 *       beyond the noise (more load still bought throughput);</li>
 *   <li>step j is <b>within</b> step i when d's interval lies wholly at or below 0: j is at most 1/share of
 *       i, beyond the noise (more load bought at most the remaining share).</li>
 * </ul>
 * The candidate is the first step that no later step is above. It is the knee ({@link Verdict#FOUND})
 * unless a later step is above it by the point estimates (more than 1/share of it) though not beyond the
 * noise: then the noise hides whether more load gains ({@link Verdict#INCONCLUSIVE}), and
 * {@link #uncertainLevels()} are the steps to measure again. At the first step the bar is higher: no
 * difference has been resolved yet, so a flat curve is a knee at the first step only when every later
 * step is <em>within</em> it beyond the noise (its throughput steady enough that a gain of 1/share would
 * have shown); a flat, noisy curve is inconclusive. When the candidate is the last step, the curve may
 * rise beyond the sweep ({@link Verdict#NOT_REACHED}). Without intervals (h = 0) this is the plain rule:
 * the first step within {@code share} of the highest, judged against the whole curve so one slow step
 * does not move it.
 *
 * @param index           the candidate step's index in the sweep
 * @param level           its level
 * @param verdict         what the evidence says about it
 * @param uncertainLevels when inconclusive, the levels whose comparison the noise hid (the candidate first)
 * @param basis           the numbers behind it, for people
 */
public record Knee(int index, double level, Verdict verdict, List<Double> uncertainLevels, String basis) {

    /** The default share of the highest throughput that marks the knee. */
    public static final double DEFAULT_SHARE = 0.9;

    /** What the sweep says about the knee. */
    public enum Verdict {
        /** Lower steps gained beyond the noise and later ones did not: the knee. */
        FOUND("knee"),
        /** The candidate is the last step: the curve may still rise beyond the sweep. */
        NOT_REACHED("not reached"),
        /** The noise hides whether steps after the candidate gain: no knee is claimed. */
        INCONCLUSIVE("inconclusive");

        private final String text;

        Verdict(String text) {
            this.text = text;
        }

        /** For people and capacity.json: {@code knee}, {@code not reached}, {@code inconclusive}. */
        public String text() {
            return text;
        }
    }

    public Knee {
        Objects.requireNonNull(verdict, "verdict");
        uncertainLevels = List.copyOf(uncertainLevels);
        Objects.requireNonNull(basis, "basis");
    }

    /** True when the knee was found within the sweep. */
    public boolean reached() {
        return verdict == Verdict.FOUND;
    }

    /** True unless the noise hid the knee. */
    public boolean conclusive() {
        return verdict != Verdict.INCONCLUSIVE;
    }

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
        int k = 0;
        while (k < steps.size() - 1 && anyAbove(steps, k, share)) {
            k++;
        }
        CapacityStep candidate = steps.get(k);
        String noise = steps.stream().allMatch(s -> Double.isNaN(s.throughputHalfWidth()))
                ? "; no per-second series, so no intervals: differences taken as exact"
                : "";
        if (k == steps.size() - 1) {
            return new Knee(
                    k,
                    candidate.level(),
                    Verdict.NOT_REACHED,
                    List.of(),
                    String.format(
                            Locale.ROOT,
                            "%s at %s, the last step: every lower step gained beyond the noise, so the knee may lie beyond the sweep%s",
                            text(candidate),
                            Levels.plain(candidate.level()),
                            noise));
        }
        List<Double> uncertain = new ArrayList<>();
        List<String> unclear = new ArrayList<>();
        for (int j = k + 1; j < steps.size(); j++) {
            CapacityStep later = steps.get(j);
            boolean unresolved =
                    k == 0 ? !within(candidate, later, share) : share * later.throughput() > candidate.throughput();
            if (unresolved) {
                uncertain.add(steps.get(j).level());
                unclear.add(
                        text(steps.get(j)) + " at " + Levels.plain(steps.get(j).level()));
            }
        }
        CapacityStep best = steps.stream()
                .max(java.util.Comparator.comparingDouble(CapacityStep::throughput))
                .orElseThrow();
        if (uncertain.isEmpty()) {
            return new Knee(
                    k,
                    candidate.level(),
                    Verdict.FOUND,
                    List.of(),
                    String.format(
                            Locale.ROOT,
                            "%s at %s: %s %.0f%% over it (highest %s at %s)%s",
                            text(candidate),
                            Levels.plain(candidate.level()),
                            k == 0
                                    ? "the first step, and beyond the noise no later step gains more than"
                                    : "every lower step gained beyond the noise, and no later step gains more than",
                            100 * (1 / share - 1),
                            text(best),
                            Levels.plain(best.level()),
                            noise));
        }
        uncertain.add(0, candidate.level());
        return new Knee(
                k,
                candidate.level(),
                Verdict.INCONCLUSIVE,
                uncertain,
                String.format(
                        Locale.ROOT,
                        "inconclusive: no step after %s at %s gains beyond the noise, but the noise cannot rule out a gain of more"
                                + " than %.0f%% at %s; measure these steps longer or again%s",
                        text(candidate),
                        Levels.plain(candidate.level()),
                        100 * (1 / share - 1),
                        String.join(", ", unclear),
                        noise));
    }

    /** True when some step after {@code i} is above it beyond the noise. */
    private static boolean anyAbove(List<CapacityStep> steps, int i, double share) {
        for (int j = i + 1; j < steps.size(); j++) {
            CapacityStep a = steps.get(i);
            CapacityStep b = steps.get(j);
            if (share * b.throughput() - a.throughput() - spread(a, b, share) > 0) {
                return true;
            }
        }
        return false;
    }

    /** True when {@code later} is at most {@code 1/share} of {@code step} beyond the noise. */
    private static boolean within(CapacityStep step, CapacityStep later, double share) {
        return share * later.throughput() - step.throughput() + spread(step, later, share) <= 0;
    }

    private static double spread(CapacityStep a, CapacityStep b, double share) {
        double ha = half(a);
        double hb = share * half(b);
        return Math.sqrt(ha * ha + hb * hb);
    }

    private static double half(CapacityStep step) {
        double h = step.throughputHalfWidth();
        return Double.isNaN(h) ? 0 : h;
    }

    /** {@code 4.00 ± 0.12 req/s}, or {@code 4.00 req/s} without an interval. */
    static String text(CapacityStep step) {
        double h = step.throughputHalfWidth();
        return Double.isNaN(h)
                ? String.format(Locale.ROOT, "%.2f req/s", step.throughput())
                : String.format(Locale.ROOT, "%.2f ± %.2f req/s", step.throughput(), h);
    }
}
