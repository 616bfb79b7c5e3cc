package dev.ollamaperf.reports.modelcomparison;

import dev.ollamaperf.reports.metric.Metric;
import dev.ollamaperf.reports.metric.RunResult;
import dev.ollamaperf.reports.metric.RunStatus;
import dev.ollamaperf.reports.metric.Statistic;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.HdrHistogram.Histogram;

/**
 * Compares the models of one load scenario from a run's metrics alone: the histograms that ride on
 * {@code load.<s>.<model>.<metric>.p50}, the request counts, and the server facts
 * ({@code server.<model>.memory[.vram].bytes}, {@code server.<model>.load_time} and the
 * environment's {@code server.<model>.load_state}). See {@link QuantileInterval} for the intervals
 * and {@link MetricRanking} for the ranking rule.
 */
public final class ModelComparer {

    /** The scenario {@code ModelComparisonSimulation} writes. */
    public static final String DEFAULT_SCENARIO = "compare";
    /** The confidence of every interval. */
    public static final double CONFIDENCE = 0.95;

    /** Returns the models measured in {@code scenario}, in name order (empty when the run has no such scenario). */
    public static List<String> models(RunResult run, String scenario) {
        String prefix = "load." + scenario + ".";
        TreeSet<String> models = new TreeSet<>();
        for (Metric m : run.metrics()) {
            String n = m.name();
            // load.<s>.integration.requests counts the integration's requests, not a model's
            if (n.startsWith(prefix)
                    && !n.startsWith(prefix + "integration.")
                    && n.endsWith(".requests")
                    && n.length() > prefix.length() + ".requests".length()) {
                models.add(n.substring(prefix.length(), n.length() - ".requests".length()));
            }
        }
        return new ArrayList<>(models);
    }

    /** Returns the comparison of {@code scenario}'s models, or empty when it measured fewer than two. */
    public Optional<ModelComparison> compare(RunResult run, String scenario) {
        List<String> models = models(run, scenario);
        if (models.size() < 2) {
            return Optional.empty();
        }
        Map<String, Metric> byName = new LinkedHashMap<>();
        run.metrics().forEach(m -> byName.put(m.name(), m));
        List<String> warnings = new ArrayList<>();
        if (run.status() == RunStatus.INVALID) {
            warnings.add("the run is INVALID: " + String.join("; ", run.reasons()));
        }
        List<ModelComparison.ModelSummary> summaries = new ArrayList<>();
        for (String model : models) {
            summaries.add(summary(run, byName, scenario, model, warnings));
        }
        Ranker ranker = new Ranker(CONFIDENCE);
        List<MetricRanking> rankings = new ArrayList<>();
        for (ComparedMetric metric : ComparedMetric.values()) {
            Map<String, Estimate> estimates = new LinkedHashMap<>();
            summaries.stream()
                    .filter(s -> s.estimates().containsKey(metric))
                    .forEach(s -> estimates.put(s.model(), s.estimates().get(metric)));
            if (estimates.size() == models.size()) {
                rankings.add(ranker.rank(metric, estimates));
            } else {
                warnings.add(metric.key() + ": not ranked, only " + estimates.keySet() + " have samples");
            }
        }
        return Optional.of(new ModelComparison(run.runId(), scenario, CONFIDENCE, summaries, rankings, warnings));
    }

    private static ModelComparison.ModelSummary summary(
            RunResult run, Map<String, Metric> byName, String scenario, String model, List<String> warnings) {
        String prefix = "load." + scenario + "." + model + ".";
        long requests = (long) value(byName, prefix + "requests", 0);
        long failed = Math.round(value(byName, prefix + "errors.ratio", 0) * requests);
        if (failed > 0) {
            warnings.add(model + ": " + failed + " of " + requests + " requests failed; the estimates cover the rest");
        }
        Metric e2e = byName.get(prefix + "e2e.p50");
        long answered = e2e != null ? e2e.samples() : requests;
        Map<ComparedMetric, Estimate> estimates = new LinkedHashMap<>();
        for (ComparedMetric metric : ComparedMetric.values()) {
            Metric m = byName.get(
                    prefix + metric.key() + "." + Statistic.percentile(50).code());
            if (m != null && m.histogram() != null) {
                Estimate estimate = estimate(metric, m, answered);
                if (!estimate.reaches(CONFIDENCE)) {
                    warnings.add(String.format(
                            Locale.ROOT,
                            "%s %s: %d independent samples give only %.1f%% coverage;" + " no verdict against it",
                            model,
                            metric.key(),
                            estimate.effectiveSamples(),
                            100 * estimate.coverage()));
                }
                estimates.put(metric, estimate);
            }
        }
        Metric load = byName.get("server." + model + ".load_time");
        Metric memory = byName.get("server." + model + ".memory.bytes");
        Metric vram = byName.get("server." + model + ".memory.vram.bytes");
        return new ModelComparison.ModelSummary(
                model,
                requests,
                failed,
                estimates,
                run.environment().getOrDefault("server." + model + ".load_state", "unknown"),
                load == null ? null : load.value(),
                memory == null ? null : (long) memory.value(),
                vram == null ? null : (long) vram.value());
    }

    static Estimate estimate(ComparedMetric metric, Metric p50, long requests) {
        Histogram h = p50.histogram().decode();
        long n = h.getTotalCount();
        long effective = metric.clustered() ? Math.max(1, Math.min(n, requests)) : n;
        double[] interval = QuantileInterval.of(h, 0.5, CONFIDENCE, effective);
        var from = p50.histogram().unit();
        double median = from.convert(h.getValueAtPercentile(50), metric.unit());
        return new Estimate(
                median,
                from.convert(interval[0], metric.unit()),
                from.convert(interval[1], metric.unit()),
                interval[2],
                n,
                effective);
    }

    private static double value(Map<String, Metric> byName, String name, double fallback) {
        Metric m = byName.get(name);
        return m == null ? fallback : m.value();
    }
}
