package dev.ollamaperf.reports.capacity;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A small queueing model of one Ollama model with {@code c} parallel slots whose decode steps are
 * batched: with k requests in service, each takes {@code S(k) = S1 (1 + s (k - 1))} (the emulator's
 * own batching curve, ModelProfile.serialFraction; docs/ollama-api.md §3.7).
 *
 * <ul>
 *   <li><b>Closed</b> (N users back to back, no think time): {@code n = min(N, c)} in service,
 *       {@code X(N) = n / S(n)}, and by Little's law {@code R(N) = N / X(N)}.</li>
 *   <li><b>Open</b> (arrivals at rate λ): the busy slots k solve {@code k = λ S(k)}, and
 *       {@code S = S(max(k, 1))}. At {@code λS >= c} the queue grows without bound (saturated: R is
 *       infinite, X = c / S(c)). Below it, with Poisson arrivals, an M/D/c wait: half the M/M/c
 *       (Erlang C) wait, {@code R = S + C(c, λS) S / (2 (c - λS))} (exact for c = 1 by
 *       Pollaczek-Khinchine, the usual approximation above; LLM service times are close to
 *       deterministic); with evenly spaced arrivals (the harness's default) and near-deterministic
 *       service nobody waits until saturation: {@code R = S} (D/D/c).</li>
 * </ul>
 *
 * <p>{@link #fit} takes S1 and s from the first few steps by least squares on the service time
 * against {@code (k - 1)}, and {@link #check} predicts every step beside its measurement.
 *
 * @param open           open model (rate sweep) or closed (concurrency sweep)
 * @param s1Seconds      service time of a request alone, s, > 0
 * @param serialFraction s, 0..1: 0 = perfect batching, 1 = none
 * @param slots          c, parallel slots, >= 1
 * @param fittedOn       how many steps the fit used
 * @param poisson        open model: Poisson arrivals (M/D/c) rather than evenly spaced ones (D/D/c)
 */
public record QueueingModel(
        boolean open, double s1Seconds, double serialFraction, int slots, int fittedOn, boolean poisson) {

    /** How many steps {@link #fit} uses by default. */
    public static final int DEFAULT_FIT_POINTS = 3;

    public QueueingModel {
        if (!(s1Seconds > 0) || Double.isInfinite(s1Seconds)) {
            throw new IllegalArgumentException("model 'S1' must be > 0 s, got: " + s1Seconds);
        }
        if (!(serialFraction >= 0 && serialFraction <= 1)) {
            throw new IllegalArgumentException("model serial fraction must be between 0 and 1, got: " + serialFraction);
        }
        if (slots < 1) {
            throw new IllegalArgumentException("model slots must be >= 1, got: " + slots);
        }
    }

    /** A model with Poisson arrivals when open. */
    public QueueingModel(boolean open, double s1Seconds, double serialFraction, int slots, int fittedOn) {
        this(open, s1Seconds, serialFraction, slots, fittedOn, true);
    }

    /**
     * What the model predicts at one level.
     *
     * @param throughput      requests/s
     * @param responseSeconds mean response time, s; infinite when saturated
     * @param saturated       open model beyond capacity
     */
    public record Prediction(double throughput, double responseSeconds, boolean saturated) {}

    /** Service time with {@code busy} requests in service (at least 1, at most c). */
    public double serviceSeconds(double busy) {
        double k = Math.max(1, Math.min(busy, slots));
        return s1Seconds * (1 + serialFraction * (k - 1));
    }

    /** The most the model can serve, requests/s: {@code c / S(c)}. */
    public double maxThroughput() {
        return slots / serviceSeconds(slots);
    }

    /** Predicts users (closed) or arrivals per second (open). */
    public Prediction predict(double level) {
        if (!open) {
            double n = Math.min(level, slots);
            double x = n / serviceSeconds(n);
            return new Prediction(x, level / x, false);
        }
        double a1 = level * s1Seconds;
        double denominator = 1 - a1 * serialFraction;
        double busy = denominator <= 0 ? Double.POSITIVE_INFINITY : a1 * (1 - serialFraction) / denominator;
        if (busy >= slots) {
            return new Prediction(maxThroughput(), Double.POSITIVE_INFINITY, true);
        }
        double s = serviceSeconds(busy);
        double offered = level * s;
        if (offered >= slots) {
            return new Prediction(maxThroughput(), Double.POSITIVE_INFINITY, true);
        }
        double wait = poisson ? erlangC(slots, offered) * s / (2 * (slots - offered)) : 0;
        return new Prediction(level, s + wait, false);
    }

    /** Erlang C: the probability that an arrival waits, with c servers and offered load a < c. */
    static double erlangC(int c, double a) {
        double term = 1;
        double sum = 1;
        for (int k = 1; k < c; k++) {
            term *= a / k;
            sum += term;
        }
        double last = term * a / c * c / (c - a);
        return last / (sum + last);
    }

    /**
     * Fits S1 and s from the first {@code points} steps at or below {@code slots}, by least squares of
     * the measured service time on {@code (k - 1)}: closed, the mean e2e at N users (no queue while
     * N <= c, so service = response, k = N); open, the mean e2e minus the mean slot wait, with
     * {@code k = X S} busy slots (Little). One point (or a negative slope) gives s = 0.
     *
     * @throws IllegalArgumentException when no step qualifies
     */
    public static QueueingModel fit(List<CapacityStep> steps, boolean open, int slots, int points) {
        return fit(steps, open, true, slots, points);
    }

    /** {@link #fit(List, boolean, int, int)} with the arrival process of an open model. */
    public static QueueingModel fit(List<CapacityStep> steps, boolean open, boolean poisson, int slots, int points) {
        List<double[]> xy = new ArrayList<>();
        for (CapacityStep step : steps) {
            if (xy.size() >= points || (!open && step.level() > slots) || step.ok() == 0) {
                continue;
            }
            double response = step.latency("e2e").mean() / 1000;
            double service =
                    open ? Math.max(1e-6, response - step.latency("slot_wait").mean() / 1000) : response;
            double busy = open ? step.throughput() * service : step.level();
            xy.add(new double[] {Math.max(0, busy - 1), service});
        }
        if (xy.isEmpty()) {
            throw new IllegalArgumentException(
                    "no step to fit the queueing model on (need ok requests at or below " + slots + " slots)");
        }
        double[] line = leastSquares(xy);
        double s1 = line[0] > 0
                ? line[0]
                : xy.stream().mapToDouble(p -> p[1]).average().orElseThrow();
        double serial = line[0] > 0 ? Math.max(0, Math.min(1, line[1] / line[0])) : 0;
        return new QueueingModel(open, s1, serial, slots, xy.size(), poisson);
    }

    /** {intercept, slope}; a single x value gives slope 0 and the mean as intercept. */
    private static double[] leastSquares(List<double[]> xy) {
        double n = xy.size();
        double mx = xy.stream().mapToDouble(p -> p[0]).sum() / n;
        double my = xy.stream().mapToDouble(p -> p[1]).sum() / n;
        double sxx = 0;
        double sxy = 0;
        for (double[] p : xy) {
            sxx += (p[0] - mx) * (p[0] - mx);
            sxy += (p[0] - mx) * (p[1] - my);
        }
        if (sxx < 1e-12) {
            return new double[] {my - 0 * mx, 0};
        }
        double slope = sxy / sxx;
        if (slope < 0) {
            return new double[] {my, 0};
        }
        return new double[] {my - slope * mx, slope};
    }

    /**
     * Every step's prediction beside its measurement.
     *
     * @param level              users or arrivals/s
     * @param measuredThroughput ok requests/s
     * @param predictedThroughput requests/s
     * @param measuredResponse   mean e2e, s
     * @param predictedResponse  s, infinite when saturated
     * @param fitted             the step was one the fit used
     */
    public record Check(
            double level,
            double measuredThroughput,
            double predictedThroughput,
            double measuredResponse,
            double predictedResponse,
            boolean fitted) {

        /** |predicted - measured| / measured for throughput. */
        public double throughputError() {
            return relative(predictedThroughput, measuredThroughput);
        }

        /** |predicted - measured| / measured for the mean response time; infinite when predicted saturated. */
        public double responseError() {
            return relative(predictedResponse, measuredResponse);
        }

        private static double relative(double predicted, double measured) {
            return measured <= 0 ? Double.NaN : Math.abs(predicted - measured) / measured;
        }
    }

    /** Predicts every step; steps the fit used are marked. */
    public List<Check> check(List<CapacityStep> steps) {
        Objects.requireNonNull(steps, "steps");
        List<Check> checks = new ArrayList<>();
        int used = 0;
        for (CapacityStep step : steps) {
            boolean fitted = used < fittedOn && step.ok() > 0 && (open || step.level() <= slots);
            if (fitted) {
                used++;
            }
            Prediction p = predict(step.level());
            checks.add(new Check(
                    step.level(),
                    step.throughput(),
                    p.throughput(),
                    step.latency("e2e").mean() / 1000,
                    p.responseSeconds(),
                    fitted));
        }
        return checks;
    }

    /** Mean relative error over the steps the fit did not use (held out), for throughput and response. */
    public static double[] heldOutError(List<Check> checks) {
        double x = 0;
        double r = 0;
        int nx = 0;
        int nr = 0;
        for (Check check : checks) {
            if (!check.fitted()) {
                if (Double.isFinite(check.throughputError())) {
                    x += check.throughputError();
                    nx++;
                }
                if (Double.isFinite(check.responseError())) {
                    r += check.responseError();
                    nr++;
                }
            }
        }
        return new double[] {nx == 0 ? Double.NaN : x / nx, nr == 0 ? Double.NaN : r / nr};
    }
}
