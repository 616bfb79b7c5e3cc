package dev.ollamaperf.reports.compare;

import dev.ollamaperf.reports.metric.EncodedHistogram;
import dev.ollamaperf.reports.metric.Interval;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.HdrHistogram.Histogram;

/**
 * Goodput: the share of requests that met every latency objective (a failed request meets none).
 *
 * <p>Exactly, from per-request latencies ({@link #ratio}); or, when only one histogram per latency is
 * left (a merged file, an old run), as bounds ({@link #bounds}): the joint share is at most the smallest
 * marginal share and at least {@code 1 - sum(1 - share_i)} (Fréchet bounds), since histograms forget
 * which request each latency came from.
 */
public final class Goodput {

    private Goodput() {}

    /**
     * Returns the share of {@code requests} that succeeded and met every objective.
     *
     * @param requests per request, its latencies by objective name in ns; {@code null} for a failed request
     * @param objectivesNs upper bound per objective name, ns
     */
    public static double ratio(List<Map<String, Long>> requests, Map<String, Long> objectivesNs) {
        if (requests.isEmpty()) {
            throw new IllegalArgumentException("goodput of zero requests is undefined");
        }
        long met = requests.stream()
                .filter(r -> r != null && meets(r, objectivesNs))
                .count();
        return (double) met / requests.size();
    }

    private static boolean meets(Map<String, Long> latencies, Map<String, Long> objectivesNs) {
        for (Map.Entry<String, Long> o : objectivesNs.entrySet()) {
            Long v = latencies.get(o.getKey());
            if (v == null || v > o.getValue()) {
                return false;
            }
        }
        return true;
    }

    /**
     * Returns bounds of goodput from one histogram per objective (values in ns) of the ok requests, and the
     * total number of requests including failed ones. The interval's confidence is nominal: the bounds are
     * certain, not statistical.
     *
     * @param histograms histogram per objective name, each holding one value per ok request
     * @param objectivesNs upper bound per objective name, ns; every name must have a histogram
     * @param requests all requests sent, {@code >=} the count of every histogram
     */
    public static Interval bounds(
            Map<String, EncodedHistogram> histograms, Map<String, Long> objectivesNs, long requests) {
        if (requests <= 0) {
            throw new IllegalArgumentException("goodput bounds need requests > 0, got: " + requests);
        }
        if (objectivesNs.isEmpty()) {
            throw new IllegalArgumentException("goodput bounds need at least one objective");
        }
        double upper = 1;
        double missing = 0;
        for (Map.Entry<String, Long> o : objectivesNs.entrySet()) {
            EncodedHistogram encoded = Objects.requireNonNull(
                    histograms.get(o.getKey()),
                    () -> "no histogram for objective '" + o.getKey() + "'; present: " + histograms.keySet());
            Histogram h = encoded.decode();
            if (h.getTotalCount() > requests) {
                throw new IllegalArgumentException("histogram '" + o.getKey() + "' holds " + h.getTotalCount()
                        + " values, more than the " + requests + " requests");
            }
            // HdrHistogram counts by bucket: a bucket that straddles the limit may or may not hold values above
            // it, so it counts toward the upper bound and not toward the lower one.
            long atMost = h.getCountBetweenValues(0, o.getValue());
            long surely = h.getCountBetweenValues(0, h.lowestEquivalentValue(o.getValue() + 1) - 1);
            upper = Math.min(upper, (double) atMost / requests);
            missing += 1 - (double) surely / requests;
        }
        double lower = Math.max(0, 1 - missing);
        return new Interval(Math.min(lower, upper), upper, 0.999_999);
    }
}
