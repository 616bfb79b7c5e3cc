package dev.ollamaperf.load.metrics;

import dev.ollamaperf.load.protocol.LlmMetricsRecorder.ModelSnapshot;
import dev.ollamaperf.load.protocol.TimeSeriesRecorder;
import dev.ollamaperf.results.Counters;
import dev.ollamaperf.results.FormatFiles;
import dev.ollamaperf.results.HistogramData;
import dev.ollamaperf.results.Injection;
import dev.ollamaperf.results.IntegrationMetrics;
import dev.ollamaperf.results.LoadMetrics;
import dev.ollamaperf.results.ModelMetrics;
import dev.ollamaperf.results.NodeLoad;
import dev.ollamaperf.results.Objectives;
import dev.ollamaperf.results.ScenarioMetrics;
import dev.ollamaperf.results.Status;
import dev.ollamaperf.results.Target;
import dev.ollamaperf.results.TimeSeries;
import dev.ollamaperf.results.TurnMetrics;
import dev.ollamaperf.results.Window;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes {@code <run>/load/metrics.json}, the gate's source of truth for load results (Gatling 3.14+ writes
 * no machine-readable statistics), through the typed writer of results-format ({@link FormatFiles}): the
 * recorder's snapshots become a {@link LoadMetrics}, which validates itself as the reports' reader does, so
 * a field the reader would refuse fails here, in the producer, not in the gate.
 *
 * <p>One exception keeps a run's results: the time series is optional in the format, so a series that does
 * not add up to the counters (it should always; a request recorded without its start would do it) is left
 * out with a warning instead of losing the whole file.
 */
public final class MetricsFile {

    /** The format version written. */
    public static final int VERSION = LoadMetrics.VERSION;

    private MetricsFile() {}

    /**
     * Writes one file holding the given scenarios, atomically (a temporary file moved into place), so a run
     * stopped mid-write never leaves half a file.
     *
     * @return warnings, one per scenario whose time series was left out (empty when none was)
     * @throws IllegalArgumentException naming the scenario and the field when a run breaks a rule of the format
     * @throws java.io.UncheckedIOException when the file cannot be written
     */
    public static List<String> write(Path file, String injector, List<ScenarioRun> runs) {
        List<String> warnings = new ArrayList<>();
        FormatFiles.writeLoadMetrics(toLoadMetrics(injector, runs, warnings), file);
        return warnings;
    }

    /**
     * The file's content: one scenario per run, models and settings sorted by name.
     *
     * @param warnings receives one line per scenario whose time series was left out
     */
    public static LoadMetrics toLoadMetrics(String injector, List<ScenarioRun> runs, List<String> warnings) {
        List<ScenarioMetrics> scenarios = new ArrayList<>();
        for (ScenarioRun run : runs) {
            scenarios.add(scenario(run, warnings));
        }
        return new LoadMetrics(VERSION, injector, scenarios);
    }

    /**
     * One scenario's run.
     *
     * @param scenario   name without dots or spaces, e.g. "steady"
     * @param reasons    why the run is invalid (empty when valid)
     * @param start      first request sent
     * @param end        last answer received
     * @param openModel  arrival-rate injection (true) or fixed users (false)
     * @param targetRps  the intended arrival rate (0 for closed model)
     * @param users      virtual users started
     * @param targetKind "emulator", "ollama" or "gateway"
     * @param endpoints  the target base URIs
     * @param settings   every setting that shaped the run
     * @param maxNanos   latency objectives by histogram name (e.g. "ttft"), in ns
     * @param models     the recorder's snapshot
     * @param timeSeries the requests over time (all models together), or null for none
     * @param integration what the integration itself added and used, or null when the load did not go through it
     * @param turns      in a session workload, per model its conversations' turns; empty otherwise
     * @param nodes      against a fleet, what each node served (in {@code endpoints} order); empty otherwise
     */
    public record ScenarioRun(
            String scenario,
            List<String> reasons,
            Instant start,
            Instant end,
            boolean openModel,
            double targetRps,
            int users,
            String targetKind,
            List<String> endpoints,
            Map<String, String> settings,
            Map<String, Long> maxNanos,
            Map<String, ModelSnapshot> models,
            TimeSeriesRecorder.Series timeSeries,
            IntegrationMetrics integration,
            Map<String, List<TurnMetrics>> turns,
            List<NodeLoad> nodes) {

        /** A scenario run against one node. */
        public ScenarioRun(
                String scenario,
                List<String> reasons,
                Instant start,
                Instant end,
                boolean openModel,
                double targetRps,
                int users,
                String targetKind,
                List<String> endpoints,
                Map<String, String> settings,
                Map<String, Long> maxNanos,
                Map<String, ModelSnapshot> models,
                TimeSeriesRecorder.Series timeSeries,
                IntegrationMetrics integration,
                Map<String, List<TurnMetrics>> turns) {
            this(
                    scenario,
                    reasons,
                    start,
                    end,
                    openModel,
                    targetRps,
                    users,
                    targetKind,
                    endpoints,
                    settings,
                    maxNanos,
                    models,
                    timeSeries,
                    integration,
                    turns,
                    List.of());
        }

        /** A scenario run without a time series or conversation turns. */
        public ScenarioRun(
                String scenario,
                List<String> reasons,
                Instant start,
                Instant end,
                boolean openModel,
                double targetRps,
                int users,
                String targetKind,
                List<String> endpoints,
                Map<String, String> settings,
                Map<String, Long> maxNanos,
                Map<String, ModelSnapshot> models) {
            this(
                    scenario,
                    reasons,
                    start,
                    end,
                    openModel,
                    targetRps,
                    users,
                    targetKind,
                    endpoints,
                    settings,
                    maxNanos,
                    models,
                    null,
                    null,
                    Map.of());
        }

        public ScenarioRun {
            reasons = List.copyOf(reasons);
            endpoints = List.copyOf(endpoints);
            settings = Map.copyOf(settings);
            maxNanos = Map.copyOf(maxNanos);
            models = Map.copyOf(models);
            turns = Map.copyOf(turns);
            nodes = List.copyOf(nodes);
            if (!end.isAfter(start)) {
                end = start.plusMillis(1);
            }
        }

        /** This run with what the integration itself added and used. */
        public ScenarioRun withIntegration(IntegrationMetrics measured) {
            return new ScenarioRun(
                    scenario,
                    reasons,
                    start,
                    end,
                    openModel,
                    targetRps,
                    users,
                    targetKind,
                    endpoints,
                    settings,
                    maxNanos,
                    models,
                    timeSeries,
                    measured,
                    turns,
                    nodes);
        }

        /** Requests sent, over every model. */
        public long requests() {
            return models.values().stream().mapToLong(ModelSnapshot::requests).sum();
        }

        /** Requests sent per second of the window. */
        public double requestRps() {
            return perSecond(requests());
        }

        /** Whether its arrivals are conversations (a session workload in an open model), not single requests. */
        public boolean conversationArrivals() {
            return openModel() && !turns.isEmpty();
        }

        /**
         * Arrivals per second of the window, the rate actually achieved in the target's unit: requests sent, or with
         * {@link #conversationArrivals()} the conversations started, which are their first turns.
         */
        public double achievedRps() {
            return conversationArrivals()
                    ? perSecond(turns.values().stream()
                            .flatMap(List::stream)
                            .filter(turn -> turn.turn() == 1)
                            .mapToLong(TurnMetrics::requests)
                            .sum())
                    : requestRps();
        }

        private double perSecond(long count) {
            double seconds = (end.toEpochMilli() - start.toEpochMilli()) / 1000.0;
            return seconds <= 0 ? 0 : count / seconds;
        }
    }

