package dev.ollamaperf.reports.metric;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Merges the results of several injectors (or repeated runs) into one result.
 *
 * <p>Rules, by {@link Statistic.Kind}: percentiles, means and extremes are recomputed from the
 * histograms added with {@link org.HdrHistogram.Histogram#add} (percentiles are never averaged). When no input
 * has a histogram (the integration's paired differences, its memory figures) the exact merges that remain are
 * used: the largest maximum, the smallest minimum, the sample-weighted mean; a percentile cannot be pooled from
 * percentiles, so the input with the most samples is kept (the first of equals) as the best-measured one, with
 * its interval, and the others are dropped; inputs of which only some have a histogram are an error;
 * counts and rates are summed (injectors run over the same window, so their rates add up); ratios
 * are weighted by their sample count (the denominator), which gives the pooled ratio; a score or a
 * plain value merges only if every input reports the same number, otherwise it is an error.
 */
public final class RunMerger {

    private RunMerger() {}

    /**
     * Merges the given runs.
     *
     * @param runId the merged run's id
     * @param runs at least one run
     * @throws IllegalArgumentException naming the metric when metrics disagree in unit or direction or cannot merge
     */
    public static RunResult merge(String runId, List<RunResult> runs) {
        if (runs.isEmpty()) {
            throw new IllegalArgumentException("need at least one run to merge");
        }
        Map<String, List<Metric>> byName = new LinkedHashMap<>();
        for (RunResult run : runs) {
            for (Metric metric : run.metrics()) {
                byName.computeIfAbsent(metric.name(), k -> new ArrayList<>()).add(metric);
            }
        }
        List<Metric> merged =
                byName.values().stream().map(RunMerger::mergeMetric).collect(Collectors.toList());
        List<String> reasons = new ArrayList<>();
        for (RunResult run : runs) {
            run.reasons().forEach(reason -> reasons.add(run.runId() + ": " + reason));
        }
        Map<String, String> environment = new LinkedHashMap<>(runs.get(0).environment());
        environment.put("merged.from", runs.stream().map(RunResult::runId).collect(Collectors.joining(",")));
        Instant start = runs.stream()
                .map(RunResult::timestamp)
                .min(Comparator.naturalOrder())
                .orElseThrow();
        return new RunResult(
                runId, start, environment, merged, reasons.isEmpty() ? RunStatus.VALID : RunStatus.INVALID, reasons);
    }

    /** Merges metrics that share one name. */
    public static Metric mergeMetric(List<Metric> metrics) {
        Metric first = metrics.get(0);
        for (Metric m : metrics) {
            if (m.unit() != first.unit()
                    || m.direction() != first.direction()
                    || !m.statistic().equals(first.statistic())) {
                throw new IllegalArgumentException(
                        "metric '" + first.name() + "' cannot merge: unit/direction/statistic differ ("
                                + first.unit() + "/" + first.direction() + "/" + first.statistic() + " vs "
                                + m.unit() + "/" + m.direction() + "/" + m.statistic() + ")");
            }
        }
        if (metrics.size() == 1) {
            return first;
        }
        return switch (first.statistic().kind()) {
            case PERCENTILE, MEAN, MAX, MIN -> mergeHistograms(metrics);
            case COUNT, RATE -> sum(metrics);
            case RATIO -> pooledRatio(metrics);
            case SCORE, VALUE -> same(metrics);
        };
    }

    private static Metric mergeHistograms(List<Metric> metrics) {
        Metric first = metrics.get(0);
        if (metrics.stream().allMatch(m -> m.histogram() == null)) {
            return mergeWithoutHistograms(metrics);
        }
        List<EncodedHistogram> histograms = new ArrayList<>();
        for (Metric m : metrics) {
            histograms.add(m.distribution()
                    .orElseThrow(() -> new IllegalArgumentException(
                            "metric '" + first.name() + "' (" + first.statistic() + ") has no histogram in source '"
                                    + m.source() + "'; percentiles are never averaged, so it cannot merge")));
        }
        return HistogramMetrics.of(
                first.name(),
                first.unit(),
                first.direction(),
                first.statistic(),
                HistogramMetrics.add(histograms),
                first.source());
    }

    private static Metric mergeWithoutHistograms(List<Metric> metrics) {
        Metric first = metrics.get(0);
        long samples = metrics.stream().mapToLong(Metric::samples).sum();
        return switch (first.statistic().kind()) {
            case MAX ->
                first.withValue(
                        metrics.stream().mapToDouble(Metric::value).max().orElseThrow(), null, samples, null);
            case MIN ->
                first.withValue(
                        metrics.stream().mapToDouble(Metric::value).min().orElseThrow(), null, samples, null);
            case MEAN -> weightedMean(metrics, samples);
            default ->
                metrics.stream()
                        .reduce((best, m) -> m.samples() > best.samples() ? m : best)
                        .orElseThrow();
        };
    }

    private static Metric weightedMean(List<Metric> metrics, long samples) {
        Metric first = metrics.get(0);
        if (samples == 0) {
            throw new IllegalArgumentException("mean metric '" + first.name()
                    + "' has neither a histogram nor sample counts, so it cannot be weighted");
        }
        double total = 0;
        for (Metric m : metrics) {
            total += m.value() * m.samples();
        }
        return first.withValue(total / samples, null, samples, null);
    }

    private static Metric sum(List<Metric> metrics) {
        double value = 0;
        double low = 0;
        double high = 0;
        long samples = 0;
        boolean allIntervals = true;
        for (Metric m : metrics) {
            value += m.value();
            samples += m.samples();
            Interval i = m.uncertainty();
            allIntervals &= i != null;
            low += i == null ? m.value() : i.low();
            high += i == null ? m.value() : i.high();
        }
        // Summing the bounds is conservative: the true interval of a sum of independent counts is narrower.
        Interval interval = allIntervals
                ? new Interval(low, high, metrics.get(0).uncertainty().confidence())
                : null;
        return metrics.get(0).withValue(value, interval, samples, null);
    }

    private static Metric pooledRatio(List<Metric> metrics) {
        Metric first = metrics.get(0);
        long n = 0;
        double k = 0;
        for (Metric m : metrics) {
            if (m.samples() == 0) {
                throw new IllegalArgumentException("ratio metric '" + first.name() + "' from '" + m.source()
                        + "' has no sample count, so it cannot be weighted");
            }
            n += m.samples();
            k += first.unit().convert(m.value(), Unit.RATIO) * m.samples();
        }
        double ratio = k / n;
        Interval wilson =
                Intervals.wilson(Math.round(k), n, Intervals.LOAD_CONFIDENCE).convert(Unit.RATIO, first.unit());
        return first.withValue(Unit.RATIO.convert(ratio, first.unit()), wilson, n, null);
    }

    private static Metric same(List<Metric> metrics) {
        Metric first = metrics.get(0);
        for (Metric m : metrics) {
            if (Double.compare(m.value(), first.value()) != 0) {
                throw new IllegalArgumentException("metric '" + first.name() + "' (" + first.statistic()
                        + ") cannot merge: inputs report " + first.value() + " and " + m.value());
            }
        }
        return first;
    }
}
