package dev.ollamaperf.reports.modelcomparison;

import java.util.List;
import java.util.Objects;

/**
 * The ranking of the models in one metric, best first.
 *
 * <p>Rule: model X is distinguishably better than Y when both intervals reach the confidence and do
 * not overlap, X's lying on the better side. A model's rank is 1 + the number of models
 * distinguishably better than it. Models that share a rank are pairwise indistinguishable
 * (if X were better than Y, everything better than X would also be better than Y, so Y's rank would
 * be higher); a model may still be indistinguishable from one of another rank, which
 * {@link Place#indistinguishableFrom()} lists.
 *
 * @param metric what is ranked
 * @param places one per model, best median first
 * @param pairs one per unordered pair of models, in the order of {@code places} (a before b)
 */
public record MetricRanking(ComparedMetric metric, List<Place> places, List<Pair> pairs) {

    public MetricRanking {
        Objects.requireNonNull(metric, "metric");
        places = List.copyOf(places);
        pairs = List.copyOf(pairs);
    }

    /**
     * One model's place.
     *
     * @param model the model
     * @param rank 1 for the best; shared by models nobody can tell apart
     * @param estimate its median and interval
     * @param indistinguishableFrom the other models it cannot be told apart from, in ranking order
     */
    public record Place(String model, int rank, Estimate estimate, List<String> indistinguishableFrom) {
        public Place {
            Objects.requireNonNull(model, "model");
            Objects.requireNonNull(estimate, "estimate");
            indistinguishableFrom = List.copyOf(indistinguishableFrom);
            if (rank < 1) {
                throw new IllegalArgumentException("rank must be >= 1, got: " + rank);
            }
        }
    }

    /**
     * The verdict on one pair.
     *
     * @param a the first model (the better median, or the first listed)
     * @param b the second model
     * @param verdict A against B
     * @param ratio A's median divided by B's (1 when B's median is 0)
     */
    public record Pair(String a, String b, ComparisonVerdict verdict, double ratio) {
        public Pair {
            Objects.requireNonNull(a, "a");
            Objects.requireNonNull(b, "b");
            Objects.requireNonNull(verdict, "verdict");
        }
    }

    /** Returns the place of a model. */
    public Place place(String model) {
        return places.stream()
                .filter(p -> p.model().equals(model))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("model '" + model + "' is not ranked in " + metric.key()
                        + "; ranked: " + places.stream().map(Place::model).toList()));
    }

    /** Returns the verdict of {@code a} against {@code b}, in either order. */
    public ComparisonVerdict verdict(String a, String b) {
        for (Pair p : pairs) {
            if (p.a().equals(a) && p.b().equals(b)) {
                return p.verdict();
            }
            if (p.a().equals(b) && p.b().equals(a)) {
                return p.verdict() == ComparisonVerdict.BETTER
                        ? ComparisonVerdict.WORSE
                        : p.verdict() == ComparisonVerdict.WORSE
                                ? ComparisonVerdict.BETTER
                                : ComparisonVerdict.INDISTINGUISHABLE;
            }
        }
        throw new IllegalArgumentException("no pair '" + a + "' / '" + b + "' in the " + metric.key() + " ranking");
    }
}
