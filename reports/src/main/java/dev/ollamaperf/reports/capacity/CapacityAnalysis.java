package dev.ollamaperf.reports.capacity;

import java.util.List;
import java.util.Objects;

/**
 * A capacity sweep, analysed: the steps and their objective checks, the knee, the highest load that
 * met the objectives, the queueing model beside the measurement, the recommendations and the memory
 * plan.
 *
 * @param run            the run folder's name
 * @param open           a rate sweep (open model) rather than a concurrency sweep
 * @param steps          by level
 * @param checks         per step, the objectives it missed (empty list: met them all)
 * @param options        what was asked
 * @param knee           the knee
 * @param goodputIndex   the last step of the leading run of steps that met every objective, -1 if none
 * @param slots          the server's parallel slots used by the model
 * @param slotsSource    where {@code slots} came from
 * @param slotEvidence   what the sweep shows directly about the slots (configuration, slot-wait onset)
 * @param model          the fitted queueing model
 * @param modelChecks    its prediction of every step
 * @param recommendations with their basis
 * @param memory         the memory plan
 * @param stoppedEarly   the sweep stopped escalating on its own
 * @param stopReason     why, or empty
 * @param nodes          the Ollama nodes the sweep spread its load over (1, or a fleet's; docs/fleets.md): the steps
 *                       are the fleet's totals, the per-node recommendations divide by it
 */
public record CapacityAnalysis(
        String run,
        boolean open,
        List<CapacityStep> steps,
        List<List<String>> checks,
        CapacityOptions options,
        Knee knee,
        int goodputIndex,
        int slots,
        String slotsSource,
        SlotEvidence slotEvidence,
        QueueingModel model,
        List<QueueingModel.Check> modelChecks,
        List<Recommendation> recommendations,
        MemoryPlan memory,
        boolean stoppedEarly,
        String stopReason,
        int nodes) {

    public CapacityAnalysis {
        if (nodes < 1) {
            throw new IllegalArgumentException("'nodes' must be at least 1, got: " + nodes);
        }
        Objects.requireNonNull(run, "run");
        steps = List.copyOf(steps);
        checks = checks.stream().map(List::copyOf).toList();
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(knee, "knee");
        Objects.requireNonNull(slotEvidence, "slotEvidence");
        Objects.requireNonNull(model, "model");
        modelChecks = List.copyOf(modelChecks);
        recommendations = List.copyOf(recommendations);
        Objects.requireNonNull(memory, "memory");
        stopReason = Objects.requireNonNullElse(stopReason, "");
        if (checks.size() != steps.size() || modelChecks.size() != steps.size()) {
            throw new IllegalArgumentException("checks and model checks must have one entry per step, got: "
                    + checks.size() + ", " + modelChecks.size() + " for " + steps.size() + " steps");
        }
    }

    /**
     * The step recommendations are based on: the goodput step with objectives, else the knee; when the
     * noise hid the knee, the step at the slots the slot evidence supports (if the sweep has one), else
     * the knee's candidate (the first step no later one is above beyond the noise).
     */
    public CapacityStep chosen() {
        return steps.get(chosenIndex());
    }

    /** Index of {@link #chosen()}. */
    public int chosenIndex() {
        if (!options.objectives().isEmpty() && goodputIndex >= 0) {
            return goodputIndex;
        }
        int base = knee.conclusive() ? knee.index() : evidenceIndex().orElse(knee.index());
        return goodputIndex >= 0 ? Math.min(goodputIndex, base) : base;
    }

    /** The index of the step at the slots the slot evidence supports, if the sweep has such a step. */
    java.util.OptionalInt evidenceIndex() {
        int supported = slotEvidence.supported();
        for (int i = 0; i < steps.size() && supported > 0 && !open; i++) {
            if (Math.round(steps.get(i).level()) == supported) {
                return java.util.OptionalInt.of(i);
            }
        }
        return java.util.OptionalInt.empty();
    }

    /** Mean relative error of the model on the steps it was not fitted on: {throughput, response}. */
    public double[] heldOutError() {
        return QueueingModel.heldOutError(modelChecks);
    }
}
