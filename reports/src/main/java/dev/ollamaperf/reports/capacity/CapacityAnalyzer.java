package dev.ollamaperf.reports.capacity;

import dev.ollamaperf.results.FormatException;
import dev.ollamaperf.results.FormatFiles;
import dev.ollamaperf.results.ServerInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Analyses a capacity run folder: {@code load/metrics*.json} (the steps), {@code load/sweep.json}
 * (how the sweep ran, memory-plan inputs; optional) and {@code load/server.json} (resident sizes;
 * optional). The rules are in reports/README.md, "Capacity".
 */
public final class CapacityAnalyzer {

    /** A rate step is sustained when it served at least this share of its arrival rate. */
    public static final double SUSTAINED = 0.95;

    /**
     * Analyses the run.
     *
     * @throws FormatException when a file is malformed or the run has no capacity steps
     */
    public CapacityAnalysis analyse(Path runDir, CapacityOptions options) {
        SweepInfo sweep = SweepInfo.read(runDir).orElse(null);
        List<CapacityStep> steps = new StepReader().read(runDir, sweep == null ? Map.of() : sweep.residentBytes());
        if (steps.isEmpty()) {
            throw new FormatException(
                    runDir + ": no capacity steps (scenarios capacity_c<users> or capacity_r<rate> in"
                            + " load/metrics*.json); run the CapacitySimulation first",
                    null);
        }
        return analyse(
                runDir.getFileName().toString(),
                steps,
                StepReader.poissonArrivals(runDir),
                sweep,
                observedSizes(runDir),
                options,
                StepReader.nodes(runDir));
    }

    /** Analyses steps already read, with evenly spaced arrivals for a rate sweep (the harness's default). */
    public CapacityAnalysis analyse(
            String run,
            List<CapacityStep> steps,
            SweepInfo sweep,
            Map<String, Long> observed,
            CapacityOptions options) {
        return analyse(run, steps, false, sweep, observed, options);
    }

    /** Analyses steps already read against one node (tests give synthetic ones). */
    public CapacityAnalysis analyse(
            String run,
            List<CapacityStep> steps,
            boolean poissonArrivals,
            SweepInfo sweep,
            Map<String, Long> observed,
            CapacityOptions options) {
        return analyse(run, steps, poissonArrivals, sweep, observed, options, 1);
    }

    /** Analyses steps already read, measured over {@code nodes} Ollama nodes (a fleet's totals when above 1). */
    public CapacityAnalysis analyse(
            String run,
            List<CapacityStep> steps,
            boolean poissonArrivals,
            SweepInfo sweep,
            Map<String, Long> observed,
            CapacityOptions options,
            int nodes) {
        boolean open = Levels.isRate(steps.get(0).scenario());
        Knee knee = Knee.find(steps, options.kneeShare());
        List<List<String>> checks = new ArrayList<>();
        int goodput = -1;
        for (CapacityStep step : steps) {
            List<String> missed = missed(step, options);
            checks.add(missed);
            if (missed.isEmpty() && goodput == checks.size() - 2) {
                goodput = checks.size() - 1;
            }
        }
        SlotEvidence evidence = evidence(steps, sweep, options, open);
        Slots slots = slots(steps, evidence, knee, open);
        QueueingModel model = QueueingModel.fit(steps, open, poissonArrivals, slots.count(), options.fitPoints());
        CapacityAnalysis draft = new CapacityAnalysis(
                run,
                open,
                steps,
                checks,
                options,
                knee,
                goodput,
                slots.count(),
                slots.source(),
                evidence,
                model,
                model.check(steps),
                List.of(),
                MemoryPlan.of(List.of(), Map.of(), 1, 0, options.cacheType(), 1, 0),
                sweep != null && sweep.stoppedEarly(),
                sweep == null ? "" : sweep.stopReason(),
                nodes);
        Recommender recommender = new Recommender(draft);
        int parallel = recommender.parallel();
        MemoryPlan memory = MemoryPlan.of(
                sweep == null ? inputsFromServer(observed) : sweep.models(),
                observed,
                parallel,
                slots.count(),
                options.cacheType(),
                options.defaultContext(),
                options.memoryBytes());
        return new CapacityAnalysis(
                run,
                open,
                steps,
                checks,
                options,
                knee,
                goodput,
                slots.count(),
                slots.source(),
                evidence,
                model,
                draft.modelChecks(),
                recommender.recommend(memory),
                memory,
                draft.stoppedEarly(),
                draft.stopReason(),
                nodes);
    }

