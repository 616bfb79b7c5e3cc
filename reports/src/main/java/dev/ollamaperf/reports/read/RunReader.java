package dev.ollamaperf.reports.read;

import dev.ollamaperf.reports.metric.Metric;
import dev.ollamaperf.reports.metric.RunResult;
import dev.ollamaperf.reports.metric.RunStatus;
import dev.ollamaperf.results.EnvironmentInfo;
import dev.ollamaperf.results.FormatException;
import dev.ollamaperf.results.FormatFiles;
import dev.ollamaperf.results.IntegrationMetrics;
import dev.ollamaperf.results.LoadMetrics;
import dev.ollamaperf.results.LoadMetricsMerger;
import dev.ollamaperf.results.ServerInfo;
import dev.ollamaperf.results.TimeSeries;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Reads a run folder into one {@link RunResult}:
 * {@code environment.json} (required), {@code jmh/results.json}, {@code load/metrics.json} plus any
 * {@code load/metrics-*.json} of further injectors (merged), {@code load/server.json} (each optional,
 * but at least one of them must be there).
 */
public final class RunReader {

    private final JmhReader jmh = new JmhReader();
    private final LoadReader load = new LoadReader();
    private final ServerReader server = new ServerReader();

    /**
     * Reads the run folder.
     *
     * @throws FormatException naming the file when a file is missing, malformed or inconsistent
     */
    public RunResult read(Path runDir) {
        Path envFile = runDir.resolve("environment.json");
        if (!Files.isRegularFile(envFile)) {
            throw new FormatException(envFile + ": missing; every run writes its environment.json", null);
        }
        EnvironmentInfo env = FormatFiles.readEnvironment(envFile);
        Map<String, String> environment = new TreeMap<>(env.flatten());
        List<Metric> metrics = new ArrayList<>();
        List<String> reasons = new ArrayList<>();
        List<String> sources = new ArrayList<>();
        Map<String, TimeSeries> timeSeries = Map.of();
        Map<String, List<IntegrationMetrics.Sample>> memorySamples = Map.of();

        Path jmhFile = runDir.resolve("jmh/results.json");
        if (Files.isRegularFile(jmhFile)) {
            metrics.addAll(jmh.read(jmhFile));
            sources.add("jmh");
        }
        List<Path> loadFiles = loadFiles(runDir.resolve("load"));
        if (!loadFiles.isEmpty()) {
            LoadMetrics merged = mergeLoad(loadFiles);
            try {
                metrics.addAll(load.metrics(merged)); // decodes every histogram: a damaged one is the files' fault
            } catch (IllegalArgumentException e) {
                throw new FormatException(loadFiles + ": " + e.getMessage(), e);
            }
            reasons.addAll(load.invalidReasons(merged));
            timeSeries = load.timeSeries(merged);
            memorySamples = load.memorySamples(merged);
            environment.put("load.injectors", merged.injector());
            environment.putAll(load.environment(merged));
            sources.add("load");
        }
        Path serverFile = runDir.resolve("load/server.json");
        if (Files.isRegularFile(serverFile)) {
            ServerInfo info = FormatFiles.readServer(serverFile);
            metrics.addAll(server.metrics(info));
            environment.putAll(server.environment(info));
            sources.add("server");
        }
        if (sources.isEmpty()) {
            throw new FormatException(
                    runDir + ": no measurements: expected jmh/results.json, load/metrics.json or load/server.json",
                    null);
        }
        environment.put("run.sources", String.join(",", sources));
        try {
            return new RunResult(
                    env.runId(),
                    Instant.parse(env.startedAt()),
                    environment,
                    metrics,
                    reasons.isEmpty() ? RunStatus.VALID : RunStatus.INVALID,
                    reasons,
                    timeSeries,
                    memorySamples);
        } catch (IllegalArgumentException e) {
            throw new FormatException(runDir + ": " + e.getMessage(), e);
        }
    }

    /**
     * The run's load metrics files merged (several injectors' files add up), empty when the run has none.
     *
     * @throws FormatException when a file is malformed or the files do not merge
     */
    public static Optional<LoadMetrics> mergedLoadMetrics(Path runDir) {
        List<Path> files = loadMetricsFiles(runDir);
        return files.isEmpty() ? Optional.empty() : Optional.of(mergeLoad(files));
    }

    private static LoadMetrics mergeLoad(List<Path> files) {
        List<LoadMetrics> parsed =
                files.stream().map(FormatFiles::readLoadMetrics).collect(Collectors.toList());
        try {
            return LoadMetricsMerger.merge(parsed);
        } catch (IllegalArgumentException e) {
            throw new FormatException(files + ": " + e.getMessage(), e);
        }
    }

    /** The run's {@code load/metrics.json} and {@code load/metrics-*.json}, sorted by name so the merge order is stable. */
    public static List<Path> loadMetricsFiles(Path runDir) {
        return loadFiles(runDir.resolve("load"));
    }

    private static List<Path> loadFiles(Path loadDir) {
        if (!Files.isDirectory(loadDir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(loadDir)) {
            return files.filter(p -> {
                        String n = p.getFileName().toString();
                        return n.equals("metrics.json") || (n.startsWith("metrics-") && n.endsWith(".json"));
                    })
                    .sorted()
                    .collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + loadDir, e);
        }
    }
}
