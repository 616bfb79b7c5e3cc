package dev.ollamaperf.results;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Request counters of one model in one scenario, over the measurement window.
 *
 * <p>Every request sent in the window ends in exactly one place: {@code ok} or one error kind
 * (a request still open when the window closes counts as {@code incomplete}), so
 * {@code requests == ok + sum(errors)}.
 *
 * @param requests requests sent in the window
 * @param ok requests that completed with a full answer
 * @param errors count by kind, e.g. {@code http_503}, {@code http_500}, {@code timeout}, {@code stream_stalled},
 *     {@code connection_reset}, {@code incomplete}
 * @param metObjectives ok requests that met every latency objective of the scenario (goodput numerator)
 */
public record Counters(long requests, long ok, Map<String, Long> errors, long metObjectives) {

    public Counters {
        Checks.nonNegative(requests, "counters.requests");
        Checks.nonNegative(ok, "counters.ok");
        Checks.nonNegative(metObjectives, "counters.met_objectives");
        Objects.requireNonNull(errors, "counters.errors");
        errors = Collections.unmodifiableMap(new TreeMap<>(errors));
        long failed = 0;
        for (Map.Entry<String, Long> e : errors.entrySet()) {
            failed += Checks.nonNegative(e.getValue(), "counters.errors." + e.getKey());
        }
        if (ok + failed != requests) {
            throw new IllegalArgumentException("'counters' must satisfy requests == ok + sum(errors), got: requests="
                    + requests + ", ok=" + ok + ", errors=" + failed);
        }
        if (metObjectives > ok) {
            throw new IllegalArgumentException(
                    "'counters.met_objectives' must be <= ok (" + ok + "), got: " + metObjectives);
        }
    }

    /** Returns the number of failed requests, all kinds. */
    public long failed() {
        return requests - ok;
    }

    /** Returns the sum of two counters, error kinds added by name. */
    public Counters plus(Counters other) {
        Map<String, Long> sum = new TreeMap<>(errors);
        other.errors.forEach((kind, n) -> sum.merge(kind, n, Long::sum));
        return new Counters(requests + other.requests, ok + other.ok, sum, metObjectives + other.metObjectives);
    }
}