    private static ScenarioMetrics scenario(ScenarioRun run, List<String> warnings) {
        try {
            List<ModelMetrics> models = new ArrayList<>();
            new TreeMap<>(run.models())
                    .forEach((name, snapshot) ->
                            models.add(model(name, snapshot, run.turns().getOrDefault(name, List.of()))));
            ScenarioMetrics scenario = new ScenarioMetrics(
                    run.scenario(),
                    run.reasons().isEmpty() ? Status.VALID : Status.INVALID,
                    run.reasons(),
                    new Window(run.start().toString(), run.end().toString()),
                    new Injection(run.openModel() ? "open" : "closed", run.targetRps(), run.achievedRps(), run.users()),
                    new Target(run.targetKind(), run.endpoints()),
                    run.settings(),
                    new Objectives(run.maxNanos()),
                    models);
            ScenarioMetrics withSeries =
                    run.timeSeries() == null ? scenario : withSeries(scenario, run.timeSeries(), warnings);
            return withSeries.withIntegration(run.integration()).withNodes(run.nodes());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "scenario '" + run.scenario() + "' cannot be written to metrics.json: " + e.getMessage(), e);
        }
    }

    /** The scenario with its time series, or without it (and a warning) when the series breaks a rule. */
    private static ScenarioMetrics withSeries(
            ScenarioMetrics scenario, TimeSeriesRecorder.Series series, List<String> warnings) {
        try {
            return scenario.withTimeseries(timeSeries(series));
        } catch (IllegalArgumentException e) {
            warnings.add("the time series of scenario '" + scenario.scenario() + "' is left out of metrics.json: "
                    + e.getMessage());
            return scenario;
        }
    }

    /** The optional {@code timeseries} of a scenario; TTFT only for buckets with a TTFT sample. */
    private static TimeSeries timeSeries(TimeSeriesRecorder.Series series) {
        List<TimeSeries.Point> points = new ArrayList<>();
        for (TimeSeriesRecorder.Point p : series.points()) {
            boolean ttft = p.ttftP50Nanos() >= 0;
            points.add(new TimeSeries.Point(
                    p.tMillis(),
                    p.started(),
                    p.ok(),
                    p.errors(),
                    p.outputTokens(),
                    p.activeMax(),
                    p.activeEnd(),
                    ttft ? p.ttftP50Nanos() : null,
                    ttft ? p.ttftP95Nanos() : null));
        }
        return new TimeSeries(series.stepMillis(), series.start().toString(), points);
    }

    private static ModelMetrics model(String name, ModelSnapshot snapshot, List<TurnMetrics> turns) {
        Map<String, HistogramData> histograms = new TreeMap<>();
        snapshot.histograms()
                .forEach((histogramName, histogram) -> histograms.put(
                        histogramName,
                        HistogramData.of(histogram, histogramName.equals(ModelMetrics.OUTPUT_TPS) ? "mtok/s" : "ns")));
        return new ModelMetrics(
                name,
                new Counters(snapshot.requests(), snapshot.ok(), snapshot.errors(), snapshot.metObjectives()),
                snapshot.outputTokens(),
                histograms,
                turns);
    }
}
