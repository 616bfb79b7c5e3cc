package dev.ollamaperf.reports.compare;

import dev.ollamaperf.reports.metric.Direction;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A run compared with its baseline, metric by metric.
 *
 * @param baselineRunId the baseline's run id
 * @param metrics one entry per metric present on either side, sorted by name
 */
public record Comparison(String baselineRunId, List<MetricComparison> metrics) {

    public Comparison {
        Objects.requireNonNull(baselineRunId, "baselineRunId");
        metrics = metrics.stream()
                .sorted(Comparator.comparing(MetricComparison::name))
                .collect(Collectors.toUnmodifiableList());
    }

    /** Returns the comparison of one metric. */
    public Optional<MetricComparison> metric(String name) {
        return metrics.stream().filter(m -> m.name().equals(name)).findFirst();
    }

    /** Returns the entries with this change, in name order. */
    public List<MetricComparison> with(Change change) {
        return metrics.stream().filter(m -> m.change() == change).collect(Collectors.toUnmodifiableList());
    }

    /**
     * Returns the regressions, largest relative worsening first (absolute worsening where there is no
     * relative one), then by name.
     */
    public List<MetricComparison> regressionsBySize() {
        return with(Change.REGRESSED).stream()
                .sorted(Comparator.comparingDouble((MetricComparison m) -> -worsening(m))
                        .thenComparing(MetricComparison::name))
                .collect(Collectors.toUnmodifiableList());
    }

    private static double worsening(MetricComparison m) {
        Delta d = m.delta();
        double signed = d.relative() != null ? d.relative() : d.absolute();
        return m.current().direction() == Direction.LOWER_IS_BETTER ? signed : -signed;
    }
}