    /**
     * The objectives (and the error ratio) a step missed, each with its numbers. A rate step that
     * served less than {@link #SUSTAINED} of its arrival rate ({@link CapacityStep#servedRate()})
     * misses too: its queue grew through the step, so its percentiles only say how long the step was.
     */
    static List<String> missed(CapacityStep step, CapacityOptions options) {
        List<String> missed = new ArrayList<>();
        if (Levels.isRate(step.scenario()) && step.servedRate() < SUSTAINED * step.level()) {
            missed.add(String.format(
                    Locale.ROOT,
                    "served %.2f of %s req/s (< %.0f%%): not sustainable",
                    step.servedRate(),
                    Levels.plain(step.level()),
                    100 * SUSTAINED));
        }
        if (step.errorRatio() > options.maxErrorRatio()) {
            missed.add(String.format(
                    Locale.ROOT, "errors %.1f%% > %.1f%%", 100 * step.errorRatio(), 100 * options.maxErrorRatio()));
        }
        for (Objective objective : options.objectives()) {
            if (!objective.metBy(step)) {
                missed.add(
                        step.latency(objective.latency()).count() == 0
                                ? objective.latency() + " not measured"
                                : String.format(
                                        Locale.ROOT,
                                        "%s.%s %.0f ms > %.0f ms",
                                        objective.latency(),
                                        objective.statistic(),
                                        objective.measured(step),
                                        objective.maxMillis()));
            }
        }
        return missed;
    }

    /** The slots the server was configured with, and the slot-wait onset ({@link SlotEvidence}). */
    private static SlotEvidence evidence(
            List<CapacityStep> steps, SweepInfo sweep, CapacityOptions options, boolean open) {
        if (options.numParallel() > 0) {
            return SlotEvidence.of(steps, open, options.numParallel(), "--num-parallel");
        }
        if (sweep != null
                && sweep.numParallelSetting().matches("\\d+")
                && Integer.parseInt(sweep.numParallelSetting()) > 0) {
            return SlotEvidence.of(
                    steps, open, Integer.parseInt(sweep.numParallelSetting()), "OLLAMA_NUM_PARALLEL of the run");
        }
        return SlotEvidence.of(steps, open, 0, "");
    }

    /**
     * The server's slots for the queueing model: the configured ones, else (concurrency sweep) the level
     * before the first step with slot wait ({@link SlotEvidence}), else (rate sweep) the most slots busy in
     * a step, else the knee's candidate.
     */
    private static Slots slots(List<CapacityStep> steps, SlotEvidence evidence, Knee knee, boolean open) {
        if (evidence.configured() > 0) {
            return new Slots(evidence.configured(), evidence.configuredSource());
        }
        if (evidence.waitFree() > 0) {
            return new Slots(evidence.waitFree(), "inferred: the highest level without slot wait, before its onset");
        }
        if (open) {
            return busySlots(steps);
        }
        return new Slots(
                (int) Math.max(1, Math.round(knee.level())),
                "assumed: the knee" + (knee.conclusive() ? "" : "'s candidate (the knee itself is inconclusive)"));
    }

    /**
     * A rate sweep's slots: the most busy in any step, served rate x mean service time (Little's law over
     * the slots; service = e2e - slot wait). A step that saturated the server kept every slot busy, so
     * this is the slot count; else a lower bound. The e2e alone (the knee's rate x its e2e) would count the
     * requests waiting for a slot too: 3 for a saturated 2-slot server (issue 14).
     */
    private static Slots busySlots(List<CapacityStep> steps) {
        CapacityStep busiest = steps.get(0);
        for (CapacityStep step : steps) {
            if (busy(step) > busy(busiest)) {
                busiest = step;
            }
        }
        return new Slots(
                (int) Math.max(1, Math.round(busy(busiest))),
                String.format(
                        Locale.ROOT,
                        "inferred: the most slots busy in a step, served rate x mean service (e2e - slot wait):"
                                + " %.2f req/s x %.0f ms at %s req/s%s",
                        busiest.servedRate(),
                        service(busiest),
                        Levels.plain(busiest.level()),
                        SlotEvidence.waited(busiest) ? ", where requests waited for a slot" : " (a lower bound)"));
    }

    private static double busy(CapacityStep step) {
        return step.servedRate() * service(step) / 1000;
    }

    private static double service(CapacityStep step) {
        return Math.max(
                0, step.latency("e2e").mean() - step.latency("slot_wait").mean());
    }

    /** The server's slots and where that number came from. */
    private record Slots(int count, String source) {}

    private static Map<String, Long> observedSizes(Path runDir) {
        Map<String, Long> sizes = new TreeMap<>();
        Path file = runDir.resolve("load/server.json");
        if (Files.isRegularFile(file)) {
            ServerInfo server = FormatFiles.readServer(file);
            server.endpoints().forEach(e -> e.models().forEach(m -> sizes.merge(m.name(), m.sizeBytes(), Math::max)));
        }
        return sizes;
    }

    private static List<SweepInfo.ModelInputs> inputsFromServer(Map<String, Long> observed) {
        List<SweepInfo.ModelInputs> inputs = new ArrayList<>();
        observed.forEach((name, size) -> inputs.add(new SweepInfo.ModelInputs(name, size, 0, 0)));
        return inputs;
    }
}
