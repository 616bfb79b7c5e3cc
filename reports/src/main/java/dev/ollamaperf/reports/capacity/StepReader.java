package dev.ollamaperf.reports.capacity;

import dev.ollamaperf.reports.read.RunReader;
import dev.ollamaperf.results.FormatFiles;
import dev.ollamaperf.results.HistogramData;
import dev.ollamaperf.results.LoadMetrics;
import dev.ollamaperf.results.ModelMetrics;
import dev.ollamaperf.results.ScenarioMetrics;
import dev.ollamaperf.results.Status;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;

/**
 * Reads a run's capacity steps: the scenarios named {@code capacity_c<users>} or
 * {@code capacity_r<rate>} of {@code load/metrics*.json} (injectors merged), every model of a step
 * added together (histograms with {@link Histogram#add}), sorted by level. A level measured again in a
 * repeat round ({@code <run>/repeat-<n>/load/metrics*.json}, written by {@code perf capacity} when the
 * knee was inconclusive) is one longer step: counts, windows and histograms added, the per-second
 * samples of the rounds put together.
 */
public final class StepReader {

    /** Prefix of a repeat round's folder inside the run folder: {@code repeat-1}, {@code repeat-2}... */
    public static final String REPEAT_PREFIX = "repeat-";

    /** The steps of the run and its repeat rounds, empty when it has no capacity scenarios (or no load results). */
    public List<CapacityStep> read(Path runDir, Map<String, Long> residentBytes) {
        Optional<LoadMetrics> merged = RunReader.mergedLoadMetrics(runDir);
        if (merged.isEmpty()) {
            return List.of();
        }
        List<LoadMetrics> rounds = new ArrayList<>(List.of(merged.get()));
        for (Path repeat : repeatFolders(runDir)) {
            RunReader.mergedLoadMetrics(repeat).ifPresent(rounds::add);
        }
        return steps(rounds, residentBytes);
    }

    /** The run's repeat-round folders, in round order. */
    public static List<Path> repeatFolders(Path runDir) {
        List<Path> folders = new ArrayList<>();
        for (int n = 1; Files.isDirectory(runDir.resolve(REPEAT_PREFIX + n)); n++) {
            folders.add(runDir.resolve(REPEAT_PREFIX + n));
        }
        return folders;
    }

    /** True when the run's rate steps had Poisson arrivals ({@code ollama.perf.poisson=true}). */
    public static boolean poissonArrivals(Path runDir) {
        for (Path file : RunReader.loadMetricsFiles(runDir)) {
            for (ScenarioMetrics s : FormatFiles.readLoadMetrics(file).scenarios()) {
                if (Levels.of(s.scenario()).isPresent()
                        && "true".equals(s.settings().get("ollama.perf.poisson"))) {
                    return true;
                }
            }
        }
        return false;
    }

    /** How many Ollama nodes the run's capacity steps spread over: 1, or a fleet's ({@code nodes} in metrics.json). */
    public static int nodes(Path runDir) {
        int nodes = 1;
        for (Path file : RunReader.loadMetricsFiles(runDir)) {
            for (ScenarioMetrics s : FormatFiles.readLoadMetrics(file).scenarios()) {
                if (Levels.of(s.scenario()).isPresent()) {
                    nodes = Math.max(nodes, s.nodes().size());
                }
            }
        }
        return nodes;
    }

    /** The capacity steps of merged load metrics. */
    public List<CapacityStep> steps(LoadMetrics metrics, Map<String, Long> residentBytes) {
        return steps(List.of(metrics), residentBytes);
    }

    /** The capacity steps of several rounds of a sweep, each level's rounds added into one step. */
    public List<CapacityStep> steps(List<LoadMetrics> rounds, Map<String, Long> residentBytes) {
        Map<String, List<ScenarioMetrics>> byName = new LinkedHashMap<>();
        for (LoadMetrics round : rounds) {
            for (ScenarioMetrics scenario : round.scenarios()) {
                if (Levels.of(scenario.scenario()).isPresent()) {
                    byName.computeIfAbsent(scenario.scenario(), k -> new ArrayList<>())
                            .add(scenario);
                }
            }
        }
        List<CapacityStep> steps = new ArrayList<>();
        byName.forEach((name, measured) ->
                steps.add(step(measured, Levels.of(name).orElseThrow(), residentBytes.getOrDefault(name, 0L))));
        steps.sort(Comparator.comparingDouble(CapacityStep::level));
        return steps;
    }

    private static CapacityStep step(List<ScenarioMetrics> rounds, double level, long resident) {
        long requests = 0;
        long ok = 0;
        long met = 0;
        long tokens = 0;
        double seconds = 0;
        boolean valid = true;
        List<Double> samples = new ArrayList<>();
        Map<String, Histogram> sums = new TreeMap<>();
        for (ScenarioMetrics s : rounds) {
            seconds += s.window().seconds();
            valid &= s.status() == Status.VALID;
            samples.addAll(ThroughputSamples.of(s.timeseries(), s.window().seconds()));
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
        }
        Map<String, LatencySummary> latencies = new TreeMap<>();
        sums.forEach((name, h) -> {
            if (ModelMetrics.LATENCY_HISTOGRAMS.contains(name)) {
                latencies.put(name, LatencySummary.ofNanos(h));
            }
        });
        Histogram tps = sums.get(ModelMetrics.OUTPUT_TPS);
        double perRequestTps = tps == null || tps.getTotalCount() == 0 ? 0 : tps.getMean() / 1000;
        return new CapacityStep(
                rounds.get(0).scenario(),
                level,
                seconds,
                requests,
                ok,
                met,
                tokens,
                perRequestTps,
                latencies,
                resident,
                valid,
                samples);
    }
}
