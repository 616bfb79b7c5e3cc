package dev.ollamaperf.reports.capacity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The queueing model recovers known parameters from synthetic sweeps, and predicts the rest. */
final class QueueingModelTest {

    @Test
    void fit_closedSweepFromKnownModel_recoversS1AndSerialFractionAndPredictsBeyondTheFit() {
        QueueingModel truth = new QueueingModel(false, 0.8, 0.3, 4, 0);
        List<CapacityStep> steps = SyntheticSteps.closed(truth, 1, 2, 4, 8, 16);

        QueueingModel fitted = QueueingModel.fit(steps, false, 4, 3);

        assertThat(fitted.s1Seconds()).isCloseTo(0.8, within(0.01));
        assertThat(fitted.serialFraction()).isCloseTo(0.3, within(0.01));
        assertThat(fitted.fittedOn()).isEqualTo(3);
        List<QueueingModel.Check> checks = fitted.check(steps);
        assertThat(checks).extracting(QueueingModel.Check::fitted).containsExactly(true, true, true, false, false);
        double[] heldOut = QueueingModel.heldOutError(checks);
        assertThat(heldOut[0]).as("throughput error at 8 and 16 users").isLessThan(0.02);
        assertThat(heldOut[1]).as("response error at 8 and 16 users").isLessThan(0.02);
    }

    @Test
    void predict_closedBeyondSlots_throughputFlatAndResponseGrowsLinearly() {
        QueueingModel model = new QueueingModel(false, 1.0, 0.0, 4, 0);

        assertThat(model.predict(4).throughput()).isCloseTo(4.0, within(1e-9));
        assertThat(model.predict(8).throughput()).isCloseTo(4.0, within(1e-9));
        assertThat(model.predict(8).responseSeconds()).isCloseTo(2.0, within(1e-9));
    }

    @Test
    void erlangC_knownValues_matchTextbook() {
        // M/M/1: P(wait) = rho. M/M/2 at a = 1 (rho 0.5): 1/3.
        assertThat(QueueingModel.erlangC(1, 0.7)).isCloseTo(0.7, within(1e-12));
        assertThat(QueueingModel.erlangC(2, 1.0)).isCloseTo(1.0 / 3, within(1e-12));
    }

    @Test
    void predict_openOneSlotPoissonNoBatching_isMd1ResponseTime() {
        QueueingModel model = new QueueingModel(true, 0.5, 0.0, 1, 0, true);

        // M/D/1 (Pollaczek-Khinchine) with S = 0.5 s at 1.2/s: rho 0.6, Wq = rho S / (2 (1 - rho)) = 0.375 s.
        assertThat(model.predict(1.2).responseSeconds()).isCloseTo(0.875, within(1e-9));
        assertThat(model.predict(2.0).saturated()).isTrue();
    }

    @Test
    void predict_openEvenlySpacedBelowSaturation_noWait() {
        QueueingModel model = new QueueingModel(true, 0.5, 0.0, 1, 0, false);

        assertThat(model.predict(1.9).responseSeconds()).isCloseTo(0.5, within(1e-9));
        assertThat(model.predict(2.1).saturated()).isTrue();
    }

    @Test
    void fit_openSweepFromKnownModel_recoversParametersAndPredictsHigherRates() {
        QueueingModel truth = new QueueingModel(true, 0.5, 0.2, 4, 0);
        List<CapacityStep> steps = SyntheticSteps.open(truth, 2, 3, 3.5, 4, 4.5);

        QueueingModel fitted = QueueingModel.fit(steps, true, 4, 3);

        assertThat(fitted.s1Seconds()).isCloseTo(0.5, within(0.01));
        assertThat(fitted.serialFraction()).isCloseTo(0.2, within(0.01));
        double[] heldOut = QueueingModel.heldOutError(fitted.check(steps));
        assertThat(heldOut[1]).as("response error at 4 and 4.5/s").isLessThan(0.02);
    }

    @Test
    void fit_singlePoint_assumesPerfectBatching() {
        QueueingModel truth = new QueueingModel(false, 0.8, 0.3, 4, 0);
        QueueingModel fitted = QueueingModel.fit(SyntheticSteps.closed(truth, 1), false, 4, 3);

        assertThat(fitted.s1Seconds()).isCloseTo(0.8, within(1e-6));
        assertThat(fitted.serialFraction()).isZero();
    }
}
