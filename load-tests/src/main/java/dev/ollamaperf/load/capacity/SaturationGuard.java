package dev.ollamaperf.load.capacity;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Decides, after each finished step of a capacity sweep, whether the server is clearly
 * over-saturated, so the sweep stops escalating instead of hammering it. Two rules, checked on the
 * last finished step:
 * <ol>
 *   <li><b>errors</b>: its error ratio is above {@code maxErrorRatio};</li>
 *   <li><b>saturated</b>: against the step before it, its end-to-end p50 grew by the factor
 *       {@code latencyGrowth} or more while its throughput grew by less than {@code minGain} of the
 *       proportional gain ({@code minGain * (level / previousLevel - 1)}): more load bought latency,
 *       not throughput (closed model: latency grows linearly with users beyond the knee; open
 *       model: the queue grows without bound), for {@code patience} steps in a row (default 2: one
 *       step slowed down by a busy machine looks saturated too, two in a row is "clearly"). An
 *       open (rate) step that served less than 95% of its arrival rate ({@link Step#servedRate()})
 *       counts as saturated too: its queue grew through the step.</li>
 * </ol>
 * Pure: the caller supplies the steps' summaries.
 */
public final class SaturationGuard {

    /** An open step is sustained when it served at least this share of its arrival rate. */
    public static final double SUSTAINED = 0.95;

    private final Rule rule;

    /** A guard with the given thresholds. */
    public SaturationGuard(Rule rule) {
        this.rule = Objects.requireNonNull(rule, "rule");
    }

    /**
     * The stop thresholds.
     *
     * @param maxErrorRatio failed / sent above which the sweep stops, 0..1
     * @param latencyGrowth p50 growth factor between consecutive steps that counts as growing, >= 1
     * @param minGain       share of the proportional throughput gain below which more load bought nothing, 0..1
     * @param patience      saturated steps in a row before stopping, 1..10
     */
    public record Rule(double maxErrorRatio, double latencyGrowth, double minGain, int patience) {
        public Rule {
            if (patience < 1 || patience > 10) {
                throw new IllegalArgumentException(
                        "'ollama.perf.stop.patience' must be between 1 and 10, got: " + patience);
            }
            if (!(maxErrorRatio >= 0 && maxErrorRatio <= 1)) {
                throw new IllegalArgumentException(
                        "'ollama.perf.stop.errorRatio' must be between 0 and 1, got: " + maxErrorRatio);
            }
            if (!(latencyGrowth >= 1 && latencyGrowth <= 1000)) {
                throw new IllegalArgumentException(
                        "'ollama.perf.stop.latencyGrowth' must be between 1 and 1000, got: " + latencyGrowth);
            }
            if (!(minGain >= 0 && minGain <= 1)) {
                throw new IllegalArgumentException(
                        "'ollama.perf.stop.minGain' must be between 0 and 1, got: " + minGain);
            }
        }
    }

    /**
     * What one finished step measured, as the guard sees it.
     *
     * @param name       the step's scenario name
     * @param level      users or arrivals per second
     * @param requests   requests sent
     * @param failures   requests that failed
     * @param seconds    from the step's first send to its last answer
     * @param e2eP50Nanos median end-to-end latency of the ok requests, 0 when none
     * @param e2eMinNanos their minimum (a request that did not queue), 0 when none
     * @param closed     a closed-model step (level = users); else an open one (level = arrivals/s)
     */
    public record Step(
            String name,
            double level,
            long requests,
            long failures,
            double seconds,
            long e2eP50Nanos,
            long e2eMinNanos,
            boolean closed) {
        public Step {
            Objects.requireNonNull(name, "name");
            if (requests < 0 || failures < 0 || failures > requests) {
                throw new IllegalArgumentException("step '" + name + "' must have 0 <= failures <= requests, got: "
                        + failures + " of " + requests);
            }
        }

        /**
         * Successful requests per second over the step's window (first send to last answer). The drain
         * at the end, when fewer requests than slots are left, biases it low by up to one request
         * time over the step's length; beyond the knee that errs towards stopping. (Little's law,
         * users / mean e2e, was tried and biases short closed steps high instead: all users start at
         * once, and the first wave waits less than in steady state.)
         */
        public double throughput() {
            return seconds <= 0 ? 0 : (requests - failures) / seconds;
        }

        /**
         * Open step: the rate it served, ok requests over its window less one unqueued request time
         * (the window runs from the first send to the last answer, so a step that kept up spans its
         * duration plus one answer; one that did not also spans the backlog it built).
         */
        public double servedRate() {
            double span = seconds - e2eMinNanos / 1e9;
            return span <= 0 ? 0 : (requests - failures) / span;
        }

        /** Failed / sent, 0 without requests. */
        public double errorRatio() {
            return requests == 0 ? 0 : (double) failures / requests;
        }
    }

    /** Why to stop after the last of {@code finished}, or empty to go on. */
    public Optional<String> verdict(List<Step> finished) {
        if (finished.isEmpty()) {
            return Optional.empty();
        }
        Step last = finished.get(finished.size() - 1);
        if (last.requests() > 0 && last.errorRatio() > rule.maxErrorRatio()) {
            return Optional.of(String.format(
                    Locale.ROOT,
                    "errors: %.1f%% of requests failed at %s (limit %.1f%%)",
                    100 * last.errorRatio(),
                    last.name(),
                    100 * rule.maxErrorRatio()));
        }
        if (finished.size() < rule.patience() + 1) {
            return Optional.empty();
        }
        String why = null;
        for (int i = finished.size() - rule.patience(); i < finished.size(); i++) {
            why = saturated(finished.get(i - 1), finished.get(i));
            if (why == null) {
                return Optional.empty();
            }
        }
        return Optional.of(
                "saturated: " + why + (rule.patience() > 1 ? " (" + rule.patience() + " steps in a row)" : ""));
    }

    /** Why {@code step} is saturated against {@code previous}, or null when it is not. */
    private String saturated(Step previous, Step step) {
        if (!step.closed() && step.servedRate() < SUSTAINED * step.level()) {
            return String.format(
                    Locale.ROOT,
                    "%s served %.2f of %s req/s (< %.0f%%): its queue grew",
                    step.name(),
                    step.servedRate(),
                    java.math.BigDecimal.valueOf(step.level())
                            .stripTrailingZeros()
                            .toPlainString(),
                    100 * SUSTAINED);
        }
        if (previous.e2eP50Nanos() <= 0 || previous.throughput() <= 0) {
            return null;
        }
        double growth = (double) step.e2eP50Nanos() / previous.e2eP50Nanos();
        double gain = step.throughput() / previous.throughput() - 1;
        double needed = rule.minGain() * (step.level() / previous.level() - 1);
        if (growth >= rule.latencyGrowth() && gain < needed) {
            return String.format(
                    Locale.ROOT,
                    "at %s the e2e p50 grew %.2fx over %s while throughput changed %+.1f%%"
                            + " (stop when p50 grows >= %.2fx and throughput gains < %.1f%%)",
                    step.name(),
                    growth,
                    previous.name(),
                    100 * gain,
                    rule.latencyGrowth(),
                    100 * needed);
        }
        return null;
    }
}
