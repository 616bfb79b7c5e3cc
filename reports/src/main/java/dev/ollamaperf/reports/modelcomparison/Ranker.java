package dev.ollamaperf.reports.modelcomparison;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Ranks models in one metric by the rule that {@link MetricRanking} states. */
final class Ranker {

    private final double confidence;

    /** @param confidence the coverage an interval must reach to support a verdict, in (0, 1) */
    Ranker(double confidence) {
        if (!(confidence > 0 && confidence < 1)) {
            throw new IllegalArgumentException("'confidence' must be in (0, 1), got: " + confidence);
        }
        this.confidence = confidence;
    }

    MetricRanking rank(ComparedMetric metric, Map<String, Estimate> estimates) {
        List<String> order = new ArrayList<>(estimates.keySet());
        Comparator<String> byMedian =
                Comparator.comparingDouble(m -> estimates.get(m).median());
        order.sort(metric.better(0, 1) ? byMedian : byMedian.reversed());
        Map<String, List<String>> ties = new LinkedHashMap<>();
        List<MetricRanking.Pair> pairs = new ArrayList<>();
        for (int i = 0; i < order.size(); i++) {
            for (int j = i + 1; j < order.size(); j++) {
                String a = order.get(i);
                String b = order.get(j);
                ComparisonVerdict v = verdict(metric, estimates.get(a), estimates.get(b));
                double mb = estimates.get(b).median();
                pairs.add(new MetricRanking.Pair(
                        a, b, v, mb == 0 ? 1 : estimates.get(a).median() / mb));
                if (v == ComparisonVerdict.INDISTINGUISHABLE) {
                    ties.computeIfAbsent(a, k -> new ArrayList<>()).add(b);
                    ties.computeIfAbsent(b, k -> new ArrayList<>()).add(a);
                }
            }
        }
        List<MetricRanking.Place> places = new ArrayList<>();
        for (String model : order) {
            int better = 0;
            for (String other : order) {
                if (!other.equals(model)
                        && verdict(metric, estimates.get(other), estimates.get(model)) == ComparisonVerdict.BETTER) {
                    better++;
                }
            }
            List<String> tied = new ArrayList<>(ties.getOrDefault(model, List.of()));
            tied.sort(Comparator.comparingInt(order::indexOf));
            places.add(new MetricRanking.Place(model, 1 + better, estimates.get(model), tied));
        }
        return new MetricRanking(metric, places, pairs);
    }

    /** A against B: better or worse only when both intervals reach the confidence and do not overlap. */
    ComparisonVerdict verdict(ComparedMetric metric, Estimate a, Estimate b) {
        if (!a.reaches(confidence) || !b.reaches(confidence) || (a.high() >= b.low() && b.high() >= a.low())) {
            return ComparisonVerdict.INDISTINGUISHABLE;
        }
        boolean aBelow = a.high() < b.low();
        return aBelow == metric.better(0, 1) ? ComparisonVerdict.BETTER : ComparisonVerdict.WORSE;
    }
}
