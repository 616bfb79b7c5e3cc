package dev.ollamaperf.reports.gate;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What to rerun to confirm a failed gate: the JMH benchmark methods and the gate's load scenarios whose
 * metrics failed a budget check, and what no rerun can confirm.
 *
 * <p>A metric {@code jmh.<Class>.<method>[params].<kind>} maps to the benchmark method (all its params
 * rerun: a JMH include regex selects methods, and a few more configurations cost seconds); a metric
 * {@code load.steady.*} or {@code load.arrival.*} to that scenario, and so does one of a paired run's direct path
 * ({@code load.steady_direct.*}: the same scenario measures both paths). Anything else (an invalid run, a
 * server metric) is <em>unconfirmable</em>, and then rerunning the rest cannot change the verdict.
 *
 * @param checks how many failed checks the plan covers
 * @param benchmarks {@code Class.method} of each failing benchmark, first-seen order, no duplicates
 * @param scenarios of {@link #GATE_SCENARIOS}, first-seen order, no duplicates
 * @param unconfirmable one line per failure no rerun can confirm, e.g. {@code run is INVALID: ...}
 */
public record RerunPlan(int checks, List<String> benchmarks, List<String> scenarios, List<String> unconfirmable) {

    /** The load scenarios the gate can run ({@code --scenarios}), and so the only ones it can rerun. */
    public static final List<String> GATE_SCENARIOS = List.of("steady", "arrival", "cache", "fallback", "session");

    /** The suffix of a paired run's direct-path scenario, e.g. {@code steady_direct} beside {@code steady}. */
    private static final String DIRECT = "_direct";

    public RerunPlan {
        if (checks < 0) {
            throw new IllegalArgumentException("rerun plan checks must be >= 0, got: " + checks);
        }
        benchmarks = List.copyOf(benchmarks);
        scenarios = List.copyOf(scenarios);
        unconfirmable = List.copyOf(unconfirmable);
    }

    /**
     * Plans the reruns for a failed verdict.
     *
     * @param failingMetrics the metric names of the budget checks whose outcome is FAIL (duplicates allowed:
     *     a metric may fail its limit and its tolerance)
     * @param invalidReasons why the run judged itself invalid; empty for a valid run
     */
    public static RerunPlan of(List<String> failingMetrics, List<String> invalidReasons) {
        Set<String> benchmarks = new LinkedHashSet<>();
        Set<String> scenarios = new LinkedHashSet<>();
        List<String> unconfirmable = new ArrayList<>();
        invalidReasons.forEach(r -> unconfirmable.add("run is INVALID: " + r));
        for (String metric : failingMetrics) {
            Optional<String> benchmark = benchmark(metric);
            Optional<String> scenario = scenario(metric);
            if (benchmark.isPresent()) {
                benchmarks.add(benchmark.get());
            } else if (scenario.isPresent()) {
                scenarios.add(scenario.get());
            } else {
                unconfirmable.add(metric + ": not measured by the JMH suite or the gate's load scenarios");
            }
        }
        return new RerunPlan(
                failingMetrics.size(), new ArrayList<>(benchmarks), new ArrayList<>(scenarios), unconfirmable);
    }

    /** Returns whether a rerun can change the verdict: something failed, and all of it can be rerun. */
    public boolean confirmable() {
        return checks > 0 && unconfirmable.isEmpty();
    }

    /**
     * Returns a regex for the benchmark suite's {@code --include} (JMH finds it in the fully qualified
     * {@code package.Class.method}) that selects exactly the failing methods, e.g.
     * {@code \.CacheBenchmark\.get_hit$|\.CodecBenchmark\.decode$}; empty when no benchmark failed.
     */
    public Optional<String> jmhInclude() {
        if (benchmarks.isEmpty()) {
            return Optional.empty();
        }
        List<String> parts = new ArrayList<>();
        for (String b : benchmarks) {
            parts.add("\\." + b.replace(".", "\\.") + "$");
        }
        return Optional.of(String.join("|", parts));
    }

    /** Returns the plan as the lines {@code failing-parts} prints (format in reports/README.md). */
    public List<String> lines() {
        List<String> lines = new ArrayList<>();
        lines.add("checks " + checks);
        jmhInclude().ifPresent(regex -> lines.add("jmh " + regex));
        scenarios.forEach(s -> lines.add("load " + s));
        unconfirmable.forEach(u -> lines.add("unconfirmable " + u));
        return lines;
    }

    /** {@code jmh.<Class>.<method>[params].<kind>} or {@code jmh.<Class>.<method>.<kind>} to {@code Class.method}. */
    public static Optional<String> benchmark(String metric) {
        Objects.requireNonNull(metric, "metric");
        if (!metric.startsWith("jmh.")) {
            return Optional.empty();
        }
        String rest = metric.substring("jmh.".length());
        int bracket = rest.indexOf('[');
        String head = bracket >= 0 ? rest.substring(0, bracket) : rest.substring(0, Math.max(0, rest.lastIndexOf('.')));
        int dot = head.indexOf('.');
        if (dot <= 0 || dot == head.length() - 1 || head.indexOf('.', dot + 1) >= 0) {
            return Optional.empty();
        }
        return Optional.of(head);
    }

    /**
     * {@code load.<scenario>.*} to the gate scenario that measures it; a paired run's direct path
     * {@code <scenario>_direct} is measured by the same rerun as {@code <scenario>}, request by request alternating,
     * and the cache scenario's phases {@code cache_hit} and {@code cache_miss} by a rerun of {@code cache}.
     */
    static Optional<String> scenario(String metric) {
        if (!metric.startsWith("load.")) {
            return Optional.empty();
        }
        int dot = metric.indexOf('.', "load.".length());
        if (dot < 0) {
            return Optional.empty();
        }
        String scenario = metric.substring("load.".length(), dot);
        String measured = scenario.endsWith(DIRECT)
                ? scenario.substring(0, scenario.length() - DIRECT.length())
                : scenario.equals("cache_hit") || scenario.equals("cache_miss") ? "cache" : scenario;
        return GATE_SCENARIOS.contains(measured) ? Optional.of(measured) : Optional.empty();
    }
}
