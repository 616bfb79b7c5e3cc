package dev.ollamaperf.reports.capacity;

import java.io.PrintWriter;
import java.util.Locale;

/** The terminal view of a capacity analysis: the step table, the knee, the model's fit, the plan. */
public final class CapacityText {

    private CapacityText() {}

    /** Prints the analysis. */
    public static void print(CapacityAnalysis a, PrintWriter out) {
        out.printf(
                Locale.ROOT,
                "Capacity of %s: %s sweep, %d steps%s%n",
                a.run(),
                a.open() ? "arrival-rate (open model)" : "concurrency (closed model)",
                a.steps().size(),
                a.stoppedEarly() ? ", stopped early: " + a.stopReason() : "");
        out.println("  objectives: "
                + (a.options().objectives().isEmpty() ? "none" : a.options().objectives())
                + String.format(
                        Locale.ROOT, ", errors <= %.1f%%", 100 * a.options().maxErrorRatio()));
        out.println();
        out.printf(
                Locale.ROOT,
                "  %-7s %5s %8s %7s %9s %8s %9s %9s %9s %9s %9s %7s %9s %10s  %s%n",
                a.open() ? "req/s" : "users",
                "s",
                "req/s",
                "± 95%",
                "tok/s",
                "tok/s/rq",
                "ttft p50",
                "ttft p95",
                "e2e p50",
                "e2e p95",
                "slot p50",
                "errors",
                "model X",
                "model e2e",
                "");
        for (int i = 0; i < a.steps().size(); i++) {
            CapacityStep s = a.steps().get(i);
            QueueingModel.Check c = a.modelChecks().get(i);
            String mark = (i == a.knee().index() ? " " + kneeMark(a.knee()) : "")
                    + (i == a.goodputIndex() ? " goodput" : "")
                    + (a.checks().get(i).isEmpty()
                            ? ""
                            : "  missed: " + String.join(", ", a.checks().get(i)));
            double half = s.throughputHalfWidth();
            out.printf(
                    Locale.ROOT,
                    "  %-7s %5.0f %8.2f %7s %9.1f %8.1f %9.0f %9.0f %9.0f %9.0f %9.0f %6.1f%% %9.2f %10s %s%n",
                    Levels.plain(s.level()),
                    s.seconds(),
                    s.throughput(),
                    Double.isNaN(half) ? "n/a" : String.format(Locale.ROOT, "%.2f", half),
                    s.outputTokensPerSecond(),
                    s.perRequestTps(),
                    s.latency("ttft").p50(),
                    s.latency("ttft").p95(),
                    s.latency("e2e").p50(),
                    s.latency("e2e").p95(),
                    s.latency("slot_wait").p50(),
                    100 * s.errorRatio(),
                    c.predictedThroughput(),
                    Double.isFinite(c.predictedResponse())
                            ? String.format(Locale.ROOT, "%.0f ms", 1000 * c.predictedResponse())
                            : "unbounded",
                    (c.fitted() ? "(fit)" : "") + mark);
        }
        out.println(
                "  (s = seconds measured; ± 95% = half-width of the throughput's t-interval over its per-second"
                        + " samples; latencies in ms; slot = server-side wait for a parallel slot; model = queueing-model prediction)");
        out.println();
        double[] error = a.heldOutError();
        out.printf(
                Locale.ROOT,
                "Knee: %s (%s)%n",
                a.knee().conclusive()
                        ? Levels.plain(a.knee().level()) + (a.knee().reached() ? "" : ", not reached")
                        : "inconclusive",
                a.knee().basis());
        out.println("Slots: " + a.slotEvidence().basis());
        out.printf(
                Locale.ROOT,
                "Queueing model: S1 = %.0f ms, serial fraction %.2f, %d slots (%s); fitted on %d steps;"
                        + " error on the others: throughput %s, mean e2e %s%n",
                1000 * a.model().s1Seconds(),
                a.model().serialFraction(),
                a.slots(),
                a.slotsSource(),
                a.model().fittedOn(),
                percent(error[0]),
                percent(error[1]));
        out.println();
        out.println("Recommendations:");
        a.recommendations().forEach(r -> out.printf(Locale.ROOT, "  %-32s %-10s %s%n", r.name(), r.value(), r.basis()));
        out.println();
        printMemory(a.memory(), out);
    }

    private static void printMemory(MemoryPlan plan, PrintWriter out) {
        out.printf(
                Locale.ROOT,
                "Memory plan at OLLAMA_NUM_PARALLEL=%d, OLLAMA_KV_CACHE_TYPE=%s:%n",
                plan.parallel(),
                plan.cacheType().setting());
        for (MemoryPlan.ModelMemory m : plan.models()) {
            out.printf(
                    Locale.ROOT,
                    "  %-24s weights %s + KV %s (%d B/token x %d ctx x %d) = %s%s%n",
                    m.name(),
                    Bytes.text(m.weightsBytes()),
                    Bytes.text(m.kvBytes()),
                    m.kvBytesPerToken(),
                    m.contextLength(),
                    plan.parallel(),
                    Bytes.text(m.totalBytes()),
                    m.observedBytes() > 0
                            ? String.format(
                                    Locale.ROOT,
                                    "; seen in /api/ps: %s%s",
                                    Bytes.text(m.observedBytes()),
                                    m.predictedAtTest() > 0
                                            ? " (plan at the test's slots: " + Bytes.text(m.predictedAtTest()) + ")"
                                            : "")
                            : "");
        }
        out.printf(
                Locale.ROOT,
                "  total %s%s%n",
                Bytes.text(plan.totalBytes()),
                plan.availableBytes() <= 0
                        ? ""
                        : plan.fits()
                                ? " fits in " + Bytes.text(plan.availableBytes())
                                : " does NOT fit in " + Bytes.text(plan.availableBytes())
                                        + (plan.maxParallelFit() > 0
                                                ? " (" + plan.maxParallelFit() + " slots would)"
                                                : " (not even with 1 slot)"));
    }

    /** How the knee's candidate is marked in the step table. */
    public static String kneeMark(Knee knee) {
        return knee.verdict() == Knee.Verdict.FOUND
                ? "knee"
                : knee.verdict() == Knee.Verdict.NOT_REACHED ? "knee?" : "knee inconclusive";
    }

    private static String percent(double ratio) {
        return Double.isFinite(ratio) ? String.format(Locale.ROOT, "%.1f%%", 100 * ratio) : "n/a";
    }
}
