package dev.ollamaperf.reports.capacity;

import dev.ollamaperf.reports.read.RunReader;
import dev.ollamaperf.results.FormatFiles;
import dev.ollamaperf.results.HistogramData;
import dev.ollamaperf.results.LoadMetrics;
import dev.ollamaperf.results.ModelMetrics;
import dev.ollamaperf.results.ScenarioMetrics;
import dev.ollamaperf.results.Status;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;

/**
 * Reads a run's capacity steps: the scenarios named {@code capacity_c<users>} or
 * {@code capacity_r<rate>} of {@code load/metrics*.json} (injectors merged), every model of a step
 * added together (histograms with {@link Histogram#add}), sorted by level.
 */
public final class StepReader {

  /** The steps of the run, empty when it has no capacity scenarios (or no load results). */
  public List<CapacityStep> read(Path runDir, Map<String, Long> residentBytes) {
    Optional<LoadMetrics> merged = RunReader.mergedLoadMetrics(runDir);
    if (merged.isEmpty()) {
      return List.of();
    }
    return steps(merged.get(), residentBytes);
  }

  /** True when the run's rate steps had Poisson arrivals ({@code ollama.perf.poisson=true}). */
  public static boolean poissonArrivals(Path runDir) {
    for (Path file : RunReader.loadMetricsFiles(runDir)) {
      for (ScenarioMetrics s : FormatFiles.readLoadMetrics(file).scenarios()) {
        if (Levels.of(s.scenario()).isPresent() && "true".equals(s.settings().get("ollama.perf.poisson"))) {
          return true;
        }
      }
    }
    return false;
  }

  /** The capacity steps of merged load metrics. */
  public List<CapacityStep> steps(LoadMetrics metrics, Map<String, Long> residentBytes) {
    List<CapacityStep> steps = new ArrayList<>();
    for (ScenarioMetrics scenario : metrics.scenarios()) {
      Levels.of(scenario.scenario()).ifPresent(level -> steps.add(step(scenario, level,
          residentBytes.getOrDefault(scenario.scenario(), 0L))));
    }
    steps.sort(Comparator.comparingDouble(CapacityStep::level));
    return steps;
  }

  private static CapacityStep step(ScenarioMetrics s, double level, long resident) {
    long requests = 0;
    long ok = 0;
    long met = 0;
    long tokens = 0;
    Map<String, Histogram> sums = new TreeMap<>();
    for (ModelMetrics m : s.models()) {
      requests += m.counters().requests();
      ok += m.counters().ok();
      met += m.counters().metObjectives();
      tokens += m.outputTokens();
      for (Map.Entry<String, HistogramData> e : m.histograms().entrySet()) {
        Histogram h = e.getValue().decode();
        sums.merge(e.getKey(), h.copy(), (a, b) -> {
          a.add(b);
          return a;
        });
      }
    }
    Map<String, LatencySummary> latencies = new TreeMap<>();
    sums.forEach((name, h) -> {
      if (ModelMetrics.LATENCY_HISTOGRAMS.contains(name)) {
        latencies.put(name, LatencySummary.ofNanos(h));
      }
    });
    Histogram tps = sums.get(ModelMetrics.OUTPUT_TPS);
    double perRequestTps = tps == null || tps.getTotalCount() == 0 ? 0 : tps.getMean() / 1000;
    return new CapacityStep(s.scenario(), level, s.window().seconds(), requests, ok, met, tokens, perRequestTps,
        latencies, resident, s.status() == Status.VALID);
  }

}
