package dev.ollamaperf.reports.budget;

import dev.ollamaperf.reports.budget.BudgetResult.Check;
import dev.ollamaperf.reports.budget.BudgetResult.Outcome;
import dev.ollamaperf.reports.compare.BaselineComparator;
import dev.ollamaperf.reports.compare.Change;
import dev.ollamaperf.reports.compare.Comparison;
import dev.ollamaperf.reports.compare.MetricComparison;
import dev.ollamaperf.reports.model.Dimension;
import dev.ollamaperf.reports.model.Metric;
import dev.ollamaperf.reports.model.Numbers;
import dev.ollamaperf.reports.model.RunResult;
import dev.ollamaperf.reports.model.Unit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Checks a run against a budget file. A rule whose selector matches no metric, or whose limit's unit
 * does not apply to a selected metric, is a configuration error ({@link BudgetException}), never a pass.
 */
public final class BudgetChecker {

  /**
   * Checks every rule on every metric it selects.
   *
   * @param comparison the comparison with the baseline, or {@code null} when there is no baseline
   *     (tolerance checks are then SKIPPED)
   * @return one result per (rule, metric, check), in rule order then metric order
   */
  public List<BudgetResult> check(BudgetFile budgets, RunResult run, Comparison comparison) {
    List<BudgetResult> results = new ArrayList<>();
    for (BudgetRule rule : budgets.rules()) {
      List<Metric> selected = run.metrics().stream().filter(m -> rule.selector().matches(m.name()))
          .collect(Collectors.toList());
      if (selected.isEmpty()) {
        throw new BudgetException(budgets.file(), rule.line(), "selector '" + rule.selector()
            + "' matches no metric of run '" + run.runId() + "'" + hint(rule.selector(), run));
      }
      for (Metric metric : selected) {
        rule.absolute().ifPresent(limit -> results.add(checkLimit(budgets, rule, limit, metric)));
        rule.relative().ifPresent(t -> results.add(checkTolerance(rule, t, metric, comparison)));
      }
    }
    return results;
  }

  /**
   * Judges {@code result}'s check again, on another measurement of its metric: the same rule, and for a
   * tolerance check the same baseline entry of {@code comparison}. Used to confirm a failure on a rerun.
   *
   * @param result a result of {@link #check} on the first run
   * @param metric the rerun's metric of the same name
   * @param comparison the first run's comparison with the baseline, or {@code null} when there was none
   */
  public BudgetResult recheck(BudgetFile budgets, BudgetResult result, Metric metric, Comparison comparison) {
    if (!metric.name().equals(result.metric())) {
      throw new IllegalArgumentException("recheck of '" + result.metric() + "' needs a metric of that name, got: '"
          + metric.name() + "'");
    }
    BudgetRule rule = result.rule();
    return result.check() == Check.LIMIT
        ? checkLimit(budgets, rule, rule.absolute().orElseThrow(), metric)
        : checkTolerance(rule, rule.relative().orElseThrow(), metric, comparison);
  }

  private static BudgetResult checkLimit(BudgetFile budgets, BudgetRule rule, Limit limit, Metric metric) {
    double actual;
    String shown;
    if (limit.unit() == null) {
      Dimension d = metric.unit().dimension();
      if (d != Dimension.RATIO && d != Dimension.COUNT) {
        throw new BudgetException(budgets.file(), rule.line(), "limit '" + limit + "' has no unit, but metric '"
            + metric.name() + "' is in '" + metric.unit() + "'; write the unit, e.g. '" + limit + " " + metric.unit() + "'");
      }
      actual = metric.valueIn(d == Dimension.RATIO ? Unit.RATIO : Unit.COUNT);
      shown = Numbers.plain(actual);
    } else {
      if (!metric.unit().convertibleTo(limit.unit())) {
        throw new BudgetException(budgets.file(), rule.line(), "limit unit '" + limit.unit() + "' does not apply to metric '"
            + metric.name() + "' in '" + metric.unit() + "' (" + limit.unit().dimension() + " vs "
            + metric.unit().dimension() + ")");
      }
      actual = metric.valueIn(limit.unit());
      shown = Numbers.plain(actual) + " " + limit.unit();
    }
    boolean holds = limit.holds(actual);
    String message = shown + (holds ? " within " : " breaks ") + "limit " + limit;
    return new BudgetResult(rule, metric.name(), Check.LIMIT, holds ? Outcome.PASS : broken(rule), message);
  }

  private static BudgetResult checkTolerance(BudgetRule rule, double tolerance, Metric metric, Comparison comparison) {
    String allowed = "tolerance " + Numbers.plain(tolerance * 100) + "%";
    if (comparison == null) {
      return new BudgetResult(rule, metric.name(), Check.TOLERANCE, Outcome.SKIPPED, "no baseline; " + allowed + " not checked");
    }
    Optional<MetricComparison> entry = comparison.metric(metric.name());
    if (entry.isEmpty() || entry.get().change() == Change.NEW) {
      return new BudgetResult(rule, metric.name(), Check.TOLERANCE, Outcome.SKIPPED,
          "not in baseline '" + comparison.baselineRunId() + "'; " + allowed + " not checked");
    }
    // Reclassify with this rule's tolerance: another rule may have given the comparison a different one.
    MetricComparison c = BaselineComparator.classify(entry.get().baseline(), metric, tolerance);
    String change = c.deltaIfKnown().map(d -> d.describe()).orElse("?");
    String message = change + " vs baseline '" + comparison.baselineRunId() + "' (" + allowed + "): " + c.change()
        + "; " + c.explanation();
    Outcome outcome = switch (c.change()) {
      case REGRESSED -> broken(rule);
      // Noise around an acceptable value passes; a worse point estimate that the noise cannot confirm warns.
      case INCONCLUSIVE -> c.pointWorseThanTolerance() ? Outcome.WARN : Outcome.PASS;
      default -> Outcome.PASS;
    };
    return new BudgetResult(rule, metric.name(), Check.TOLERANCE, outcome, message);
  }

  private static Outcome broken(BudgetRule rule) {
    return rule.severity() == Severity.FAIL ? Outcome.FAIL : Outcome.WARN;
  }

  private static String hint(Selector selector, RunResult run) {
    String pattern = selector.pattern();
    int dot = pattern.indexOf('.');
    String prefix = dot < 0 ? pattern : pattern.substring(0, dot + 1);
    List<String> near = run.metrics().stream().map(Metric::name).filter(n -> n.startsWith(prefix)).limit(5)
        .collect(Collectors.toList());
    return near.isEmpty() ? "; the run has " + run.metrics().size() + " metrics, none starting with '" + prefix + "'"
        : "; some names starting with '" + prefix + "': " + String.join(", ", near);
  }
}
