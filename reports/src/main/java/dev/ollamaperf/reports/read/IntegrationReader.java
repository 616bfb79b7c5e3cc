package dev.ollamaperf.reports.read;

import dev.ollamaperf.reports.metric.Direction;
import dev.ollamaperf.reports.metric.Interval;
import dev.ollamaperf.reports.metric.Intervals;
import dev.ollamaperf.reports.metric.Metric;
import dev.ollamaperf.reports.metric.Statistic;
import dev.ollamaperf.reports.metric.Unit;
import dev.ollamaperf.results.IntegrationMetrics;
import dev.ollamaperf.results.IntegrationMetrics.JvmMemory;
import dev.ollamaperf.results.IntegrationMetrics.PairedLatency;
import dev.ollamaperf.results.ScenarioMetrics;
import java.util.List;

/**
 * Turns a scenario's {@code integration} block into metrics, for scenario {@code s} and model {@code m}:
 *
 * <ul>
 *   <li>{@code load.s.m.added.<latency>.p50} (ms): the median of the paired integration-minus-direct differences,
 *       with its distribution-free 95% interval ({@link Intervals#quantile}; none under 6 pairs), samples = pairs;
 *       no histogram, since a difference can be negative;</li>
 *   <li>{@code load.s.integration.requests};</li>
 *   <li>{@code load.s.integration.cache.hit.ratio}: the share of the requests the integration served that its
 *       response cache answered, on the scenario that carries the JVM-wide figures (the one with memory);</li>
 *   <li>{@code load.s.integration.fairness.jain}: Jain's index ({@link JainIndex}) of the requests each virtual user
 *       got answered through the integration ({@code user_requests}), when at least two users were recorded and one
 *       got an answer: with more users than {@code OLLAMA_MAX_CONCURRENT}, how evenly its limiter served them;</li>
 *   <li>with memory: {@code heap_after_gc.bytes} (peak), {@code heap_growth.bytes} (end minus start, may be
 *       negative), {@code alloc_per_request} and {@code retained_per_request} (B/op, when there were requests),
 *       {@code rss.bytes} (when the OS told), {@code gc_pause.p99} (ms, when there were pauses),
 *       {@code threads}, and {@code heap_slope} (MB/h, for windows of at least 10 minutes), all under
 *       {@code load.s.integration.}</li>
 * </ul>
 *
 * Statistics are chosen so that runs merge exactly where they can ({@link dev.ollamaperf.reports.metric.RunMerger}):
 * peaks are maxima, per-request figures means weighted by requests, a window's growth and slope means of one
 * sample each.
 */
final class IntegrationReader {

    /** The confidence of the added latencies' intervals. */
    static final double CONFIDENCE = 0.95;
    /** Below this a slope is mostly the noise of when the collections happened to run. */
    static final double SLOPE_MIN_SECONDS = 600;

    private static final String SOURCE = "load";

    private IntegrationReader() {}

    static void metrics(ScenarioMetrics s, List<Metric> out) {
        IntegrationMetrics integration = s.integration();
        String prefix = "load." + s.scenario() + ".";
        for (PairedLatency p : integration.added()) {
            if (!p.differencesNs().isEmpty()) {
                out.add(added(prefix + p.model() + ".added." + p.latency() + ".p50", p.differencesNs()));
            }
        }
        String own = prefix + "integration.";
        long requests = integration.requests();
        out.add(LoadReader.count(own + "requests", requests));
        if (integration.memory() != null && requests > 0) {
            // of every request the integration served, not of its lookups: with the cache off there is no lookup,
            // and the ratio must then read 0, not go missing
            out.add(LoadReader.ratio(
                    own + "cache.hit.ratio",
                    Math.min(integration.cacheHits(), requests),
                    requests,
                    Direction.HIGHER_IS_BETTER));
        }
        if (integration.userRequests() != null) {
            List<Long> users = integration.userRequests();
            JainIndex.of(users)
                    .ifPresent(jain -> out.add(new Metric(
                            own + "fairness.jain",
                            Unit.RATIO,
                            Direction.HIGHER_IS_BETTER,
                            jain,
                            null,
                            users.size(),
                            // not mergeable from two injectors' indexes; their user lists are merged instead
                            Statistic.VALUE,
                            null,
                            SOURCE)));
        }
        if (integration.memory() != null) {
            memory(own, integration.memory(), requests, measuredSeconds(integration.memory(), s), out);
        }
    }

