package dev.ollamaperf.reports.capacity;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * What the sweep shows directly about the server's parallel slots, independent of the throughput curve
 * (which a busy machine can bend): the slot count it was configured with, and in a concurrency sweep the
 * onset of slot wait. With c slots, c users never wait for one and c + 1 users do, so the first step whose
 * mean slot wait exceeds max(5 ms, 5% of its mean e2e) shows at most the previous step's users in
 * slots. The mean, not the median, decides: with N users on c slots, N - c requests wait at any moment, so
 * by Little's law the mean wait is (N - c) / X, a large share of a request time, while the median of one
 * step over c can fall either side of the threshold as the requests happen to line up. Slot wait is the server's own account ({@code total - load - prompt_eval - eval}), so a machine
 * slowed by other work lengthens every phase but does not make requests wait for a slot.
 *
 * @param configured       the slots the server was run with ({@code --num-parallel}, else OLLAMA_NUM_PARALLEL as
 *                         the harness saw it), 0 when unknown
 * @param configuredSource where {@code configured} came from, empty when unknown
 * @param onsetIndex       the first step with slot wait, -1 when none waited (or a rate sweep)
 * @param waitFree         the level of the step before the onset: the most slots the onset supports; 0 when there
 *                         is no onset, or slot wait began at the first step
 * @param measured         the sweep measured slot wait at all (a concurrency sweep with slot-wait histograms)
 * @param basis            the numbers behind it, for people
 */
public record SlotEvidence(
        int configured, String configuredSource, int onsetIndex, int waitFree, boolean measured, String basis) {

    public SlotEvidence {
        Objects.requireNonNull(configuredSource, "configuredSource");
        Objects.requireNonNull(basis, "basis");
    }

    /** True when a step waited for a slot. */
    static boolean waited(CapacityStep step) {
        LatencySummary wait = step.latency("slot_wait");
        return wait.count() > 0
                && wait.mean() > Math.max(5, 0.05 * step.latency("e2e").mean());
    }

    /** The evidence of a sweep. */
    static SlotEvidence of(List<CapacityStep> steps, boolean open, int configured, String configuredSource) {
        boolean measured =
                !open && steps.stream().anyMatch(s -> s.latency("slot_wait").count() > 0);
        int onset = -1;
        if (measured) {
            for (int i = 0; i < steps.size() && onset < 0; i++) {
                if (waited(steps.get(i))) {
                    onset = i;
                }
            }
        }
        int waitFree = onset > 0 ? (int) Math.round(steps.get(onset - 1).level()) : 0;
        StringBuilder basis = new StringBuilder();
        if (configured > 0) {
            basis.append(configuredSource).append(": ").append(configured);
        }
        if (measured) {
            basis.append(basis.length() == 0 ? "" : "; ");
            if (onset > 0) {
                CapacityStep at = steps.get(onset);
                CapacityStep before = steps.get(onset - 1);
                basis.append(String.format(
                        Locale.ROOT,
                        "slot wait from %s users (mean %.0f ms; %.0f ms at %s): at most %d slots",
                        Levels.plain(at.level()),
                        at.latency("slot_wait").mean(),
                        before.latency("slot_wait").mean(),
                        Levels.plain(before.level()),
                        waitFree));
            } else if (onset == 0) {
                basis.append(String.format(
                        Locale.ROOT,
                        "slot wait already at %s users (mean %.0f ms): no slot count shown",
                        Levels.plain(steps.get(0).level()),
                        steps.get(0).latency("slot_wait").mean()));
            } else {
                basis.append(String.format(
                        Locale.ROOT,
                        "no slot wait up to %s users: at least that many slots",
                        Levels.plain(steps.get(steps.size() - 1).level())));
            }
        }
        return new SlotEvidence(
                configured,
                configured > 0 ? configuredSource : "",
                onset,
                waitFree,
                measured,
                basis.length() == 0
                        ? "no slot evidence (rate sweep or no slot-wait data, slots not configured)"
                        : basis.toString());
    }

    /**
     * The most slots the evidence supports: the smaller of the configured slots and the slot-wait onset's,
     * 0 when neither bounds them.
     */
    public int supported() {
        if (configured > 0 && waitFree > 0) {
            return Math.min(configured, waitFree);
        }
        return Math.max(configured, waitFree);
    }
}
