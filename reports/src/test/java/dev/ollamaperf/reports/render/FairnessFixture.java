package dev.ollamaperf.reports.render;

import dev.ollamaperf.reports.metric.Direction;
import dev.ollamaperf.reports.metric.Metric;
import dev.ollamaperf.reports.metric.RunResult;
import dev.ollamaperf.reports.metric.Statistic;
import dev.ollamaperf.reports.metric.Unit;
import dev.ollamaperf.reports.read.PairedRunFixture;
import java.util.ArrayList;
import java.util.List;

/** The paired run of {@link PairedRunFixture} with a fairness index over four users (3, 2, 3, 2 answers). */
final class FairnessFixture {

    private FairnessFixture() {}

    static RunResult run() {
        RunResult base = PairedRunFixture.run();
        List<Metric> metrics = new ArrayList<>(base.metrics());
        metrics.add(new Metric(
                "load.steady.integration.fairness.jain",
                Unit.RATIO,
                Direction.HIGHER_IS_BETTER,
                100.0 / 104,
                null,
                4,
                Statistic.VALUE,
                null,
                "load"));
        return new RunResult(
                base.runId(),
                base.timestamp(),
                base.environment(),
                metrics,
                base.status(),
                base.reasons(),
                base.timeSeries(),
                base.memorySamples());
    }
}
