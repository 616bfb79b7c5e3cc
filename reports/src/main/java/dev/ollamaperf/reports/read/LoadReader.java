package dev.ollamaperf.reports.read;

import dev.ollamaperf.reports.metric.Direction;
import dev.ollamaperf.reports.metric.EncodedHistogram;
import dev.ollamaperf.reports.metric.HistogramMetrics;
import dev.ollamaperf.reports.metric.Interval;
import dev.ollamaperf.reports.metric.Intervals;
import dev.ollamaperf.reports.metric.Metric;
import dev.ollamaperf.reports.metric.Statistic;
import dev.ollamaperf.reports.metric.Unit;
import dev.ollamaperf.results.HistogramData;
import dev.ollamaperf.results.IntegrationMetrics;
import dev.ollamaperf.results.LoadMetrics;
import dev.ollamaperf.results.ModelMetrics;
import dev.ollamaperf.results.ScenarioMetrics;
import dev.ollamaperf.results.Status;
import dev.ollamaperf.results.TimeSeries;
import dev.ollamaperf.results.TurnMetrics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns a (merged) {@code load/metrics.json} into metrics.
 *
 * <p>Per scenario {@code s} and model {@code m}:
 * {@code load.s.m.<histogram>.{p50,p90,p95,p99,p99.9,max}} in ms for each latency histogram
 * ({@code ttft}, {@code ttft_server}, {@code inter_token}, {@code e2e}, {@code queue_wait}, {@code slot_wait}, and
 * for a model that thought {@code ttft_thinking} and {@code thinking});
 * {@code load.s.m.output_tps.{mean,p50}} in tokens/s per request; {@code load.s.m.requests};
 * {@code load.s.m.errors.ratio}; {@code load.s.m.goodput.ratio}. Per scenario:
 * {@code load.s.throughput.rps} (ok responses per second of window), {@code load.s.output_tokens.tps}
 * (aggregate output tokens per second), {@code load.s.requests}, {@code load.s.errors.ratio},
 * {@code load.s.errors.<kind>.ratio} for each kind of error that happened ({@code http_503},
 * {@code dropped_stream}, {@code timeout}, ...), {@code load.s.goodput.ratio}. An empty histogram gives no metrics (there is nothing to report), so a
 * comparison then shows them as missing. A scenario with an {@code integration} block adds the metrics that
 * {@link IntegrationReader} lists ({@code load.s.m.added.<latency>.p50}, {@code load.s.integration.*}). A model with
 * conversation turns (a session workload) adds per turn {@code k}: {@code load.s.m.turnk.requests};
 * {@code load.s.m.turnk.{ttft,e2e,prompt_eval}.{p50,p95}} in ms; {@code load.s.m.turnk.prompt_tokens.{p50,mean}}
 * (the server's {@code prompt_eval_count}); {@code load.s.m.turnk.prompt_rate.{mean,p50}} in tokens/ms.
 */
public final class LoadReader {

    private static final List<Statistic> LATENCY_STATISTICS = List.of(
            Statistic.percentile(50),
            Statistic.percentile(90),
            Statistic.percentile(95),
            Statistic.percentile(99),
            Statistic.percentile(99.9),
            Statistic.MAX);
    private static final List<String> LATENCIES = List.of(
            "ttft", "ttft_thinking", "thinking", "ttft_server", "inter_token", "e2e", "queue_wait", "slot_wait");

    /** Returns the metrics of every scenario of the file. */
    public List<Metric> metrics(LoadMetrics file) {
        List<Metric> metrics = new ArrayList<>();
        for (ScenarioMetrics scenario : file.scenarios()) {
            scenarioMetrics(scenario, metrics);
        }
        return metrics;
    }

    /** Returns the time series of the scenarios that have one, by scenario name. */
    public Map<String, TimeSeries> timeSeries(LoadMetrics file) {
        Map<String, TimeSeries> series = new TreeMap<>();
        for (ScenarioMetrics s : file.scenarios()) {
            if (s.timeseries() != null) {
                series.put(s.scenario(), s.timeseries());
            }
        }
        return series;
    }

    /** Returns the integration JVM's memory samples of the scenarios that have some, by scenario name. */
    public Map<String, List<IntegrationMetrics.Sample>> memorySamples(LoadMetrics file) {
        Map<String, List<IntegrationMetrics.Sample>> samples = new TreeMap<>();
        for (ScenarioMetrics s : file.scenarios()) {
            IntegrationMetrics i = s.integration();
            if (i != null && i.memory() != null && !i.memory().samples().isEmpty()) {
                samples.put(s.scenario(), i.memory().samples());
            }
        }
        return samples;
    }

    /** Returns why the file's scenarios judged themselves invalid, each prefixed by the scenario; empty if valid. */
    public List<String> invalidReasons(LoadMetrics file) {
        List<String> reasons = new ArrayList<>();
        for (ScenarioMetrics s : file.scenarios()) {
            if (s.status() == Status.INVALID) {
                s.reasons().forEach(r -> reasons.add("load scenario '" + s.scenario() + "': " + r));
            }
        }
        return reasons;
    }

    /**
     * Returns per-scenario facts that are not metrics but that the reports show beside them:
     * {@code load.<scenario>.injection.{model,target_rps,achieved_rps,users}} and
     * {@code load.<scenario>.window.seconds}, and for a scenario through the integration
     * {@code load.<scenario>.integration.reference}, the scenario of the direct path, and against a fleet each
     * node's base URL ({@link FleetReader#environment}).
     */
    public Map<String, String> environment(LoadMetrics file) {
        Map<String, String> env = new TreeMap<>();
        for (ScenarioMetrics s : file.scenarios()) {
            String prefix = "load." + s.scenario() + ".";
            env.put(prefix + "injection.model", s.injection().model());
            env.put(
                    prefix + "injection.target_rps",
                    dev.ollamaperf.reports.metric.Numbers.plain(s.injection().targetRps()));
            env.put(
                    prefix + "injection.achieved_rps",
                    dev.ollamaperf.reports.metric.Numbers.plain(s.injection().achievedRps()));
            env.put(prefix + "injection.users", Integer.toString(s.injection().users()));
            env.put(
                    prefix + "window.seconds",
                    dev.ollamaperf.reports.metric.Numbers.plain(s.window().seconds()));
            if (s.integration() != null && s.integration().reference() != null) {
                env.put(prefix + "integration.reference", s.integration().reference());
            }
            FleetReader.environment(s, env);
        }
        return env;
    }

    private static void scenarioMetrics(ScenarioMetrics s, List<Metric> out) {
        String prefix = "load." + s.scenario() + ".";
        long requests = 0;
        long ok = 0;
        long met = 0;
        long tokens = 0;
        Map<String, Long> errorsByKind = new TreeMap<>();
        for (ModelMetrics m : s.models()) {
            modelMetrics(prefix + m.model() + ".", m, out);
            requests += m.counters().requests();
            ok += m.counters().ok();
            met += m.counters().metObjectives();
            tokens += m.outputTokens();
            m.counters().errors().forEach((kind, n) -> errorsByKind.merge(kind, n, Long::sum));
        }
        double seconds = s.window().seconds();
        out.add(new Metric(
                prefix + "throughput.rps",
                Unit.REQUESTS_PER_SECOND,
                Direction.HIGHER_IS_BETTER,
                ok / seconds,
                Intervals.rate(ok, seconds, Intervals.LOAD_CONFIDENCE),
                ok,
                Statistic.RATE,
                null,
                "load"));
        out.add(new Metric(
                prefix + "output_tokens.tps",
                Unit.TOKENS_PER_SECOND,
                Direction.HIGHER_IS_BETTER,
                tokens / seconds,
                null,
                ok,
                Statistic.RATE,
                null,
                "load"));
        out.add(count(prefix + "requests", requests));
        ratios(prefix, requests, requests - ok, met, out);
        if (s.integration() != null) {
            IntegrationReader.metrics(s, out);
        }
        if (!s.nodes().isEmpty()) {
            FleetReader.metrics(s, out);
        }
        if (requests > 0) {
            // Which errors, not only how many: a 503 storm and dropped streams call for different fixes.
            for (Map.Entry<String, Long> kind : errorsByKind.entrySet()) {
                if (kind.getValue() > 0) {
                    out.add(ratio(
                            prefix + "errors." + kind.getKey() + ".ratio",
                            kind.getValue(),
                            requests,
                            Direction.LOWER_IS_BETTER));
                }
            }
        }
    }

    private static void modelMetrics(String prefix, ModelMetrics m, List<Metric> out) {
        for (String name : LATENCIES) {
            histogramMetrics(
                    prefix + name,
                    m.histograms().get(name),
                    Unit.NANOSECONDS,
                    Unit.MILLISECONDS,
                    Direction.LOWER_IS_BETTER,
                    LATENCY_STATISTICS,
                    out);
        }
        histogramMetrics(
                prefix + ModelMetrics.OUTPUT_TPS,
                m.histograms().get(ModelMetrics.OUTPUT_TPS),
                Unit.MILLITOKENS_PER_SECOND,
                Unit.TOKENS_PER_SECOND,
                Direction.HIGHER_IS_BETTER,
                List.of(Statistic.MEAN, Statistic.percentile(50)),
                out);
        out.add(count(prefix + "requests", m.counters().requests()));
        for (TurnMetrics turn : m.turns()) {
            turnMetrics(prefix + "turn" + turn.turn() + ".", turn, out);
        }
        ratios(
                prefix,
                m.counters().requests(),
                m.counters().failed(),
                m.counters().metObjectives(),
                out);
    }

    /** The metrics of one turn of a session workload's conversations (see the class comment). */
    private static void turnMetrics(String prefix, TurnMetrics turn, List<Metric> out) {
        out.add(count(prefix + "requests", turn.requests()));
        List<Statistic> middleAndTail = List.of(Statistic.percentile(50), Statistic.percentile(95));
        for (String name : List.of("ttft", "e2e", "prompt_eval")) {
            histogramMetrics(
                    prefix + name,
                    turn.histograms().get(name),
                    Unit.NANOSECONDS,
                    Unit.MILLISECONDS,
                    Direction.LOWER_IS_BETTER,
                    middleAndTail,
                    out);
        }
        // more prompt tokens per turn cost more prefill, unless the server reuses a cached prefix
        histogramMetrics(
                prefix + TurnMetrics.PROMPT_TOKENS,
                turn.histograms().get(TurnMetrics.PROMPT_TOKENS),
                Unit.COUNT,
                Unit.COUNT,
                Direction.LOWER_IS_BETTER,
                List.of(Statistic.percentile(50), Statistic.MEAN),
                out);
        histogramMetrics(
                prefix + TurnMetrics.PROMPT_RATE,
                turn.histograms().get(TurnMetrics.PROMPT_RATE),
                Unit.MILLITOKENS_PER_SECOND,
                Unit.TOKENS_PER_MILLISECOND,
                Direction.HIGHER_IS_BETTER,
                List.of(Statistic.MEAN, Statistic.percentile(50)),
                out);
    }

    /**
     * {@code name.<statistic>} for each statistic, from a histogram recorded in {@code recorded} and shown in
     * {@code shown}; nothing for an absent or empty histogram.
     */
    private static void histogramMetrics(
            String name,
            HistogramData data,
            Unit recorded,
            Unit shown,
            Direction direction,
            List<Statistic> statistics,
            List<Metric> out) {
        if (data == null || data.count() == 0) {
            return;
        }
        data.decode(); // checks that the histogram holds what its 'count' says
        EncodedHistogram h = new EncodedHistogram(recorded, data.hdr());
        for (Statistic statistic : statistics) {
            out.add(HistogramMetrics.of(name + "." + statistic.code(), shown, direction, statistic, h, "load"));
        }
    }

    private static void ratios(String prefix, long requests, long failed, long met, List<Metric> out) {
        if (requests == 0) {
            return; // no requests: a ratio is undefined, not zero
        }
        out.add(ratio(prefix + "errors.ratio", failed, requests, Direction.LOWER_IS_BETTER));
        out.add(ratio(prefix + "goodput.ratio", met, requests, Direction.HIGHER_IS_BETTER));
    }

    static Metric ratio(String name, long k, long n, Direction direction) {
        Interval wilson = Intervals.wilson(k, n, Intervals.LOAD_CONFIDENCE);
        return new Metric(name, Unit.RATIO, direction, (double) k / n, wilson, n, Statistic.RATIO, null, "load");
    }

    static Metric count(String name, long n) {
        return new Metric(name, Unit.COUNT, Direction.HIGHER_IS_BETTER, n, null, n, Statistic.COUNT, null, "load");
    }
}
