package dev.ollamaperf.reports.read;

import java.util.List;
import java.util.OptionalDouble;

/**
 * Jain's fairness index of per-user counts, {@code (Σx)² / (n · Σx²)}: 1 when every user got the same, {@code 1/n}
 * when one user got everything; {@code k/n} when k users shared equally and the rest got nothing. It reads the
 * same for any number of requests, so runs of different length compare.
 */
final class JainIndex {

    private JainIndex() {}

    /**
     * The index of {@code counts}.
     *
     * @return empty for fewer than two users or no answer at all (nothing was shared, so fairness says nothing)
     */
    static OptionalDouble of(List<Long> counts) {
        if (counts.size() < 2) {
            return OptionalDouble.empty();
        }
        double sum = 0;
        double squares = 0;
        for (long count : counts) {
            sum += count;
            squares += (double) count * count;
        }
        return squares == 0 ? OptionalDouble.empty() : OptionalDouble.of(sum * sum / (counts.size() * squares));
    }
}
