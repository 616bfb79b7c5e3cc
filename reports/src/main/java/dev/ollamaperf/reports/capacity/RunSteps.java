package dev.ollamaperf.reports.capacity;

import dev.ollamaperf.reports.metric.EncodedHistogram;
import dev.ollamaperf.reports.metric.Metric;
import dev.ollamaperf.reports.metric.RunResult;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;

/**
 * The capacity steps of a run already read into a {@link RunResult} (what index.html renders from):
 * counts and rates from {@code load.<step>.*} metrics, latency distributions from the histograms the
 * p50 metrics carry (added over models), the window from {@code load.<step>.window.seconds}, the
 * per-second samples from the step's time series. Resident
 * memory per step is not in a RunResult and is 0 here (capacity.json has it).
 */
public final class RunSteps {

    private RunSteps() {}

    /** The steps, by level; empty when the run has none. */
    public static List<CapacityStep> from(RunResult run) {
        List<CapacityStep> steps = new ArrayList<>();
        Map<String, String> env = run.environment();
        for (Map.Entry<String, String> e : env.entrySet()) {
            String key = e.getKey();
            if (key.startsWith("load.") && key.endsWith(".window.seconds")) {
                String scenario = key.substring(5, key.length() - ".window.seconds".length());
                Levels.of(scenario)
                        .ifPresent(level -> step(run, scenario, level, Double.parseDouble(e.getValue()))
                                .ifPresent(steps::add));
            }
        }
        steps.sort(Comparator.comparingDouble(CapacityStep::level));
        return steps;
    }

    private static java.util.Optional<CapacityStep> step(RunResult run, String scenario, double level, double seconds) {
        String prefix = "load." + scenario + ".";
        long requests = Math.round(value(run, prefix + "requests"));
        if (requests == 0 || seconds <= 0) {
            return java.util.Optional.empty();
        }
        long ok = Math.round(requests * (1 - value(run, prefix + "errors.ratio")));
        long met = Math.min(ok, Math.round(requests * value(run, prefix + "goodput.ratio")));
        long tokens = Math.round(value(run, prefix + "output_tokens.tps") * seconds);
        Map<String, Histogram> sums = new TreeMap<>();
        double tpsWeighted = 0;
        long tpsWeight = 0;
        for (Metric m : run.metrics()) {
            String name = m.name();
            if (!name.startsWith(prefix)) {
                continue;
            }
            if (name.endsWith(".output_tps.mean")) {
                tpsWeighted += m.value() * m.samples();
                tpsWeight += m.samples();
            }
            for (String latency : Objective.LATENCIES) {
                if (name.endsWith("." + latency + ".p50") && m.distribution().isPresent()) {
                    EncodedHistogram h = m.distribution().get();
                    sums.merge(latency, h.decode().copy(), (a, b) -> {
                        a.add(b);
                        return a;
                    });
                }
            }
        }
        Map<String, LatencySummary> latencies = new TreeMap<>();
        sums.forEach((latency, h) -> latencies.put(latency, LatencySummary.ofNanos(h)));
        return java.util.Optional.of(new CapacityStep(
                scenario,
                level,
                seconds,
                requests,
                ok,
                met,
                tokens,
                tpsWeight == 0 ? 0 : tpsWeighted / tpsWeight,
                latencies,
                0,
                true,
                ThroughputSamples.of(run.timeSeries().get(scenario), seconds)));
    }

    private static double value(RunResult run, String name) {
        return run.metric(name).map(Metric::value).orElse(0.0);
    }
}
