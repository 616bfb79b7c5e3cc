package dev.ollamaperf.reports.capacity;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Turns an analysis into settings, each with its numbers. The step it builds on is
 * {@link CapacityAnalysis#chosen()}: with objectives, the highest load that met them; without, the knee.
 * <ul>
 *   <li>{@code OLLAMA_MAX_CONCURRENT} (the application's limiter): that step's users; for a rate sweep,
 *       the requests in flight there by Little's law, {@code ceil(X x mean e2e)}.</li>
 *   <li>{@code OLLAMA_NUM_PARALLEL} (the server): no more slots than the knee (beyond it slots add no
 *       throughput, only KV memory) nor than the application sends; for a rate sweep, the busy slots
 *       {@code ceil(X x mean service time)}; never more than the slot evidence supports
 *       ({@link SlotEvidence#supported()}: the configured slots, the slot-wait onset), since a count the
 *       sweep never ran with is a guess; lowered to what fits when a memory size is given.</li>
 *   <li>Requests per minute one node sustains: 60 x that step's throughput.</li>
 *   <li>Nodes for a target: {@code ceil(target / per-node)}, no headroom added.</li>
 * </ul>
 */
final class Recommender {

    private final CapacityAnalysis analysis;
    private final CapacityStep chosen;

    Recommender(CapacityAnalysis analysis) {
        this.analysis = analysis;
        this.chosen = analysis.chosen();
    }

    /** The slots to plan memory for, before any memory limit. */
    int parallel() {
        int supported = analysis.slotEvidence().supported();
        return supported > 0 ? Math.min(uncapped(), supported) : uncapped();
    }

    /** The slots the throughput curve (or, for a rate sweep, Little's law) asks for, before the slot evidence. */
    private int uncapped() {
        if (analysis.open()) {
            double service = Math.max(
                            0,
                            chosen.latency("e2e").mean()
                                    - chosen.latency("slot_wait").mean())
                    / 1000;
            return (int) Math.max(1, Math.ceil(chosen.throughput() * service - 1e-9));
        }
        double knee = analysis.knee().conclusive() ? analysis.knee().level() : chosen.level();
        return (int) Math.max(1, Math.round(Math.min(knee, chosen.level())));
    }

    /** The recommendations, given the memory plan for {@link #parallel()} slots. */
    List<Recommendation> recommend(MemoryPlan memory) {
        List<Recommendation> out = new ArrayList<>();
        out.add(new Recommendation("OLLAMA_MAX_CONCURRENT", Integer.toString(maxConcurrent()), whyChosen()));
        out.add(numParallel(memory));
        int fleet = analysis.nodes();
        // a fleet's steps are its totals: one node's share is that over the nodes (docs/capacity-method.md, Fleets)
        double rpm = 60 * chosen.throughput() / fleet;
        out.add(new Recommendation(
                "requests per minute per node",
                String.format(Locale.ROOT, "%.0f", rpm),
                String.format(
                        Locale.ROOT,
                        "%.2f req/s measured at %s over %.0f s%s (%.0f output tokens/s in total, %.1f per"
                                + " request)",
                        chosen.throughput(),
                        levelText(chosen),
                        chosen.seconds(),
                        fleet == 1
                                ? ""
                                : String.format(Locale.ROOT, " on a fleet of %d nodes, divided by %d", fleet, fleet),
                        chosen.outputTokensPerSecond(),
                        chosen.perRequestTps())));
        if (analysis.options().targetRpm() > 0) {
            double target = analysis.options().targetRpm();
            long nodes = rpm <= 0 ? 0 : (long) Math.ceil(target / rpm - 1e-9);
            out.add(new Recommendation(
                    "nodes for " + String.format(Locale.ROOT, "%.0f", target) + " req/min",
                    rpm <= 0 ? "unknown" : Long.toString(nodes),
                    String.format(
                            Locale.ROOT,
                            "%.0f / %.0f req/min per node, rounded up; no headroom for failover or peaks",
                            target,
                            rpm)));
        }
        return out;
    }

    private int maxConcurrent() {
        if (analysis.open()) {
            return (int) Math.max(
                    1, Math.ceil(chosen.throughput() * chosen.latency("e2e").mean() / 1000 - 1e-9));
        }
        return (int) Math.round(chosen.level());
    }

    private Recommendation numParallel(MemoryPlan memory) {
        int wanted = parallel();
        Knee knee = analysis.knee();
        String basis = analysis.open()
                ? String.format(
                        Locale.ROOT,
                        "busy slots at %s: %.2f req/s x %.0f ms service (e2e minus slot wait)",
                        levelText(chosen),
                        chosen.throughput(),
                        chosen.latency("e2e").mean()
                                - chosen.latency("slot_wait").mean())
                : knee.conclusive()
                        ? String.format(
                                Locale.ROOT,
                                "min(knee %s, chosen %s): slots beyond the knee add KV memory, not throughput"
                                        + " (knee: %s)",
                                Levels.plain(knee.level()),
                                Levels.plain(chosen.level()),
                                knee.basis())
                        : String.format(Locale.ROOT, "chosen %s; knee: %s", Levels.plain(chosen.level()), knee.basis());
        SlotEvidence evidence = analysis.slotEvidence();
        int supported = evidence.supported();
        basis += "; slot evidence: " + evidence.basis()
                + (supported <= 0
                        ? " (no cap)"
                        : supported < uncapped()
                                ? String.format(Locale.ROOT, ", which caps %d at %d", uncapped(), supported)
                                : String.format(Locale.ROOT, " (supports up to %d)", supported));
        if (memory.availableBytes() > 0 && memory.maxParallelFit() < wanted) {
            if (memory.maxParallelFit() == 0) {
                return new Recommendation(
                        "OLLAMA_NUM_PARALLEL",
                        "1 (does not fit)",
                        basis + "; even 1 slot needs "
                                + Bytes.text(memory.totalBytes() / Math.max(1, memory.parallel())) + "+ of the "
                                + Bytes.text(memory.availableBytes()) + " given");
            }
            return new Recommendation(
                    "OLLAMA_NUM_PARALLEL",
                    Integer.toString(memory.maxParallelFit()),
                    basis + "; lowered from " + wanted + " to fit " + Bytes.text(memory.availableBytes()));
        }
        return new Recommendation("OLLAMA_NUM_PARALLEL", Integer.toString(wanted), basis);
    }

    private String whyChosen() {
        int index = analysis.chosenIndex();
        List<Objective> objectives = analysis.options().objectives();
        if (objectives.isEmpty()) {
            if (!analysis.knee().conclusive()) {
                return analysis.evidenceIndex().isPresent()
                                && index == analysis.evidenceIndex().getAsInt()
                        ? "no objectives given and the knee is inconclusive: the step at the slots the slot evidence supports, "
                                + levelText(chosen) + " ("
                                + analysis.slotEvidence().basis() + "); knee: "
                                + analysis.knee().basis()
                        : "no objectives given and the knee is inconclusive: its candidate, "
                                + analysis.knee().basis();
            }
            return "no objectives given: the knee, " + analysis.knee().basis();
        }
        if (analysis.goodputIndex() < 0) {
            return "no step met the objectives (first step: "
                    + String.join(", ", analysis.checks().get(0)) + "); falling back to the knee";
        }
        String met = objectives.stream()
                .map(o -> String.format(
                        Locale.ROOT,
                        "%s.%s %.0f ms <= %.0f",
                        o.latency(),
                        o.statistic(),
                        o.measured(chosen),
                        o.maxMillis()))
                .collect(Collectors.joining(", "));
        String next = index + 1 < analysis.steps().size()
                ? "; at " + levelText(analysis.steps().get(index + 1)) + ": "
                        + String.join(", ", analysis.checks().get(index + 1))
                : "; the highest level of the sweep (the limit may be higher)";
        return "highest level meeting the objectives, " + levelText(chosen) + ": " + met + next;
    }

    private String levelText(CapacityStep step) {
        return analysis.open() ? Levels.plain(step.level()) + " req/s" : Levels.plain(step.level()) + " users";
    }
}
