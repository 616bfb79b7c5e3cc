package dev.ollamaperf.reports.power;

import dev.ollamaperf.reports.budget.BudgetFile;
import dev.ollamaperf.reports.budget.BudgetRule;
import dev.ollamaperf.reports.gate.RerunPlan;
import dev.ollamaperf.reports.history.PastValue;
import dev.ollamaperf.reports.metric.Unit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Which budgeted JMH benchmarks the gate runs with {@value #FORKS} forks instead of its mode's one (docs/power.md,
 * "JMH forks"): those with a tolerance rule whose stored runs (each its own JVM fork) disagree by more than the
 * tolerance band, {@code max - min > t·|median|} over at least {@link Spread#MIN_RUNS} runs. Such a swing (16 vs
 * 40 B/op for a memory-tier cache hit) would fail the check whenever one fork lands on the other side; with several
 * forks the run's interval holds every fork's mean ({@code JmhReader}), so the swing is inside the measured noise.
 */
public final class ForkPlanner {

    /** Forks of a benchmark whose forks disagreed: enough that one run usually sees both sides of a swing. */
    public static final int FORKS = 3;

    /** Returns the benchmark methods ({@code Class.method}, all their params) to fork more, sorted. */
    public List<String> methods(BudgetFile budgets, Map<String, List<PastValue>> past) {
        TreeSet<String> methods = new TreeSet<>();
        past.forEach((name, values) -> {
            if (!name.startsWith("jmh.") || values.isEmpty()) {
                return;
            }
            Optional<Double> tolerance = budgets.rules().stream()
                    .filter(r -> r.selects(name))
                    .map(BudgetRule::tolerance)
                    .filter(Objects::nonNull)
                    .findFirst();
            if (tolerance.isEmpty() || !disagree(values, tolerance.get())) {
                return;
            }
            RerunPlan.benchmark(name).ifPresent(methods::add);
        });
        return new ArrayList<>(methods);
    }

    private static boolean disagree(List<PastValue> values, double tolerance) {
        Unit unit = values.get(0).unit();
        double[] v = values.stream()
                .filter(p -> p.unit().convertibleTo(unit))
                .mapToDouble(p -> p.unit().convert(p.value(), unit))
                .toArray();
        if (v.length < Spread.MIN_RUNS) {
            return false;
        }
        double min = java.util.Arrays.stream(v).min().orElseThrow();
        double max = java.util.Arrays.stream(v).max().orElseThrow();
        return max - min > tolerance * Math.abs(Spread.median(v));
    }

    /**
     * Returns a JMH regex selecting exactly these methods, as {@link RerunPlan#jmhInclude()} writes it (e.g.
     * {@code \.CacheBenchmark\.get_hit$}); empty for no method.
     */
    public static Optional<String> regex(List<String> methods) {
        return new RerunPlan(0, methods, List.of(), List.of()).jmhInclude();
    }
}
