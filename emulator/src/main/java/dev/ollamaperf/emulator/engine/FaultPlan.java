package dev.ollamaperf.emulator.engine;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Faults the engine injects, each into a share of requests chosen with the engine's seeded random
 * generator (so a run with the same seed and the same submission order repeats). Off by default
 * ({@link #NONE}).
 *
 * <p>Text form, for a command-line flag: comma-separated parts, any order, each kind at most once:
 * <pre>
 *   error=&lt;ratio&gt;                      fail with 500 before any token
 *   busy=every:&lt;n&gt;                     every n-th request (n, 2n, ...) gets the queue-full 503
 *   busy=window:&lt;on&gt;/&lt;period&gt;          requests arriving in the first &lt;on&gt; of every &lt;period&gt;
 *                                      (counted from engine start) get the queue-full 503
 *   stall=&lt;ratio&gt;:after=&lt;k&gt;:for=&lt;d&gt;     after token k, wait d before the next token
 *   drop=&lt;ratio&gt;:after=&lt;k&gt;              after token k, drop the connection (k=0: before any token)
 *   slowload=&lt;f&gt;x[+&lt;d&gt;][:ratio=&lt;r&gt;]      a load takes loadTime*f + d (also slowload=+&lt;d&gt;);
 *                                      ratio defaults to 1 (every load)
 *   spike=&lt;p&gt;:&lt;d&gt;                      each token independently, with probability p, comes d late
 *   fail=&lt;model&gt;[+&lt;model&gt;...]           every generate and embed request for these models fails with 500
 *                                      before any token (a model whose runner cannot start)
 * </pre>
 * Ratios and probabilities are between 0 and 1; durations are Go durations ("2s", "500ms"). Example:
 * {@code error=0.05,stall=0.1:after=5:for=2s,drop=0.02:after=3,busy=every:10,slowload=3x,spike=0.01:500ms}.
 * {@code ""} and {@code "none"} mean no faults. Counted requests for {@code busy} are generate and
 * embed requests (not load-only or unload requests). Which request a ratio picks is decided when it
 * is submitted.
 *
 * @param errorRatio share of requests failed with 500 at submission, before any token
 * @param busy       503 bursts
 * @param stall      mid-stream stalls
 * @param drop       dropped connections mid-stream
 * @param slowLoad   slower loads
 * @param spike      per-token latency spikes
 * @param failedModels models every request of which fails (full names with their tag, e.g. {@code llama3.2:latest};
 *                   sorted), so a client's fallback to another model can be measured
 */
public record FaultPlan(
        double errorRatio,
        Busy busy,
        Stall stall,
        Drop drop,
        SlowLoad slowLoad,
        Spike spike,
        List<String> failedModels) {

    /** No faults. */
    public static final FaultPlan NONE =
            new FaultPlan(0, Busy.NONE, Stall.NONE, Drop.NONE, SlowLoad.NONE, Spike.NONE, List.of());

    /** The message of an injected 500. */
    public static final String INJECTED_ERROR_MESSAGE =
            "llama runner process has terminated: exit status 2 (fault injected by the emulator)";

    public FaultPlan {
        checkRatio("error", errorRatio);
        Objects.requireNonNull(busy, "busy");
        Objects.requireNonNull(stall, "stall");
        Objects.requireNonNull(drop, "drop");
        Objects.requireNonNull(slowLoad, "slowLoad");
        Objects.requireNonNull(spike, "spike");
        failedModels = List.copyOf(new java.util.TreeSet<>(failedModels));
    }

    /** Whether every request for {@code model} (a full name with its tag) fails. */
    public boolean fails(String model) {
        return failedModels.contains(model);
    }

    /**
     * Parses the text form described in the class comment.
     *
     * @param text e.g. {@code "error=0.05,busy=every:10"}
     * @return the plan
     * @throws IllegalArgumentException naming the bad part, the rule and the value
     */
    public static FaultPlan parse(String text) {
        return FaultPlanParser.parse(text);
    }

    /** A builder starting from {@link #NONE}. */
    public static Builder builder() {
        return new Builder();
    }

    /** True when nothing is injected. */
    public boolean isNone() {
        return equals(NONE);
    }

    /** The text form, which {@link #parse(String)} reads back to an equal plan. */
    @Override
    public String toString() {
        List<String> parts = new ArrayList<>();
        if (errorRatio > 0) {
            parts.add("error=" + errorRatio);
        }
        if (busy.every() > 0) {
            parts.add("busy=every:" + busy.every());
        }
        if (busy.period().compareTo(Duration.ZERO) > 0) {
            parts.add("busy=window:" + GoDuration.format(busy.burst()) + "/" + GoDuration.format(busy.period()));
        }
        if (stall.ratio() > 0) {
            parts.add("stall=" + stall.ratio() + ":after=" + stall.afterTokens() + ":for="
                    + GoDuration.format(stall.duration()));
        }
        if (drop.ratio() > 0) {
            parts.add("drop=" + drop.ratio() + ":after=" + drop.afterTokens());
        }
        if (slowLoad.ratio() > 0 && !slowLoad.equals(SlowLoad.NONE)) {
            parts.add("slowload=" + slowLoad.factor() + "x+" + GoDuration.format(slowLoad.extra()) + ":ratio="
                    + slowLoad.ratio());
        }
        if (spike.probability() > 0) {
            parts.add("spike=" + spike.probability() + ":" + GoDuration.format(spike.delay()));
        }
        if (!failedModels.isEmpty()) {
            parts.add("fail=" + String.join("+", failedModels));
        }
        return parts.isEmpty() ? "none" : String.join(",", parts);
    }

    static void checkRatio(String name, double value) {
        if (!(value >= 0 && value <= 1)) {
            throw new IllegalArgumentException("fault '" + name + "' ratio must be between 0 and 1, got: " + value);
        }
    }

    static void checkNotNegative(String name, Duration value) {
        Objects.requireNonNull(value, name);
        if (value.isNegative()) {
            throw new IllegalArgumentException(
                    "fault '" + name + "' must not be negative, got: " + GoDuration.format(value));
        }
    }

    /**
     * 503 bursts with Ollama's queue-full message.
     *
     * @param every  every n-th counted request is refused (0 = off)
     * @param burst  refuse requests arriving in the first {@code burst} of every {@code period}
     * @param period window period, counted from engine start (zero = off)
     */
    public record Busy(int every, Duration burst, Duration period) {
        /** Off. */
        public static final Busy NONE = new Busy(0, Duration.ZERO, Duration.ZERO);

        public Busy {
            if (every < 0) {
                throw new IllegalArgumentException("fault 'busy' every must be 0 or more, got: " + every);
            }
            checkNotNegative("busy burst", burst);
            checkNotNegative("busy period", period);
            if (burst.compareTo(period) > 0) {
                throw new IllegalArgumentException("fault 'busy' window must not be longer than its period, got: "
                        + GoDuration.format(burst) + "/" + GoDuration.format(period));
            }
        }
    }

    /**
     * A stall in the middle of the stream.
     *
     * @param ratio       share of generate requests that stall
     * @param afterTokens stall after this many tokens (0 = before the first)
     * @param duration    how long
     */
    public record Stall(double ratio, int afterTokens, Duration duration) {
        /** Off. */
        public static final Stall NONE = new Stall(0, 0, Duration.ZERO);

        public Stall {
            checkRatio("stall", ratio);
            if (afterTokens < 0) {
                throw new IllegalArgumentException("fault 'stall' after must be 0 or more, got: " + afterTokens);
            }
            checkNotNegative("stall for", duration);
        }
    }

    /**
     * A connection dropped mid-stream ({@link EngineError#dropConnection()}).
     *
     * @param ratio       share of generate requests dropped
     * @param afterTokens drop after this many tokens (0 = before the first)
     */
    public record Drop(double ratio, int afterTokens) {
        /** Off. */
        public static final Drop NONE = new Drop(0, 0);

        public Drop {
            checkRatio("drop", ratio);
            if (afterTokens < 0) {
                throw new IllegalArgumentException("fault 'drop' after must be 0 or more, got: " + afterTokens);
            }
        }
    }

    /**
     * Slower loads: {@code loadTime * factor + extra}.
     *
     * @param ratio  share of loads slowed
     * @param factor 1 or more
     * @param extra  added time
     */
    public record SlowLoad(double ratio, double factor, Duration extra) {
        /** Off. */
        public static final SlowLoad NONE = new SlowLoad(0, 1, Duration.ZERO);

        public SlowLoad {
            checkRatio("slowload", ratio);
            if (!(factor >= 1) || Double.isInfinite(factor)) {
                throw new IllegalArgumentException("fault 'slowload' factor must be 1 or more, got: " + factor);
            }
            checkNotNegative("slowload extra", extra);
        }

        /** The slowed load time. */
        public Duration apply(Duration loadTime) {
            return Duration.ofNanos(Math.round(loadTime.toNanos() * factor)).plus(extra);
        }
    }

    /**
     * Per-token latency spikes.
     *
     * @param probability chance that a token is delayed
     * @param delay       the extra delay
     */
    public record Spike(double probability, Duration delay) {
        /** Off. */
        public static final Spike NONE = new Spike(0, Duration.ZERO);

        public Spike {
            checkRatio("spike", probability);
            checkNotNegative("spike delay", delay);
        }
    }

    /** Builds a {@link FaultPlan}; each setter validates. */
    public static final class Builder {
        private double errorRatio;
        private Busy busy = Busy.NONE;
        private Stall stall = Stall.NONE;
        private Drop drop = Drop.NONE;
        private SlowLoad slowLoad = SlowLoad.NONE;
        private Spike spike = Spike.NONE;
        private final List<String> failedModels = new ArrayList<>();

        private Builder() {}

        /** @param ratio 0..1 of requests failed with 500 before any token */
        public Builder errorRatio(double ratio) {
            checkRatio("error", ratio);
            this.errorRatio = ratio;
            return this;
        }

        /** @param n every n-th counted request gets 503 (0 = off) */
        public Builder busyEvery(int n) {
            this.busy = new Busy(n, busy.burst(), busy.period());
            return this;
        }

        /** Requests arriving in the first {@code burst} of every {@code period} get 503. */
        public Builder busyWindow(Duration burst, Duration period) {
            this.busy = new Busy(busy.every(), burst, period);
            return this;
        }

        /** A share of requests stalls for {@code duration} after {@code afterTokens} tokens. */
        public Builder stall(double ratio, int afterTokens, Duration duration) {
            this.stall = new Stall(ratio, afterTokens, duration);
            return this;
        }

        /** A share of requests loses its connection after {@code afterTokens} tokens. */
        public Builder drop(double ratio, int afterTokens) {
            this.drop = new Drop(ratio, afterTokens);
            return this;
        }

        /** Every load takes {@code loadTime * factor + extra}. */
        public Builder slowLoad(double factor, Duration extra) {
            return slowLoad(1, factor, extra);
        }

        /** A share of loads takes {@code loadTime * factor + extra}. */
        public Builder slowLoad(double ratio, double factor, Duration extra) {
            this.slowLoad = new SlowLoad(ratio, factor, extra);
            return this;
        }

        /** Each token, with probability {@code p}, comes {@code delay} late. */
        public Builder spikes(double probability, Duration delay) {
            this.spike = new Spike(probability, delay);
            return this;
        }

        /**
         * Every generate and embed request for {@code model} fails with 500 before any token.
         *
         * @param model a model name; without a tag it means {@code :latest}, as in Ollama
         */
        public Builder failModel(String model) {
            Objects.requireNonNull(model, "model");
            String name = model.strip();
            if (name.isEmpty() || name.contains(",") || name.contains("+")) {
                throw new IllegalArgumentException(
                        "fault 'fail' must name a model (no ',' or '+' in it), got: '" + model + "'");
            }
            failedModels.add(name.contains(":") ? name : name + ":latest");
            return this;
        }

        /** The plan. */
        public FaultPlan build() {
            return new FaultPlan(errorRatio, busy, stall, drop, slowLoad, spike, failedModels);
        }
    }
}
