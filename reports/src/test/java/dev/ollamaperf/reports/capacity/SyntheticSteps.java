package dev.ollamaperf.reports.capacity;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Capacity steps generated from a known queueing model, so an analysis has a known answer. */
final class SyntheticSteps {

    private SyntheticSteps() {}

    /** A closed sweep at {@code levels} users exactly as {@code model} predicts, 60 s per step. */
    static List<CapacityStep> closed(QueueingModel model, double... levels) {
        List<CapacityStep> steps = new ArrayList<>();
        for (double level : levels) {
            QueueingModel.Prediction p = model.predict(level);
            double service = model.serviceSeconds(Math.min(level, model.slots()));
            steps.add(step(
                    String.format("capacity_c%03d", Math.round(level)),
                    level,
                    p.throughput(),
                    p.responseSeconds() * 1000,
                    (p.responseSeconds() - service) * 1000,
                    0));
        }
        return steps;
    }

    /** An open sweep at {@code rates} exactly as {@code model} predicts (below saturation). */
    static List<CapacityStep> open(QueueingModel model, double... rates) {
        List<CapacityStep> steps = new ArrayList<>();
        for (double rate : rates) {
            QueueingModel.Prediction p = model.predict(rate);
            double a1 = rate * model.s1Seconds();
            double busy = a1 * (1 - model.serialFraction()) / (1 - a1 * model.serialFraction());
            double service = model.serviceSeconds(busy);
            steps.add(step(
                    "capacity_r" + Levels.plain(rate).replace('.', '_'),
                    rate,
                    p.throughput(),
                    p.responseSeconds() * 1000,
                    (p.responseSeconds() - service) * 1000,
                    0));
        }
        return steps;
    }

    /** One step of 60 s with the given throughput, e2e and slot wait (ms, all percentiles alike). */
    static CapacityStep step(
            String name, double level, double throughput, double e2eMs, double slotWaitMs, double errorRatio) {
        long ok = Math.round(throughput * 60);
        long requests = Math.round(ok / (1 - errorRatio));
        return new CapacityStep(
                name,
                level,
                60,
                requests,
                ok,
                ok,
                ok * 50,
                40,
                Map.of(
                        "e2e",
                        flat(ok, e2eMs),
                        "ttft",
                        flat(ok, e2eMs / 4),
                        "slot_wait",
                        flat(ok, Math.max(0, slotWaitMs))),
                0,
                true);
    }

    /**
     * A closed step measured second by second: {@code perSecond[i]} ok requests ended in second i (so the
     * step lasts {@code perSecond.length} seconds and its throughput has an interval), with the given e2e
     * and slot wait (ms, all percentiles alike).
     */
    static CapacityStep sampled(double users, double e2eMs, double slotWaitMs, long... perSecond) {
        long ok = java.util.Arrays.stream(perSecond).sum();
        List<Double> samples =
                java.util.Arrays.stream(perSecond).mapToObj(n -> (double) n).toList();
        return new CapacityStep(
                String.format("capacity_c%03d", Math.round(users)),
                users,
                perSecond.length,
                ok,
                ok,
                ok,
                ok * 50,
                40,
                Map.of("e2e", flat(ok, e2eMs), "ttft", flat(ok, e2eMs / 4), "slot_wait", flat(ok, slotWaitMs)),
                0,
                true,
                samples);
    }

    /**
     * {@code seconds} per-second counts of 0s and 1s (or 1s and 2s...) spread evenly so they add up to
     * {@code rate x seconds}: the per-second record of a step with about one answer a second or less.
     */
    static long[] spread(double rate, int seconds) {
        long[] counts = new long[seconds];
        long total = Math.round(rate * seconds);
        for (int i = 0; i < seconds; i++) {
            counts[i] = Math.round((double) total * (i + 1) / seconds) - Math.round((double) total * i / seconds);
        }
        return counts;
    }

    static CapacityStep withE2e(CapacityStep step, double p95Ms) {
        return new CapacityStep(
                step.scenario(),
                step.level(),
                step.seconds(),
                step.requests(),
                step.ok(),
                step.metObjectives(),
                step.outputTokens(),
                step.perRequestTps(),
                Map.of(
                        "e2e",
                        new LatencySummary(step.ok(), p95Ms, p95Ms, p95Ms, p95Ms, p95Ms, p95Ms),
                        "slot_wait",
                        step.latency("slot_wait")),
                step.residentBytes(),
                true);
    }

    private static LatencySummary flat(long count, double ms) {
        return new LatencySummary(count, ms, ms, ms, ms, ms, ms);
    }
}