    private static Metric added(String name, List<Long> differencesNs) {
        long[] sorted =
                differencesNs.stream().mapToLong(Long::longValue).sorted().toArray();
        double medianNs = Intervals.median(sorted);
        Interval interval = Intervals.quantile(sorted, 0.5, CONFIDENCE);
        return new Metric(
                name,
                Unit.MILLISECONDS,
                Direction.LOWER_IS_BETTER,
                Unit.NANOSECONDS.convert(medianNs, Unit.MILLISECONDS),
                interval == null ? null : interval.convert(Unit.NANOSECONDS, Unit.MILLISECONDS),
                sorted.length,
                Statistic.percentile(50),
                null,
                SOURCE);
    }

    /**
     * How long the memory was measured: its last sample is taken as its window closes, and the window spans the
     * whole run (a soak's windows included), not only the scenario that carries it; the scenario's window when
     * there are no samples.
     */
    private static double measuredSeconds(JvmMemory memory, ScenarioMetrics s) {
        List<IntegrationMetrics.Sample> samples = memory.samples();
        return samples.isEmpty()
                ? s.window().seconds()
                : samples.get(samples.size() - 1).tMs() / 1000.0;
    }

    private static void memory(String own, JvmMemory memory, long requests, double seconds, List<Metric> out) {
        out.add(lower(own + "heap_after_gc.bytes", Unit.BYTES, memory.heapAfterGcPeakBytes(), 1, Statistic.MAX));
        out.add(lower(own + "heap_growth.bytes", Unit.BYTES, memory.heapGrowthBytes(), 1, Statistic.MEAN));
        if (requests > 0) {
            out.add(lower(
                    own + "alloc_per_request",
                    Unit.BYTES_PER_OP,
                    (double) memory.allocatedBytes() / requests,
                    requests,
                    Statistic.MEAN));
            out.add(lower(
                    own + "retained_per_request",
                    Unit.BYTES_PER_OP,
                    (double) memory.heapGrowthBytes() / requests,
                    requests,
                    Statistic.MEAN));
        }
        if (memory.rssPeakBytes() > 0) {
            out.add(lower(own + "rss.bytes", Unit.BYTES, memory.rssPeakBytes(), 1, Statistic.MAX));
        }
        if (memory.gcPauses() > 0) {
            out.add(lower(
                    own + "gc_pause.p99",
                    Unit.MILLISECONDS,
                    Unit.NANOSECONDS.convert(memory.gcPauseP99Ns(), Unit.MILLISECONDS),
                    memory.gcPauses(),
                    Statistic.percentile(99)));
        }
        out.add(lower(own + "threads", Unit.COUNT, memory.threadsPeak(), 1, Statistic.MAX));
        if (seconds >= SLOPE_MIN_SECONDS) {
            double bytesPerHour = memory.heapGrowthBytes() / seconds * 3600;
            out.add(lower(
                    own + "heap_slope",
                    Unit.MEGABYTES_PER_HOUR,
                    Unit.BYTES.convert(bytesPerHour, Unit.MEGABYTES),
                    1,
                    Statistic.MEAN));
        }
    }

    private static Metric lower(String name, Unit unit, double value, long samples, Statistic statistic) {
        return new Metric(name, unit, Direction.LOWER_IS_BETTER, value, null, samples, statistic, null, SOURCE);
    }
}
